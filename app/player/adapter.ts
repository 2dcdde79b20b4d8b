// The one place that reads the engine's trace format (engine/trace/events.ts and the
// DefaultPreemption events of engine/plugins/defaultpreemption/trace.ts) and turns it into the
// playback model (app/player/model.ts). Unknown event types are ignored, as the contract asks.
import type {
  CycleEndEvent,
  CycleStartEvent,
  FilterEvent,
  NodeVerdictEvent,
  NodesSkippedEvent,
  PreFilterDoneEvent,
  ScoreEvent,
  ScoreTotalsEvent,
  SelectHostEvent,
} from '../../engine/trace/events';
import type { CycleView, Playback, PreemptionView, Rejection, SpreadConstraintView, Step, StepKind, TraceEventLike } from './model';

function emptyCycle(ev: CycleStartEvent, index: number): CycleView {
  return {
    index,
    pod: ev.pod,
    profile: ev.profile,
    attempt: ev.attempt,
    priority: ev.priority,
    t: ev.t,
    result: 'Running',
    node: null,
    nominatedNode: null,
    victims: [],
    message: null,
    evaluatedNodes: 0,
    feasibleNodes: 0,
    preFilterRejection: null,
    preFilterNodes: null,
    examined: [],
    filterPlugins: [],
    verdicts: {},
    skipped: [],
    feasible: [],
    scorePlugins: [],
    scores: {},
    totals: {},
    ties: [],
    scoringSkipped: false,
    preemption: null,
    spread: [],
    firstStep: 0,
    lastStep: 0,
  };
}

function emptyPreemption(): PreemptionView {
  return {
    notEligible: null,
    nodes: [],
    candidates: [],
    chosen: null,
    decidedBy: null,
    tied: [],
    victims: [],
    reprieved: [],
    clearedNominations: [],
    message: null,
  };
}

/** The plugin of the closing filter step (every plugin shown). */
export const ALL_FILTERS = '*';

const MEANINGFUL_BETWEEN = new Set(['podDeleted', 'clusterChange', 'eviction']);

