// NodeAffinity (upstream pkg/scheduler/framework/plugins/nodeaffinity):
// - PreFilter: skips pods without nodeSelector/required node affinity (and no addedAffinity);
//   restricts the cycle to the node names of matchFields metadata.name In terms (PreFilterResult),
//   rejecting the pod when the terms' name sets conflict.
// - Filter: the scheduler-enforced addedAffinity first, then the pod's nodeSelector AND required
//   node affinity terms.
// - Score: sum of the weights of the matching preferred terms (addedAffinity's and the pod's),
//   normalized with DefaultNormalizeScore.

import type { Node, NodeAffinity as V1NodeAffinity, NodeSelectorTerm, Pod, PreferredSchedulingTerm } from 'kubernetes-types/core/v1';
import { compileNodeSelector, compileNodeSelectorTerm, selectorFromSet, type CompiledNodeSelector, type CompiledNodeSelectorTerm, type CompiledSelector } from '../../api/labels';
import {
  MAX_NODE_SCORE,
  QueueingHint,
  Status,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type NodeInfo,
  type NodeScore,
  type PluginFactory,
  type PodInfo,
  type PreFilterPlugin,
  type PreFilterResult,
  type PreScorePlugin,
  type ScorePlugin,
} from '../../framework/types';
import { defaultNormalizeScore } from '../helper/normalize_score';

export const Name = 'NodeAffinity';
export const ErrReasonPod = "node(s) didn't match Pod's node affinity/selector";
export const ErrReasonEnforced = "node(s) didn't match scheduler-enforced node affinity";
export const ErrReasonConflict = 'pod affinity terms conflict';
const preFilterStateKey = 'PreFilter' + Name;
const preScoreStateKey = 'PreScore' + Name;

/** Upstream's nodeaffinity.RequiredNodeAffinity: the pod's nodeSelector AND its required node affinity. */
export class RequiredNodeAffinity {
  constructor(
    /** null when the pod has no (or an empty) nodeSelector. */
    readonly labelSelector: CompiledSelector | null,
    /** null when the pod has no requiredDuringSchedulingIgnoredDuringExecution. */
    readonly nodeSelector: CompiledNodeSelector | null,
  ) {}

  /** Parse errors of the affinity terms are ignored (such terms match nothing), as upstream. */
  match(node: Node): boolean {
    if (this.labelSelector !== null && !this.labelSelector(node.metadata?.labels)) return false;
    if (this.nodeSelector !== null) return this.nodeSelector.match(node);
    return true;
  }

  /** match(nodeInfo.node), reading the labels through the NodeInfo (the same object, one hop less). */
  matchNodeInfo(nodeInfo: NodeInfo): boolean {
    if (this.labelSelector !== null && !this.labelSelector(nodeInfo.labels)) return false;
    if (this.nodeSelector !== null) return this.nodeSelector.match(nodeInfo.node);
    return true;
  }
}

/** Upstream's GetRequiredNodeAffinity. */
export function getRequiredNodeAffinity(pod: Pod): RequiredNodeAffinity {
  const ns = pod.spec?.nodeSelector;
  const labelSelector = ns != null && Object.keys(ns).length > 0 ? selectorFromSet(ns) : null;
  const req = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const nodeSelector = req != null ? compileNodeSelector(req.nodeSelectorTerms) : null;
  return new RequiredNodeAffinity(labelSelector, nodeSelector);
}

/** Upstream's nodeaffinity.PreferredSchedulingTerms. */
export class PreferredSchedulingTerms {
  private constructor(private readonly terms: { term: CompiledNodeSelectorTerm; weight: number }[]) {}

