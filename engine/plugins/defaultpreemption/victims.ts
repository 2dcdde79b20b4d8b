// Pure helpers of preemption: victim ordering (upstream pkg/scheduler/util MoreImportantPod,
// GetPodStartTime, GetEarliestPodStartTime) and the PDB split (defaultpreemption
// filterPodsWithPDBViolation).

import type { PdbInfo, PodInfo } from '../../framework/types';

/**
 * The pod's start time in ms, or undefined when it has none. Upstream's GetPodStartTime returns
 * status.startTime or, when unset, time.Now() at the moment of the call: such a pod counts as
 * started "now", i.e. after every pod that has a start time.
 */
export function podStartTime(pi: PodInfo): number | undefined {
  if (pi.startTime !== undefined) return pi.startTime;
  const s = pi.pod.status?.startTime;
  if (s) {
    const t = Date.parse(s);
    if (!Number.isNaN(t)) return t;
  }
  return undefined;
}

/**
 * Upstream util.MoreImportantPod: higher priority first; at equal priority the older pod
 * (earlier start time) is more important.
 *
 * Faithful to upstream's time.Now() fallback: a pod without a start time started "now", which
 * is after any recorded start time; two pods without one compare as now1 < now2, so the first
 * argument is "more important" (true both ways). Go's sort.Slice over this comparator is what
 * gosort.ts reproduces.
 */
export function moreImportantPod(a: PodInfo, b: PodInfo): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  const sa = podStartTime(a);
  const sb = podStartTime(b);
  if (sa === undefined) return sb === undefined;
  if (sb === undefined) return true;
  return sa < sb;
}

/**
 * Upstream util.GetEarliestPodStartTime: the earliest start time among the victims that have the
 * highest priority. `undefined` stands for "now" (no start time): later than any real time.
 */
export function earliestStartTimeOfHighestPriority(victims: PodInfo[]): number | undefined {
  if (victims.length === 0) return undefined;
  let maxPriority = victims[0].priority;
  let earliest = podStartTime(victims[0]);
  for (const v of victims) {
    if (v.priority === maxPriority) {
      const st = podStartTime(v);
      if (st !== undefined && (earliest === undefined || st < earliest)) earliest = st;
    } else if (v.priority > maxPriority) {
      maxPriority = v.priority;
      earliest = podStartTime(v);
    }
  }
  return earliest;
}

/** Does the PDB select this pod (same namespace, non-empty selector matching its labels)? */
export function pdbSelectsPod(pdb: PdbInfo, pi: PodInfo): boolean {
  if (pdb.namespace !== pi.namespace) return false;
  // A nil or empty selector matches nothing (upstream: selector.Empty() || !Matches).
  if (pdb.selector.matchesAll || pdb.selector.matchesNothing) return false;
  return pdb.selector(pi.labels);
}

function hasLabels(pi: PodInfo): boolean {
  for (const _ in pi.labels) return true;
  return false;
}

export interface PdbSplit {
  violating: PodInfo[];
  nonViolating: PodInfo[];
  /** Only when asked (tracing): uid -> names of the PDBs whose budget the pod would exceed. */
  violated?: Map<string, string[]>;
}

/**
 * Upstream filterPodsWithPDBViolation: walks the pods in the given order, spending each matching
 * PDB's disruptionsAllowed; a pod that drives any matching budget below zero is "violating".
 * Pods listed in a PDB's disruptedPods (by name) neither spend nor violate that PDB. Stable: the
 * two groups keep the input order. Budgets are fresh for every call (i.e. per node).
 */
export function filterPodsWithPDBViolation(pods: PodInfo[], pdbs: PdbInfo[], explain = false): PdbSplit {
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  const violated = explain ? new Map<string, string[]>() : undefined;
  if (pdbs.length === 0) {
    for (const p of pods) nonViolating.push(p);
    return { violating, nonViolating, violated };
  }
  const allowed = new Array<number>(pdbs.length);
  for (let i = 0; i < pdbs.length; i++) allowed[i] = pdbs[i].disruptionsAllowed;
  for (const pi of pods) {
    let isViolating = false;
    // A pod with no labels matches no PDB.
    if (hasLabels(pi)) {
      for (let i = 0; i < pdbs.length; i++) {
        const pdb = pdbs[i];
        if (!pdbSelectsPod(pdb, pi)) continue;
        // Already processed by the API server (in DisruptedPods): not counted again.
        if (pdb.disruptedPods.has(pi.name)) continue;
        allowed[i]--;
        if (allowed[i] < 0) {
          isViolating = true;
          if (violated) {
            const list = violated.get(pi.uid);
            if (list) list.push(pdb.name);
            else violated.set(pi.uid, [pdb.name]);
          }
        }
      }
    }
    (isViolating ? violating : nonViolating).push(pi);
  }
  return { violating, nonViolating, violated };
}
