// DefaultBinder (upstream pkg/scheduler/framework/plugins/defaultbinder): binds the pod to the
// chosen node through the API. In the simulator the binding itself (setting spec.nodeName and
// moving the assumed pod into the cache for good) is done by the runtime when Bind succeeds,
// so the plugin only reports success.

import type { BindPlugin, CycleState, PluginFactory, PodInfo, Status } from '../../framework/types';

export const Name = 'DefaultBinder';

export class DefaultBinder implements BindPlugin {
  readonly name = Name;
  bind(_state: CycleState, _pod: PodInfo, _nodeName: string): Status | null {
    return null;
  }
}

export const factory: PluginFactory = () => new DefaultBinder();
