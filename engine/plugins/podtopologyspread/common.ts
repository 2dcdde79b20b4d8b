// Shared pieces of the PodTopologySpread plugin (upstream podtopologyspread/common.go and
// helper/spread.go, kube-scheduler v1.35): the parsed constraint, how a pod's constraints (or
// the default constraints) are built, node inclusion policies and pod counting.

import type { Node, Pod, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1';
import { compileLabelSelector, selectorFromSet } from '../../api/labels';
import { doNotScheduleTaintsFilter, findMatchingUntoleratedTaint } from '../../api/tolerations';
import type { ClusterLister, LabelSelectorFn, PodInfo } from '../../framework/types';
import { matchNodeSelectorTerms } from '../../api/labels';

export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';

export type WhenUnsatisfiable = 'DoNotSchedule' | 'ScheduleAnyway';
export type NodeInclusionPolicy = 'Honor' | 'Ignore';

/** upstream topologySpreadConstraint: a v1.TopologySpreadConstraint with its selector parsed. */
export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  selector: LabelSelectorFn;
  /**
   * labels.Selector.Empty(): the selector has no requirements (an empty, non-nil labelSelector).
   * Upstream's countPodsMatchSelector counts nothing for such a selector.
   */
  selectorEmpty: boolean;
  minDomains: number;
  nodeAffinityPolicy: NodeInclusionPolicy;
  nodeTaintsPolicy: NodeInclusionPolicy;
  /**
   * Optional: a string that identifies what the selector matches (equal keys, equal selectors
   * and selectorEmpty), for caching counts across cycles. Undefined when unknown.
   */
  selectorKey?: string;
}

/** The system default constraints (PodTopologySpreadArgs defaultingType: System). */
export const SYSTEM_DEFAULT_CONSTRAINTS: TopologySpreadConstraint[] = [
  { topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: LABEL_TOPOLOGY_ZONE, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
];

function selectorIsEmpty(sel: LabelSelector): boolean {
  return Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0;
}

/**
 * upstream filterTopologySpreadConstraints: the constraints with the given whenUnsatisfiable,
 * parsed, with matchLabelKeys merged into the selector (ANDed) and the nil-field defaults
 * (minDomains 1, nodeAffinityPolicy Honor, nodeTaintsPolicy Ignore).
 */
export function filterConstraints(
  constraints: readonly TopologySpreadConstraint[],
  podLabels: Record<string, string>,
  action: WhenUnsatisfiable,
): SpreadConstraint[] {
  const out: SpreadConstraint[] = [];
  for (const c of constraints) {
    if ((c.whenUnsatisfiable ?? 'DoNotSchedule') !== action) continue;
    let sel: LabelSelector | null | undefined = c.labelSelector;
    let selectorEmpty = sel != null && selectorIsEmpty(sel);
    if (sel != null && c.matchLabelKeys && c.matchLabelKeys.length > 0) {
      // mergeLabelSetWithSelector: the pod's values of matchLabelKeys ANDed with the selector.
      // A nil selector (labels.Nothing()) has no requirements to merge and stays Nothing.
      const extra: LabelSelectorRequirement[] = [];
      for (const k of c.matchLabelKeys) {
        if (Object.hasOwn(podLabels, k)) extra.push({ key: k, operator: 'In', values: [podLabels[k]] });
      }
      if (extra.length > 0) {
        sel = { matchLabels: sel.matchLabels, matchExpressions: [...(sel.matchExpressions ?? []), ...extra] };
        selectorEmpty = false;
      }
    }
    const selectorKey = (selectorEmpty ? 'e' : 's') + (sel == null ? 'nil' : JSON.stringify(sel));
    out.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector: cachedSelector(selectorKey, sel),
      selectorKey,
      selectorEmpty,
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: (c.nodeAffinityPolicy as NodeInclusionPolicy | undefined) ?? 'Honor',
      nodeTaintsPolicy: (c.nodeTaintsPolicy as NodeInclusionPolicy | undefined) ?? 'Ignore',
    });
  }
  return out;
}

