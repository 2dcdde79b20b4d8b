// noderesources: NodeResourcesFit and NodeResourcesBalancedAllocation (upstream
// pkg/scheduler/framework/plugins/noderesources).

export { FitName, Fit, fitFactory, fits, fitsRequest, type InsufficientResource } from './fit';
export { BalancedAllocationName, BalancedAllocation, balancedAllocationFactory } from './balanced_allocation';
export { fitArgs, balancedAllocationArgs, type NodeResourcesFitArgs, type NodeResourcesBalancedAllocationArgs } from './args';

import { FitName, fitFactory } from './fit';
/** The folder's primary plugin (NodeResourcesFit), for registries that expect Name/factory. */
export const Name = FitName;
export const factory = fitFactory;
