// Web Worker entry: the engine answers the page over comlink. No DOM here.
import { expose } from 'comlink';
import { ENGINE_VERSION, KUBE_SCHEDULER_VERSION } from './version';

export const engineApi = {
  version(): { engine: string; kubeScheduler: string } {
    return { engine: ENGINE_VERSION, kubeScheduler: KUBE_SCHEDULER_VERSION };
  },
};

export type EngineApi = typeof engineApi;

expose(engineApi);