/** Compiled selectors by selectorKey (compiling validates every key and value: not per cycle). */
const selectorCache = new Map<string, LabelSelectorFn>();

function cachedSelector(key: string, sel: LabelSelector | null | undefined): LabelSelectorFn {
  let fn = selectorCache.get(key);
  if (fn === undefined) {
    fn = compileLabelSelector(sel);
    if (selectorCache.size >= 4096) selectorCache.clear();
    selectorCache.set(key, fn);
  }
  return fn;
}

/** A selector deduced from Services and the pod's controller, or null when it is empty. */
export interface DefaultSelector {
  fn: LabelSelectorFn;
  /** Identifies what fn matches (see SpreadConstraint.selectorKey). */
  key: string;
}

/** Ids of controller selector objects, for DefaultSelector.key. */
const selectorIds = new WeakMap<object, number>();
let nextSelectorId = 0;
function selectorId(fn: object): number {
  let id = selectorIds.get(fn);
  if (id === undefined) {
    id = ++nextSelectorId;
    selectorIds.set(fn, id);
  }
  return id;
}

function controllerOf(pod: Pod): { apiVersion: string; kind: string; name: string } | null {
  for (const o of pod.metadata?.ownerReferences ?? []) {
    if (o.controller) return o;
  }
  return null;
}

/**
 * upstream helper.DefaultSelector: the labels of every Service selecting the pod, plus the
 * selector of the pod's controlling ReplicationController / ReplicaSet / StatefulSet, ANDed.
 * Returns null when the result has no requirements (selector.Empty()).
 */
export function defaultSelector(pi: PodInfo, lister: ClusterLister | null | undefined): DefaultSelector | null {
  if (!lister) return null;
  const ns = pi.namespace;
  const labelSet: Record<string, string> = {};
  let nLabels = 0;
  const merge = (m: Record<string, string>) => {
    for (const k of Object.keys(m)) {
      if (!Object.hasOwn(labelSet, k)) nLabels++;
      labelSet[k] = m[k];
    }
  };
  for (const svc of lister.services(ns)) {
    if (svc.selector == null) continue; // nil selectors match nothing
    if (selectorFromSet(svc.selector)(pi.labels)) merge(svc.selector);
  }
  const extra: LabelSelectorFn[] = [];
  const owner = controllerOf(pi.pod);
  if (owner) {
    const byName = <T extends { name?: string }>(items: T[], matches: (t: T) => boolean): T[] => {
      if (items.some((i) => i.name !== undefined)) return items.filter((i) => i.name === owner.name);
      return items.filter(matches); // the lister gives no names: every controller selecting the pod
    };
    if (owner.apiVersion === 'v1' && owner.kind === 'ReplicationController') {
      const rcs = byName(lister.replicationControllers(ns), (rc) => rc.selector != null && selectorFromSet(rc.selector)(pi.labels));
      for (const rc of rcs.slice(0, 1)) if (rc.selector) merge(rc.selector);
    } else if (owner.apiVersion === 'apps/v1' && (owner.kind === 'ReplicaSet' || owner.kind === 'StatefulSet')) {
      const items = owner.kind === 'ReplicaSet' ? lister.replicaSets(ns) : lister.statefulSets(ns);
      const found = byName(items, (w) => w.selector(pi.labels));
      for (const w of found.slice(0, 1)) {
        // Requirements() of Everything() is empty and of Nothing() is not ok: neither adds anything.
        if (!w.selector.matchesAll && !w.selector.matchesNothing) extra.push(w.selector);
      }
    }
  }
  if (nLabels === 0 && extra.length === 0) return null;
  const setKeys = Object.keys(labelSet).sort();
  let key = 'd' + JSON.stringify(setKeys.map((k) => [k, labelSet[k]]));
  for (const e of extra) key += '&' + selectorId(e);
  const base = nLabels > 0 ? selectorFromSet(labelSet) : null;
  const fn = ((labels: Record<string, string> | undefined) => {
    if (base && !base(labels)) return false;
    for (let i = 0; i < extra.length; i++) if (!extra[i](labels)) return false;
    return true;
  }) as LabelSelectorFn;
  return { fn, key };
}

