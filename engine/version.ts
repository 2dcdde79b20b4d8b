/** schedlab's engine version and the upstream kube-scheduler line it reproduces. */
export const ENGINE_VERSION = '0.1.0';
export const KUBE_SCHEDULER_VERSION = 'v1.35';