  /**
   * Upstream's NewPreferredSchedulingTerms: terms with weight 0 or an empty preference are
   * dropped; parse errors are returned as a message instead of the terms.
   */
  static parse(terms: readonly PreferredSchedulingTerm[], path = 'PreferredSchedulingTerms'): PreferredSchedulingTerms | string {
    const parsed: { term: CompiledNodeSelectorTerm; weight: number }[] = [];
    const errors: string[] = [];
    terms.forEach((t, i) => {
      const pref = t.preference;
      const empty = (pref?.matchExpressions?.length ?? 0) === 0 && (pref?.matchFields?.length ?? 0) === 0;
      if (!t.weight || empty) return;
      const c = compileNodeSelectorTerm(pref, `${path}[${i}].`);
      if (c.errors.length) errors.push(...c.errors);
      else parsed.push({ term: c, weight: t.weight });
    });
    if (errors.length) return errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
    return new PreferredSchedulingTerms(parsed);
  }

  /** Sum of the weights of the terms the node matches. */
  score(node: Node): number {
    let s = 0;
    for (let i = 0; i < this.terms.length; i++) if (this.terms[i].term.match(node)) s += this.terms[i].weight;
    return s;
  }
}

/** NodeAffinityArgs (kubescheduler.config.k8s.io/v1). */
export interface NodeAffinityArgs {
  addedAffinity?: V1NodeAffinity | null;
}

