// Trace events emitted by DefaultPreemption through Handle.trace. They are all
// `{ type: 'preemption', stage, ... }` (engine/trace/events.ts PreemptionEvent); the sink adds
// `t`/`cycle` if it wants to (`t` is also set here, from Handle.now()). Pods are "namespace/name".
// JSON-serializable, deterministic (no wall-clock, no map-order dependence).

/** A filter outcome as recorded in the trace. */
export interface TraceStatus {
  code: string;
  plugin: string;
  reasons: string[];
}

/** The pod may not preempt (preemptionPolicy Never, or victims of an earlier preemption still terminating). */
export interface PreemptionNotEligible {
  type: 'preemption';
  stage: 'notEligible';
  t: number;
  pod: string;
  reason: string;
}

/** Dry run starts: which nodes are examined, from where, and how many candidates are wanted. */
export interface PreemptionStart {
  type: 'preemption';
  stage: 'start';
  t: number;
  pod: string;
  priority: number;
  allNodes: number;
  /** Nodes whose filter status was Unschedulable (UnschedulableAndUnresolvable ones are skipped). */
  potentialNodes: number;
  /** Nodes excluded because preemption cannot help there (UnschedulableAndUnresolvable, or absent). */
  notHelpful: number;
  /** Random start index into the potential nodes (Handle.rand()). */
  offset: number;
  /** Candidates wanted: max(minCandidateNodesAbsolute, potential * minCandidateNodesPercentage / 100), capped. */
  numCandidates: number;
  pdbs: number;
}

/** One reprieve attempt during the dry run on a node, in the order they were tried. */
export interface ReprieveStep {
  pod: string;
  priority: number;
  /** The pod would exceed a PDB's budget if evicted (tried first). */
  pdbViolating: boolean;
  /** Names of the PDBs it would violate. */
  pdbs: string[];
  /** true = added back (the preemptor still fits with it); false = it stays a victim. */
  reprieved: boolean;
  /** When not reprieved: the filter status with the pod added back. */
  status?: TraceStatus;
}

/** The dry run on one node. */
export interface PreemptionNode {
  type: 'preemption';
  stage: 'node';
  t: number;
  pod: string;
  node: string;
  /** Position in the dry-run order (0 = the node at the offset). */
  index: number;
  /**
   * candidate: the preemptor fits after evicting `victims`;
   * noVictims: no pod of lower priority there ("No preemption victims found for incoming pod");
   * doesNotFit: the preemptor does not fit even with every lower-priority pod removed (`status`);
   * cannotFit: the same, proven without a dry run (resources short even without the lower-priority pods);
   * error: a plugin returned an error.
   */
  outcome: 'candidate' | 'noVictims' | 'doesNotFit' | 'cannotFit' | 'error';
  /** Lower-priority pods, most important first (the reprieve order within each PDB group). */
  potentialVictims: string[];
  victims: string[];
  numPDBViolations: number;
  steps: ReprieveStep[];
  status?: TraceStatus;
}

/** The dry run ended without any candidate: the inner FitError message. */
export interface PreemptionNoCandidates {
  type: 'preemption';
  stage: 'noCandidates';
  t: number;
  pod: string;
  message: string;
}

export type PickCriterion =
  | 'single'
  | 'minPDBViolations'
  | 'minHighestPriority'
  | 'minSumPriorities'
  | 'minNumVictims'
  | 'latestStartTime'
  | 'tie';

/** pickOneNodeForPreemption: the candidates, their scores, and the criterion that decided. */
export interface PreemptionPick {
  type: 'preemption';
  stage: 'pick';
  t: number;
  pod: string;
  node: string;
  decidedBy: PickCriterion;
  /** Nodes still tied after the last criterion (a seeded random pick among them; upstream: Go map order). */
  tied?: string[];
  candidates: {
    node: string;
    victims: string[];
    numPDBViolations: number;
    highestPriority: number;
    /** Sum of (priority + 2^31) over the victims, as upstream. */
    sumPriorities: number;
    numVictims: number;
    /** Earliest start time (ms) of the highest-priority victims; null = none recorded ("now"). */
    earliestStartTime: number | null;
  }[];
}

/** The chosen candidate is acted upon: victims evicted, lower-priority nominations cleared. */
export interface PreemptionPrepare {
  type: 'preemption';
  stage: 'prepare';
  t: number;
  pod: string;
  node: string;
  victims: string[];
  /** Victims already terminating: no second deletion. */
  alreadyTerminating: string[];
  /** Lower-priority pods nominated to the node whose nomination was cleared. */
  clearedNominations: string[];
}

/** An error ended preemption (status Error). */
export interface PreemptionError {
  type: 'preemption';
  stage: 'error';
  t: number;
  pod: string;
  message: string;
}

export type PreemptionTraceEvent =
  | PreemptionNotEligible
  | PreemptionStart
  | PreemptionNode
  | PreemptionNoCandidates
  | PreemptionPick
  | PreemptionPrepare
  | PreemptionError;
