// The in-tree plugin registry (upstream pkg/scheduler/framework/plugins/registry.go): plugin
// name -> factory, for every plugin a profile may enable.

import type { PluginFactory } from '../framework/types';
import * as defaultbinder from './defaultbinder';
import * as defaultpreemption from './defaultpreemption';
import * as dynamicresources from './dynamicresources';
import * as imagelocality from './imagelocality';
import * as interpodaffinity from './interpodaffinity';
import * as nodeaffinity from './nodeaffinity';
import * as nodename from './nodename';
import * as nodeports from './nodeports';
import * as noderesources from './noderesources';
import * as nodeunschedulable from './nodeunschedulable';
import * as nodevolumelimits from './nodevolumelimits';
import * as podtopologyspread from './podtopologyspread';
import * as prioritysort from './prioritysort';
import * as schedulinggates from './schedulinggates';
import * as tainttoleration from './tainttoleration';
import * as volumebinding from './volumebinding';
import * as volumerestrictions from './volumerestrictions';
import * as volumezone from './volumezone';

export type Registry = ReadonlyMap<string, PluginFactory>;

function build(): Map<string, PluginFactory> {
  const r = new Map<string, PluginFactory>();
  const add = (name: string, f: PluginFactory) => {
    if (r.has(name)) throw new Error(`plugin ${name} registered twice`);
    r.set(name, f);
  };
  add(schedulinggates.Name, schedulinggates.factory);
  add(prioritysort.Name, prioritysort.factory);
  add(nodeunschedulable.Name, nodeunschedulable.factory);
  add(nodename.Name, nodename.factory);
  add(tainttoleration.Name, tainttoleration.factory);
  add(nodeaffinity.Name, nodeaffinity.factory);
  add(nodeports.Name, nodeports.factory);
  add(noderesources.FitName, noderesources.fitFactory);
  add(noderesources.BalancedAllocationName, noderesources.balancedAllocationFactory);
  add(volumerestrictions.Name, volumerestrictions.factory);
  add(nodevolumelimits.Name, nodevolumelimits.factory);
  add(volumebinding.Name, volumebinding.factory);
  add(volumezone.Name, volumezone.factory);
  add(podtopologyspread.Name, podtopologyspread.factory);
  add(interpodaffinity.Name, interpodaffinity.factory);
  add(dynamicresources.Name, dynamicresources.factory);
  add(defaultpreemption.Name, defaultpreemption.factory);
  add(imagelocality.Name, imagelocality.factory);
  add(defaultbinder.Name, defaultbinder.factory);
  return r;
}

/** Every in-tree plugin by name. */
export const inTreeRegistry: Registry = build();
