// The playback model: the engine's trace cut into the steps a person takes with "Step forward"
// (UX.md, "Playback granularity"), plus per-cycle summaries the panels read. Built once per run
// by app/player/adapter.ts; the view at a cursor is app/player/frame.ts. Nothing here decides
// anything about scheduling: every verdict, score and message is the engine's.

export type StepKind =
  | 'pop' // the queue pops a pod: a cycle starts
  | 'preFilter' // PreFilter results (node set restricted, or the pod rejected)
  | 'nominated' // the nominated node is tried first
  | 'filter' // one Filter plugin over every examined node
  | 'postFilter' // PostFilter ran (preemption starts, or is not eligible)
  | 'candidates' // preemption's dry run: candidate nodes and their victims
  | 'victims' // the chosen candidate: victims evicted, nomination set
  | 'unschedulable' // the cycle ends without a node: the FitError message
  | 'score' // one Score plugin: normalized and weighted per node
  | 'totals' // weighted totals summed
  | 'select' // select host (ties flash)
  | 'bind' // reserve ... bind: the pod chip moves
  | 'error' // the cycle ended with an error
  | 'cluster'; // between cycles: pods deleted, cluster changes

export interface Rejection {
  plugin: string;
  code: string;
  reasons: string[];
}

export interface ScoreCell {
  raw: number;
  normalized: number;
  weight: number;
  weighted: number;
}

export interface PreemptionCandidate {
  node: string;
  victims: string[];
  numPDBViolations: number;
  highestPriority?: number;
  sumPriorities?: number;
  numVictims?: number;
}

export interface PreemptionNodeTry {
  node: string;
  outcome: string;
  victims: string[];
  potentialVictims: string[];
  reprieved: string[];
  status?: { plugin: string; reasons: string[] };
}

export interface PreemptionView {
  /** 'notEligible' reason, or null. */
  notEligible: string | null;
  nodes: PreemptionNodeTry[];
  candidates: PreemptionCandidate[];
  chosen: string | null;
  decidedBy: string | null;
  tied: string[];
  victims: string[];
  reprieved: string[];
  clearedNominations: string[];
  message: string | null;
}

export interface SpreadConstraintView {
  topologyKey: string;
  maxSkew: number;
  whenUnsatisfiable: string;
  /** Matching pods per domain (topology value). */
  counts: Record<string, number>;
  /** The global minimum the skew is measured against (minDomains applied). */
  minMatch: number;
  /** 1 when the incoming pod itself matches the selector. */
  selfMatch: number;
  /** Domain of each node (nodes without the key are absent). */
  nodeDomain: Record<string, string>;
}

export interface CycleView {
  index: number;
  pod: string;
  profile: string;
  attempt: number;
  priority: number;
  /** Virtual time (ms) at the start of the cycle. */
  t: number;
  result: 'Scheduled' | 'Unschedulable' | 'Error' | 'Running';
  node: string | null;
  nominatedNode: string | null;
  victims: string[];
  message: string | null;
  evaluatedNodes: number;
  feasibleNodes: number;
  /** PreFilter rejection (all nodes fail with it). */
  preFilterRejection: Rejection | null;
  /** Node set PreFilter restricted the cycle to (null = all). */
  preFilterNodes: string[] | null;
  /** Nodes examined by Filter, in order. */
  examined: string[];
  /** Filter plugins in the order they ran. */
  filterPlugins: string[];
  /** Final verdict per examined node: the rejection, or null when it passed. */
  verdicts: Record<string, Rejection | null>;
  /** Nodes not examined and why. */
  skipped: { reason: string; nodes: string[] }[];
  feasible: string[];
  /** Score plugins in the order they ran, with their weights. */
  scorePlugins: { name: string; weight: number }[];
  /** node -> plugin -> score. */
  scores: Record<string, Record<string, ScoreCell>>;
  totals: Record<string, number>;
  ties: string[];
  scoringSkipped: boolean;
  preemption: PreemptionView | null;
  spread: SpreadConstraintView[];
  /** Step index range [firstStep, lastStep]. */
  firstStep: number;
  lastStep: number;
}

export interface Step {
  kind: StepKind;
  /** Cycle index, or -1 for a between-cycles step. */
  cycle: number;
  /** The plugin of a filter/score step. */
  plugin?: string;
  /** Events covered: [from, to) into Playback.events. */
  from: number;
  to: number;
  t: number;
  /** A short description for the timeline ("Filter · NodeResourcesFit"). */
  label: string;
}

/** Minimal event shape the frame builder reads (a subset of engine/trace/events.ts). */
export type TraceEventLike = { type: string; t: number; cycle?: number } & Record<string, unknown>;

export interface Playback {
  events: TraceEventLike[];
  steps: Step[];
  cycles: CycleView[];
  /** Last cycle index per pod. */
  lastCycleOfPod: Record<string, number>;
  /** Every cycle index per pod. */
  cyclesOfPod: Record<string, number[]>;
  /** Every filter / score plugin seen, in first-seen order (for stable colours). */
  plugins: string[];
}