export function buildPlayback(raw: unknown[]): Playback {
  const events = raw as TraceEventLike[];
  const steps: Step[] = [];
  const cycles: CycleView[] = [];
  const cyclesOfPod: Record<string, number[]> = {};
  const lastCycleOfPod: Record<string, number> = {};
  const plugins: string[] = [];
  const seenPlugin = new Set<string>();
  const notePlugin = (p: string) => {
    if (!seenPlugin.has(p)) {
      seenPlugin.add(p);
      plugins.push(p);
    }
  };

  let i = 0;
  let pendingFrom = 0; // first event not yet covered by a step
  const n = events.length;

  const pushStep = (kind: StepKind, cycle: number, to: number, label: string, plugin?: string) => {
    const from = pendingFrom;
    const t = events[Math.max(0, Math.min(n - 1, to - 1))]?.t ?? 0;
    steps.push({ kind, cycle, plugin, from, to: Math.max(to, from), t, label });
    pendingFrom = Math.max(to, from);
  };

  while (i < n) {
    const ev = events[i];
    if (ev.type !== 'cycleStart') {
      // Between cycles: a step of its own when the cluster changes; otherwise folded into the next pop.
      let j = i;
      let meaningful = false;
      while (j < n && events[j].type !== 'cycleStart') {
        if (MEANINGFUL_BETWEEN.has(events[j].type)) meaningful = true;
        j++;
      }
      if (meaningful || j === n) {
        if (meaningful) pushStep('cluster', -1, j, betweenLabel(events, i, j));
        else if (steps.length) steps[steps.length - 1].to = j;
      }
      i = j;
      continue;
    }

    // ---- one cycle: events [i, end] -----------------------------------------------------------
    const start = ev as unknown as CycleStartEvent;
    const ci = cycles.length;
    const cv = emptyCycle(start, ci);
    cycles.push(cv);
    (cyclesOfPod[cv.pod] ??= []).push(ci);
    lastCycleOfPod[cv.pod] = ci;
    let end = i + 1;
    while (end < n && events[end].type !== 'cycleEnd' && events[end].type !== 'cycleStart') end++;
    const hasEnd = end < n && events[end].type === 'cycleEnd';
    const last = hasEnd ? end : end - 1;

    // Gather.
    let lastPreFilter = -1;
    let lastFilter = -1;
    let nominatedAt = -1;
    let lastPostFilter = -1;
    let lastCandidates = -1;
    let lastVictims = -1;
    let lastScore = -1;
    let totalsAt = -1;
    let selectAt = -1;
    const filterOrder: string[] = [];
    const scoreOrder: string[] = [];
    const examinedSet = new Set<string>();
    let pre: PreemptionView | null = null;
    for (let k = i + 1; k <= last; k++) {
      const e = events[k];
      switch (e.type) {
        case 'preFilter':
          lastPreFilter = k;
          break;
        case 'preFilterDone': {
          const d = e as unknown as PreFilterDoneEvent;
          lastPreFilter = k;
          cv.preFilterNodes = d.nodes;
          if (d.code !== 'Success' && d.code !== 'Skip' && d.plugin) {
            cv.preFilterRejection = { plugin: d.plugin, code: d.code, reasons: d.reasons };
            notePlugin(d.plugin);
          }
          break;
        }
        case 'nominatedNode':
          nominatedAt = k;
          break;
        case 'filter': {
          const f = e as unknown as FilterEvent;
          lastFilter = k;
          if (!filterOrder.includes(f.plugin)) filterOrder.push(f.plugin);
          notePlugin(f.plugin);
          if (!examinedSet.has(f.node)) {
            examinedSet.add(f.node);
            cv.examined.push(f.node);
          }
          break;
        }
        case 'nodeVerdict': {
          const v = e as unknown as NodeVerdictEvent;
          lastFilter = k;
          if (!examinedSet.has(v.node)) {
            examinedSet.add(v.node);
            cv.examined.push(v.node);
          }
          cv.verdicts[v.node] = v.plugin ? { plugin: v.plugin, code: v.code, reasons: v.reasons } : null;
          if (v.plugin && !filterOrder.includes(v.plugin)) filterOrder.push(v.plugin);
          break;
        }
        case 'nodesSkipped': {
          const s = e as unknown as NodesSkippedEvent;
          cv.skipped.push({ reason: s.reason, nodes: s.nodes });
          break;
        }
        case 'postFilter':
          lastPostFilter = k;
          break;
        case 'preemption': {
          pre ??= emptyPreemption();
          const stage = String(e.stage);
          if (stage === 'notEligible') {
            pre.notEligible = String(e.reason ?? '');
            lastPostFilter = Math.max(lastPostFilter, k);
          } else if (stage === 'start') {
            lastPostFilter = Math.max(lastPostFilter, k);
          } else if (stage === 'node') {
            const steps = (e.steps as { pod: string; reprieved: boolean }[] | undefined) ?? [];
            const status = e.status as { plugin: string; reasons: string[] } | undefined;
            pre.nodes.push({
              node: String(e.node),
              outcome: String(e.outcome),
              victims: (e.victims as string[]) ?? [],
              potentialVictims: (e.potentialVictims as string[]) ?? [],
              reprieved: steps.filter((s) => s.reprieved).map((s) => s.pod),
              status: status ? { plugin: status.plugin, reasons: status.reasons } : undefined,
            });
            lastCandidates = k;
          } else if (stage === 'noCandidates') {
            pre.message = String(e.message ?? '');
            lastCandidates = k;
          } else if (stage === 'pick') {
            pre.chosen = String(e.node);
            pre.decidedBy = String(e.decidedBy ?? '');
            pre.tied = (e.tied as string[]) ?? [];
            pre.candidates = ((e.candidates as PreemptionView['candidates']) ?? []).map((c) => ({ ...c }));
            lastCandidates = k;
          } else if (stage === 'prepare') {
            pre.chosen = String(e.node);
            pre.victims = (e.victims as string[]) ?? [];
            pre.clearedNominations = (e.clearedNominations as string[]) ?? [];
            lastVictims = k;
          } else if (stage === 'error') {
            pre.message = String(e.message ?? '');
          }
          break;
        }
        case 'eviction':
          lastVictims = Math.max(lastVictims, k);
          break;
        case 'topologySpread': {
          // Optional (if the engine records it): PodTopologySpread's PreFilter state.
          const cs = (e.constraints as SpreadConstraintView[] | undefined) ?? [];
          cv.spread = cs.map((c) => ({ ...c, nodeDomain: c.nodeDomain ?? {} }));
          break;
        }
        case 'score': {
          const s = e as unknown as ScoreEvent;
          lastScore = k;
          if (!scoreOrder.includes(s.plugin)) {
            scoreOrder.push(s.plugin);
            cv.scorePlugins.push({ name: s.plugin, weight: s.weight });
          }
          notePlugin(s.plugin);
          (cv.scores[s.node] ??= {})[s.plugin] = { raw: s.raw, normalized: s.normalized, weight: s.weight, weighted: s.weighted };
          break;
        }
        case 'scoreTotals': {
          const s = e as unknown as ScoreTotalsEvent;
          totalsAt = k;
          for (const tt of s.totals) cv.totals[tt.node] = tt.total;
          cv.feasible = s.totals.map((tt) => tt.node);
          break;
        }
        case 'selectHost': {
          const s = e as unknown as SelectHostEvent;
          selectAt = k;
          cv.ties = s.ties;
          cv.scoringSkipped = s.scoringSkipped;
          cv.node = s.node;
          break;
        }
        default:
          break;
      }
    }
    if (hasEnd) {
      const ce = events[end] as unknown as CycleEndEvent;
      cv.result = ce.result;
      cv.node = ce.node;
      cv.nominatedNode = ce.nominatedNode;
      cv.victims = ce.victims;
      cv.message = ce.message;
      cv.evaluatedNodes = ce.evaluatedNodes;
      cv.feasibleNodes = ce.feasibleNodes;
    }
    if (!cv.feasible.length) cv.feasible = cv.examined.filter((nd) => cv.verdicts[nd] === null);
    if (pre) {
      pre.reprieved = pre.chosen ? (pre.nodes.find((x) => x.node === pre!.chosen)?.reprieved ?? []) : [];
      if (!pre.victims.length && pre.chosen) pre.victims = pre.candidates.find((c) => c.node === pre!.chosen)?.victims ?? cv.victims;
      cv.preemption = pre;
    }
    cv.filterPlugins = filterOrder;

    // Steps, in the order a person reads them.
    const short = cv.pod;
    cv.firstStep = steps.length;
    pushStep('pop', ci, i + 1, `${short} popped from the queue`);
    if (lastPreFilter >= 0) pushStep('preFilter', ci, lastPreFilter + 1, cv.preFilterRejection ? `PreFilter · ${cv.preFilterRejection.plugin} rejected` : 'PreFilter');
    if (nominatedAt >= 0) pushStep('nominated', ci, nominatedAt + 1, `Nominated node ${String(events[nominatedAt].node)} tried first`);
    // One step per Filter plugin that rejected a node (nodes turn red together), then one step
    // where the nodes that passed every plugin turn green.
    if (filterOrder.length) {
      const rejecting = filterOrder.filter((p) => cv.examined.some((nd) => cv.verdicts[nd]?.plugin === p));
      for (const p of rejecting) {
        const count = cv.examined.filter((nd) => cv.verdicts[nd]?.plugin === p).length;
        pushStep('filter', ci, pendingFrom, `Filter · ${p} rejects ${count} node${count === 1 ? '' : 's'}`, p);
      }
      const passed = cv.examined.filter((nd) => cv.verdicts[nd] === null).length;
      pushStep('filter', ci, lastFilter + 1, `Filter · ${passed} node${passed === 1 ? '' : 's'} passed all ${filterOrder.length} filter plugins`, ALL_FILTERS);
    }
    const unsched = cv.result === 'Unschedulable';
    if (lastPostFilter >= 0 || (unsched && pre)) pushStep('postFilter', ci, Math.max(lastPostFilter + 1, pendingFrom), pre?.notEligible ? 'PostFilter · not eligible for preemption' : 'PostFilter · preemption');
    if (lastCandidates >= 0) pushStep('candidates', ci, lastCandidates + 1, `Preemption · ${pre?.candidates.length || pre?.nodes.filter((x) => x.outcome === 'candidate').length || 0} candidate(s)`);
    if (lastVictims >= 0) pushStep('victims', ci, lastVictims + 1, `Preemption · ${pre?.victims.length ?? 0} victim(s) on ${pre?.chosen ?? '?'}`);
    scoreOrder.forEach((p, idx) => pushStep('score', ci, idx === scoreOrder.length - 1 ? lastScore + 1 : pendingFrom, `Score · ${p}`, p));
    if (totalsAt >= 0 && scoreOrder.length) pushStep('totals', ci, totalsAt + 1, 'Normalize and weight: totals');
    if (selectAt >= 0) pushStep('select', ci, selectAt + 1, cv.ties.length > 1 ? `Select host · ${cv.ties.length} tied` : `Select host · ${cv.node}`);
    if (cv.result === 'Scheduled') pushStep('bind', ci, last + 1, `Bind ${short} → ${cv.node}`);
    else if (cv.result === 'Unschedulable') pushStep('unschedulable', ci, last + 1, cv.nominatedNode ? `Unschedulable · nominated ${cv.nominatedNode}` : 'Unschedulable');
    else pushStep('error', ci, last + 1, cv.result === 'Error' ? 'Error' : 'Cycle cut short');
    cv.lastStep = steps.length - 1;
    i = last + 1;
  }
  return { events, steps, cycles, cyclesOfPod, lastCycleOfPod, plugins };
}

function betweenLabel(events: TraceEventLike[], from: number, to: number): string {
  const parts: string[] = [];
  let deleted = 0;
  for (let k = from; k < to; k++) {
    const e = events[k];
    if (e.type === 'podDeleted') deleted++;
    else if (e.type === 'clusterChange') parts.push(`${String(e.action)} ${String(e.target)}`);
    else if (e.type === 'eviction') parts.push(`evict ${String(e.pod)}`);
  }
  if (deleted) parts.unshift(deleted === 1 ? 'a pod is gone' : `${deleted} pods are gone`);
  return parts.join(', ') || 'cluster changes';
}

export type { Rejection };