export class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = Name;
  readonly addedNodeSelector: CompiledNodeSelector | null = null;
  readonly addedPrefSchedTerms: PreferredSchedulingTerms | null = null;

  constructor(args: NodeAffinityArgs) {
    const added = args.addedAffinity;
    if (added != null) {
      const ns = added.requiredDuringSchedulingIgnoredDuringExecution;
      if (ns != null) {
        const sel = compileNodeSelector(ns.nodeSelectorTerms, 'addedAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms');
        if (sel.errors.length) {
          throw new Error(`parsing addedAffinity.requiredDuringSchedulingIgnoredDuringExecution: ${sel.errors.join(', ')}`);
        }
        this.addedNodeSelector = sel;
      }
      const prefs = added.preferredDuringSchedulingIgnoredDuringExecution;
      if (prefs != null && prefs.length !== 0) {
        const p = PreferredSchedulingTerms.parse(prefs, 'addedAffinity.preferredDuringSchedulingIgnoredDuringExecution');
        if (typeof p === 'string') throw new Error(`parsing addedAffinity.preferredDuringSchedulingIgnoredDuringExecution: ${p}`);
        this.addedPrefSchedTerms = p;
      }
    }
  }

  preFilter(state: CycleState, pi: PodInfo, _nodes: NodeInfo[]): { result: PreFilterResult; status: Status | null } {
    const pod = pi.pod;
    const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    const noNodeAffinity = required == null;
    if (noNodeAffinity && this.addedNodeSelector === null && pod.spec?.nodeSelector == null) {
      // NodeAffinity Filter has nothing to do with the pod.
      return { result: null, status: Status.skip() };
    }
    state.write(preFilterStateKey, getRequiredNodeAffinity(pod));
    const terms: NodeSelectorTerm[] = required?.nodeSelectorTerms ?? [];
    if (noNodeAffinity || terms.length === 0) return { result: null, status: null };

    // Affinity to specific node names (matchFields metadata.name In): terms are ORed, the
    // requirements of a term ANDed.
    let nodeNames: Set<string> | null = null;
    for (const t of terms) {
      let termNodeNames: Set<string> | null = null;
      for (const r of t?.matchFields ?? []) {
        if (r.key === 'metadata.name' && r.operator === 'In') {
          const s = new Set(r.values ?? []);
          if (termNodeNames === null) termNodeNames = s;
          else {
            const inter = new Set<string>();
            for (const n of termNodeNames) if (s.has(n)) inter.add(n);
            termNodeNames = inter;
          }
        }
      }
      // A term without a node-name requirement makes every node eligible.
      if (termNodeNames === null) return { result: null, status: null };
      if (nodeNames === null) nodeNames = new Set();
      for (const n of termNodeNames) nodeNames.add(n);
    }
    if (nodeNames !== null && nodeNames.size === 0) {
      // Every term has conflicting node-name requirements: no node can match.
      return { result: null, status: Status.unresolvable(ErrReasonConflict) };
    }
    if (nodeNames !== null && nodeNames.size > 0) return { result: { nodeNames }, status: null };
    return { result: null, status: null };
  }

  preFilterExtensions(): null {
    return null;
  }

  filter(state: CycleState, pi: PodInfo, nodeInfo: NodeInfo): Status | null {
    const node = nodeInfo.node;
    if (this.addedNodeSelector !== null && !this.addedNodeSelector.match(node)) {
      return Status.unresolvable(ErrReasonEnforced);
    }
    // Fallback when PreFilter did not run (disabled, or it returned Skip).
    const s = state.read<RequiredNodeAffinity>(preFilterStateKey) ?? getRequiredNodeAffinity(pi.pod);
    if (!s.matchNodeInfo(nodeInfo)) return Status.unresolvable(ErrReasonPod);
    return null;
  }

  preScore(state: CycleState, pi: PodInfo, _nodes: NodeInfo[]): Status | null {
    const pref = getPodPreferredNodeAffinity(pi.pod);
    if (typeof pref === 'string') return Status.error(pref);
    if (pref === null && this.addedPrefSchedTerms === null) {
      // NodeAffinity Score has nothing to do with the pod.
      return Status.skip();
    }
    state.write(preScoreStateKey, { preferred: pref });
    return null;
  }

  score(state: CycleState, pi: PodInfo, nodeInfo: NodeInfo): number {
    const node = nodeInfo.node;
    let count = 0;
    if (this.addedPrefSchedTerms !== null) count += this.addedPrefSchedTerms.score(node);
    let s = state.read<{ preferred: PreferredSchedulingTerms | null }>(preScoreStateKey);
    if (s === undefined) {
      const pref = getPodPreferredNodeAffinity(pi.pod);
      if (typeof pref === 'string') throw new Error(pref);
      s = { preferred: pref };
    }
    if (s.preferred !== null) count += s.preferred.score(node);
    return count;
  }

  normalizeScore(_state: CycleState, _pi: PodInfo, scores: NodeScore[]): Status | null {
    return defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    const hint = (pod: Pod, o: unknown, n: unknown) => this.isSchedulableAfterNodeChange(pod, o, n);
    return [
      { event: { resource: 'Node', action: 'Add' }, hint },
      { event: { resource: 'Node', action: 'UpdateNodeLabel' }, hint },
    ];
  }

  private isSchedulableAfterNodeChange(pod: Pod, oldObj: unknown, newObj: unknown): QueueingHint {
    const original = oldObj as Node | null | undefined;
    const modified = newObj as Node | null | undefined;
    if (modified == null) return QueueingHint.Queue;
    if (this.addedNodeSelector !== null && !this.addedNodeSelector.match(modified)) return QueueingHint.Skip;
    const required = getRequiredNodeAffinity(pod);
    if (!required.match(modified)) return QueueingHint.Skip;
    // A new node that matches the pod's affinity.
    if (original == null) return QueueingHint.Queue;
    // An update matters only when it turns a non-matching node into a matching one.
    return required.match(original) ? QueueingHint.Skip : QueueingHint.Queue;
  }
}

/** The pod's preferred node affinity terms: null when it has none, a message when they do not parse. */
export function getPodPreferredNodeAffinity(pod: Pod): PreferredSchedulingTerms | null | string {
  const pref = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
  if (pref == null) return null;
  return PreferredSchedulingTerms.parse(pref);
}

/** Parses NodeAffinityArgs; throws on invalid args. */
export function nodeAffinityArgs(raw: Record<string, unknown> | undefined): NodeAffinityArgs {
  const added = raw?.addedAffinity;
  if (added == null) return {};
  if (typeof added !== 'object' || Array.isArray(added)) throw new Error('addedAffinity: must be an object');
  return { addedAffinity: added as V1NodeAffinity };
}

export const factory: PluginFactory = (args) => new NodeAffinity(nodeAffinityArgs(args));