/** upstream buildDefaultConstraints. */
export function buildDefaultConstraints(
  pi: PodInfo,
  defaults: readonly TopologySpreadConstraint[],
  action: WhenUnsatisfiable,
  lister: ClusterLister | null | undefined,
): SpreadConstraint[] {
  const cs = filterConstraints(defaults, pi.labels, action);
  if (cs.length === 0) return cs;
  const sel = defaultSelector(pi, lister);
  if (!sel) return [];
  for (const c of cs) {
    c.selector = sel.fn;
    c.selectorEmpty = false;
    c.selectorKey = sel.key;
  }
  return cs;
}

/** Whether the node carries every constraint's topology key (nodeLabelsMatchSpreadConstraints). */
export function nodeHasAllKeys(labels: Record<string, string>, constraints: readonly SpreadConstraint[]): boolean {
  for (let i = 0; i < constraints.length; i++) {
    if (typeof labels[constraints[i].topologyKey] !== 'string') return false;
  }
  return true;
}

/** nodeaffinity.GetRequiredNodeAffinity(pod).Match(node): nodeSelector and required node affinity. */
export type RequiredNodeAffinity = (node: Node) => boolean;

/** The RequiredNodeAffinity of a pod with neither nodeSelector nor required node affinity. */
export const MATCH_ALL_NODES: RequiredNodeAffinity = () => true;

const requiredCache = new WeakMap<Pod, RequiredNodeAffinity>();

/** nodeaffinity.GetRequiredNodeAffinity(pod) (MATCH_ALL_NODES when the pod restricts nothing); memoized per pod object. */
export function requiredNodeAffinity(pod: Pod): RequiredNodeAffinity {
  let r = requiredCache.get(pod);
  if (r === undefined) {
    r = buildRequiredNodeAffinity(pod);
    requiredCache.set(pod, r);
  }
  return r;
}

function buildRequiredNodeAffinity(pod: Pod): RequiredNodeAffinity {
  const ns = pod.spec?.nodeSelector;
  const sel = ns && Object.keys(ns).length > 0 ? selectorFromSet(ns) : null;
  const req = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const terms = req ? (req.nodeSelectorTerms ?? []) : null;
  if (!sel && !terms) return MATCH_ALL_NODES;
  return (node: Node) => {
    if (sel && !sel(node.metadata?.labels ?? {})) return false;
    if (terms) return matchNodeSelectorTerms(node, terms);
    return true;
  };
}

/** topologySpreadConstraint.matchNodeInclusionPolicies. */
export function matchNodeInclusionPolicies(
  c: SpreadConstraint,
  pod: Pod,
  node: Node,
  requiredAffinity: RequiredNodeAffinity,
): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !requiredAffinity(node)) return false;
  if (c.nodeTaintsPolicy === 'Honor') {
    if (findMatchingUntoleratedTaint(node.spec?.taints, pod.spec?.tolerations, doNotScheduleTaintsFilter) !== null) {
      return false;
    }
  }
  return true;
}

/** Whether the pod is terminating (deletionTimestamp set). */
export function isTerminating(pi: PodInfo): boolean {
  return pi.deletionTime != null || pi.pod.metadata?.deletionTimestamp != null;
}

/** upstream countPodsMatchSelector: same namespace, not terminating, matching the selector. */
export function countPodsMatchSelector(pods: readonly PodInfo[], c: SpreadConstraint, ns: string): number {
  if (c.selectorEmpty || pods.length === 0) return 0;
  const sel = c.selector;
  if (sel.matchesNothing) return 0;
  let n = 0;
  for (let i = 0; i < pods.length; i++) {
    const p = pods[i];
    if (p.namespace !== ns || !sel(p.labels) || isTerminating(p)) continue;
    n++;
  }
  return n;
}

/** Whether the labels match the selector of any constraint (podLabelsMatchSpreadConstraints). */
export function labelsMatchAnyConstraint(constraints: readonly SpreadConstraint[], labels: Record<string, string>): boolean {
  for (const c of constraints) if (c.selector(labels)) return true;
  return false;
}
