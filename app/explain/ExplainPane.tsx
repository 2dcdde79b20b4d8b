// The Explanation pane: a view of the cursor, like every other pane. It says only what has
// happened up to the current step (app/explain/progress.ts): before a pod's cycle ends the pod is
// "being scheduled" and only the verdicts shown so far are listed; the FitError message appears
// at the step where the cycle fails; later attempts are not mentioned. "Show outcome" jumps to
// the end of the run for whoever just wants the answer.
//
// For the pod in focus (the selected pod, else the pod of the current cycle; at the end of the
// run the first pod that stayed pending): for a pending pod the exact FitError message and the
// nodes grouped by rejection reason, each linking to the node on the canvas and to the trace
// step; for a scheduled pod why its node won (score breakdown vs the runner-up); topology spread
// and preemption when they played a part; and what the current step is doing.
import { memo, useDeferredValue, useMemo } from 'react';
import { useRun } from '../store/run';
import { useUi, type Selection } from '../store/ui';
import { usePlayer } from '../store/player';
import { useFrame, useClusterModel } from '../player/useFrame';
import type { CycleView, Playback, Rejection } from '../player/model';
import type { Frame } from '../player/frame';
import type { ClusterModel } from '../worker/protocol';
import { pluginColor, textOn } from '../colors';
import { fmtCpu, fmtMem } from '../format';
import { NodeLink, StepLink } from './links';
import { PluginScores, StackedScores } from './ScoreChart';
import { SpreadView } from './SpreadView';
import { PreemptionPanel } from './PreemptionPanel';
import { ALL_FILTERS } from '../player/adapter';
import { podAtCursor, stepRank, subjectPod } from './progress';
import { IconEnd } from '../icons';
import { GalleryCard } from '../gallery/GalleryMenu';

function PluginTag({ plugin }: { plugin: string }) {
  return (
    <span className="plugin-tag" style={{ background: pluginColor(plugin), color: textOn(pluginColor(plugin)) }}>
      {plugin}
    </span>
  );
}

interface ReasonGroup {
  plugin: string;
  reason: string;
  nodes: string[];
}

/** Nodes grouped by (plugin, reason), largest group first (only `plugins`' verdicts, when given). */
function groupRejections(cycle: CycleView, plugins?: Set<string>): ReasonGroup[] {
  const groups = new Map<string, ReasonGroup>();
  const add = (node: string, r: Rejection) => {
    const reasons = r.reasons.length ? r.reasons : [r.code];
    for (const reason of reasons) {
      const k = `${r.plugin}\u0000${reason}`;
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { plugin: r.plugin, reason, nodes: [] }));
      g.nodes.push(node);
    }
  };
  for (const n of cycle.examined) {
    const v = cycle.verdicts[n];
    if (v && (!plugins || plugins.has(v.plugin))) add(n, v);
  }
  return [...groups.values()].sort((a, b) => b.nodes.length - a.nodes.length || a.reason.localeCompare(b.reason));
}

function RejectionGroups({ cycle, groups }: { cycle: CycleView; groups: ReasonGroup[] }) {
  const showNodes = 12;
  return (
    <>
      {groups.map((g) => (
        <div className="reason-group" key={`${g.plugin}-${g.reason}`}>
          <div className="reason-title">
            <span className="count">{g.nodes.length}</span>
            <span>{g.reason}</span>
          </div>
          <div style={{ marginTop: 2 }}>
            <PluginTag plugin={g.plugin} />{' '}
            <StepLink cycle={cycle.index} kind="filter" plugin={g.plugin}>
              show the {g.plugin} step
            </StepLink>
          </div>
          <div className="node-links">
            {g.nodes.slice(0, showNodes).map((n) => (
              <NodeLink key={n} name={n} />
            ))}
            {g.nodes.length > showNodes && <span className="muted">+{g.nodes.length - showNodes} more</span>}
          </div>
        </div>
      ))}
    </>
  );
}

function WhyPending({ cycle }: { cycle: CycleView }) {
  const groups = useMemo(() => groupRejections(cycle), [cycle]);
  return (
    <div>
      <h4>Why pending</h4>
      {cycle.message && (
        <p className="fit-message" aria-label="Scheduler message">
          {cycle.message}
        </p>
      )}
      {cycle.preFilterRejection && (
        <div className="reason-group">
          <div className="reason-title">
            <PluginTag plugin={cycle.preFilterRejection.plugin} />
            <span>PreFilter rejected the pod: {cycle.preFilterRejection.reasons.join(', ')}</span>
          </div>
          <StepLink cycle={cycle.index} kind="preFilter">
            show the PreFilter step
          </StepLink>
        </div>
      )}
      <RejectionGroups cycle={cycle} groups={groups} />
      {cycle.skipped
        .filter((s) => s.nodes.length)
        .map((s) => (
          <p key={s.reason} className="muted">
            {s.nodes.length} node{s.nodes.length === 1 ? '' : 's'} not examined (
            {s.reason === 'preFilterResult' ? 'excluded by PreFilter' : s.reason === 'enoughFeasible' ? 'enough feasible nodes found' : s.reason}).
          </p>
        ))}
    </div>
  );
}

function WhyThisNode({ cycle }: { cycle: CycleView }) {
  const ranked = useMemo(
    () => Object.keys(cycle.totals).sort((a, b) => cycle.totals[b] - cycle.totals[a] || (a === cycle.node ? -1 : b === cycle.node ? 1 : 0)),
    [cycle],
  );
  const groups = useMemo(() => groupRejections(cycle), [cycle]);
  if (!cycle.node) return null;
  const runnerUp = ranked.find((n) => n !== cycle.node) ?? null;
  const rejected = cycle.examined.filter((n) => cycle.verdicts[n]).length;
  return (
    <div>
      <h4>Why {cycle.node}</h4>
      {cycle.scoringSkipped || cycle.scorePlugins.length === 0 ? (
        <p>
          {cycle.feasibleNodes <= 1 ? 'It was the only node that passed every filter' : 'Scoring was skipped'}
          {rejected ? ` (${rejected} other node${rejected === 1 ? '' : 's'} rejected)` : ''}.
        </p>
      ) : (
        <>
          <p>
            Highest total score <b>{cycle.totals[cycle.node]}</b>
            {runnerUp ? (
              <>
                {' '}
                vs runner-up <NodeLink name={runnerUp} /> with <b>{cycle.totals[runnerUp]}</b>
              </>
            ) : null}
            {cycle.ties.length > 1 ? ` — tied with ${cycle.ties.length - 1} other node(s); one was picked at random among the ties.` : '.'}
          </p>
          <StackedScores
            cycle={cycle}
            nodes={[cycle.node, ...(runnerUp ? [runnerUp] : [])]}
            highlight={cycle.node}
            label={`Score breakdown of ${cycle.node}${runnerUp ? ` vs ${runnerUp}` : ''}`}
          />
          <table className="score-table">
            <thead>
              <tr>
                <th>Plugin</th>
                <th>{cycle.node}</th>
                {runnerUp && <th>{runnerUp}</th>}
              </tr>
            </thead>
            <tbody>
              {cycle.scorePlugins.map((p) => {
                const a = cycle.scores[cycle.node!]?.[p.name];
                const b = runnerUp ? cycle.scores[runnerUp]?.[p.name] : undefined;
                return (
                  <tr key={p.name}>
                    <td>
                      <PluginTag plugin={p.name} /> <span className="muted">×{p.weight}</span>
                    </td>
                    <td title={a ? `raw ${a.raw}, normalized ${a.normalized}` : ''}>{a ? a.weighted : '—'}</td>
                    {runnerUp && <td title={b ? `raw ${b.raw}, normalized ${b.normalized}` : ''}>{b ? b.weighted : '—'}</td>}
                  </tr>
                );
              })}
              <tr>
                <td>
                  <b>total</b>
                </td>
                <td>
                  <b>{cycle.totals[cycle.node]}</b>
                </td>
                {runnerUp && (
                  <td>
                    <b>{cycle.totals[runnerUp]}</b>
                  </td>
                )}
              </tr>
            </tbody>
          </table>
        </>
      )}
      {groups.length > 0 && (
        <>
          <h4>Nodes that said no</h4>
          <RejectionGroups cycle={cycle} groups={groups} />
        </>
      )}
    </div>
  );
}

/** What the current step shows, in words and numbers. */
function StepDetail({ frame, pb }: { frame: Frame; pb: Playback }) {
  const step = frame.step;
  if (!step) return null;
  const cycle = frame.cycle;
  let body: React.ReactNode = null;
  if (cycle && step.kind === 'filter' && step.plugin === ALL_FILTERS) {
    const passed = cycle.examined.filter((n) => cycle.verdicts[n] === null);
    body = (
      <>
        <div>
          {passed.length} of {cycle.examined.length} examined node{cycle.examined.length === 1 ? '' : 's'} passed every filter plugin:{' '}
          <span className="muted">{cycle.filterPlugins.join(', ')}</span>
        </div>
        <ul className="verdict-list">
          {passed.slice(0, 30).map((n) => (
            <li key={n}>
              <span className="ok">✓</span> <NodeLink name={n} />
            </li>
          ))}
          {passed.length > 30 && <li className="muted">… {passed.length - 30} more</li>}
        </ul>
      </>
    );
  } else if (cycle && step.kind === 'filter' && step.plugin) {
    const rejected = cycle.examined.filter((n) => cycle.verdicts[n]?.plugin === step.plugin);
    const stillIn = cycle.examined.filter((n) => {
      const v = cycle.verdicts[n];
      return !v || cycle.filterPlugins.indexOf(v.plugin) >= frame.filterShown;
    });
    body = (
      <>
        <div>
          {rejected.length} rejected, {stillIn.length} still in
        </div>
        <ul className="verdict-list">
          {rejected.slice(0, 30).map((n) => (
            <li key={n}>
              <span className="no">✗</span> <NodeLink name={n} /> <span className="no">{cycle.verdicts[n]!.reasons.join(', ')}</span>
            </li>
          ))}
          {rejected.length > 30 && <li className="muted">… {rejected.length - 30} more rejected</li>}
          {stillIn.slice(0, 30).map((n) => (
            <li key={n}>
              <span className="ok">✓</span> <NodeLink name={n} />
            </li>
          ))}
          {stillIn.length > 30 && <li className="muted">… {stillIn.length - 30} more still in</li>}
        </ul>
      </>
    );
  } else if (cycle && step.kind === 'score' && step.plugin) {
    body = <PluginScores cycle={cycle} plugin={step.plugin} />;
  } else if (cycle && (step.kind === 'totals' || step.kind === 'select' || step.kind === 'bind') && cycle.scorePlugins.length) {
    const ranked = Object.keys(cycle.totals).sort((a, b) => cycle.totals[b] - cycle.totals[a]);
    body = (
      <>
        {step.kind === 'select' && cycle.ties.length > 1 && (
          <div>
            Tied at {cycle.totals[cycle.ties[0]]}: {cycle.ties.join(', ')} → {cycle.node}
          </div>
        )}
        <StackedScores cycle={cycle} nodes={ranked.slice(0, 12)} highlight={cycle.node} label="Total scores per node" />
      </>
    );
  } else if (cycle && step.kind === 'pop') {
    body = (
      <div>
        {cycle.pod} (priority {cycle.priority}, attempt {cycle.attempt}) leaves the queue; profile {cycle.profile}.
      </div>
    );
  } else if (cycle && step.kind === 'preFilter') {
    body = cycle.preFilterRejection ? (
      <div>
        <PluginTag plugin={cycle.preFilterRejection.plugin} /> {cycle.preFilterRejection.reasons.join(', ')}
      </div>
    ) : (
      <div>
        {cycle.preFilterNodes
          ? `Restricted to ${cycle.preFilterNodes.length} node(s): ${cycle.preFilterNodes.slice(0, 8).join(', ')}`
          : 'All nodes remain candidates.'}
      </div>
    );
  } else if (cycle && step.kind === 'postFilter') {
    body = cycle.preemption?.notEligible ? (
      <div>
        No node passed the filters. PostFilter: not eligible for preemption — <span className="muted">{cycle.preemption.notEligible}</span>
      </div>
    ) : (
      <div>No node passed the filters. PostFilter runs: DefaultPreemption looks for nodes where evicting lower-priority pods would make room.</div>
    );
  } else if (cycle && step.kind === 'candidates' && cycle.preemption) {
    const pre = cycle.preemption;
    const cands = pre.candidates.length ? pre.candidates.map((c) => c.node) : pre.nodes.filter((n) => n.outcome === 'candidate').map((n) => n.node);
    body = cands.length ? (
      <div>
        {cands.length} candidate node{cands.length === 1 ? '' : 's'}:{' '}
        {cands.slice(0, 12).map((n) => (
          <NodeLink key={n} name={n} />
        ))}
        {pre.chosen && (
          <>
            {' '}
            → picked <b>{pre.chosen}</b>
            {pre.decidedBy ? <span className="muted"> ({pre.decidedBy})</span> : null}
          </>
        )}
      </div>
    ) : (
      <div className="fit-message">{pre.message ?? 'No candidate: preemption would not help.'}</div>
    );
  } else if (cycle && step.kind === 'victims' && cycle.preemption) {
    const pre = cycle.preemption;
    body = (
      <div>
        Evicting <span className="victim mono">{pre.victims.join(', ') || '—'}</span> on <b>{pre.chosen}</b>; {cycle.pod} is nominated there and waits for them
        to terminate.
        {pre.reprieved.length > 0 && (
          <div>
            Reprieved: <span className="reprieved mono">{pre.reprieved.join(', ')}</span>
          </div>
        )}
      </div>
    );
  } else if (cycle && step.kind === 'unschedulable') {
    body = <div className="fit-message">{cycle.message}</div>;
  }
  return (
    <div className="step-detail" aria-label="Current step">
      <div className="title">
        Step {frame.cursor + 1}/{pb.steps.length}: {step.label}
      </div>
      {body}
    </div>
  );
}

/** A cycle under way: what it has shown so far, and nothing of its outcome. */
function InProgress({ cycle, frame, attempt }: { cycle: CycleView; frame: Frame; attempt: number }) {
  const step = frame.step!;
  const rank = stepRank(step.kind);
  const shownPlugins = useMemo(() => new Set(cycle.filterPlugins.slice(0, frame.filterShown)), [cycle, frame.filterShown]);
  const groups = useMemo(() => groupRejections(cycle, shownPlugins), [cycle, shownPlugins]);
  const pre = cycle.preemption;
  const preStage = step.kind === 'postFilter' ? 'postFilter' : step.kind === 'candidates' ? 'candidates' : 'victims';
  return (
    <div>
      <p>
        Attempt {attempt} is under way: <b>{step.label}</b>. The outcome shows when the cycle ends.{' '}
        <button type="button" className="linklike" onClick={() => usePlayer.getState().seek(cycle.lastStep)}>
          Skip to the end of this attempt
        </button>
      </p>
      {rank >= stepRank('preFilter') && cycle.preFilterRejection && (
        <div className="reason-group">
          <div className="reason-title">
            <PluginTag plugin={cycle.preFilterRejection.plugin} />
            <span>PreFilter rejected the pod: {cycle.preFilterRejection.reasons.join(', ')}</span>
          </div>
        </div>
      )}
      {groups.length > 0 && (
        <>
          <h4>Nodes that said no so far</h4>
          <RejectionGroups cycle={cycle} groups={groups} />
        </>
      )}
      {pre && rank >= stepRank('postFilter') && (
        <>
          <h4>Preemption</h4>
          <PreemptionPanel pre={pre} nominated={preStage === 'victims' ? pre.chosen : null} cycle={cycle.index} stage={preStage} />
        </>
      )}
      {cycle.spread.length > 0 && rank >= stepRank('preFilter') && (
        <>
          <h4>Topology spread</h4>
          <SpreadView constraints={cycle.spread} node={step.kind === 'select' ? cycle.node : null} />
        </>
      )}
    </div>
  );
}

function PodExplanation({ pod, frame, pb, cluster }: { pod: string; frame: Frame; pb: Playback | null; cluster: ClusterModel }) {
  const at = podAtCursor(pod, pb, frame, cluster);
  const { cycle: shown, phase, attempts } = at;
  const st = at.status;
  // The attempt whose preemption explains the story (the shown one, else the last finished one that preempted).
  const preempting =
    shown && phase === 'after'
      ? shown.preemption && (shown.preemption.candidates.length || shown.preemption.nodes.length || shown.preemption.notEligible)
        ? shown
        : ([...attempts]
            .reverse()
            .map((ci) => pb!.cycles[ci])
            .find((c) => c.preemption && c.preemption.victims.length > 0) ?? null)
      : null;
  const pv = cluster.pods.find((p) => p.key === pod);
  return (
    <div>
      <h3>
        <span className="mono">{pod}</span>
        <span className={`pill ${st.cls}`}>{st.text}</span>
      </h3>
      {pv && (
        <div className="muted" style={{ fontSize: '0.9em' }}>
          {pv.qos} · cpu {fmtCpu(pv.requests.cpu)} · memory {fmtMem(pv.requests.memory)}
          {pv.priority ? ` · priority ${pv.priority}` : ''}
          {pv.line ? (
            <>
              {' · '}
              <button type="button" className="linklike" onClick={() => useUi.getState().revealInEditor(pv.line!)}>
                YAML line {pv.line}
              </button>
            </>
          ) : null}
        </div>
      )}
      {attempts.length > 1 && (
        <div style={{ marginTop: 4, fontSize: '0.9em' }}>
          Attempts so far:{' '}
          {attempts
            .map((ci) => (
              <StepLink key={ci} cycle={ci}>
                {`#${attempts.indexOf(ci) + 1}`}
              </StepLink>
            ))
            .reduce<React.ReactNode[]>((acc, el, i) => (i ? [...acc, ' ', el] : [el]), [])}
        </div>
      )}
      {!shown && pb && (
        <p className="muted">
          {at.more ? 'The scheduler has not tried this pod yet at this point of the playback. ' : ''}
          {at.more && (
            <button type="button" className="linklike" onClick={() => usePlayer.getState().jumpToPod(pod, 'first')}>
              Watch its first attempt
            </button>
          )}
        </p>
      )}
      {shown && phase === 'during' && <InProgress cycle={shown} frame={frame} attempt={attempts.length} />}
      {shown && phase === 'after' && (
        <>
          {attempts.length > 1 && (
            <p className="muted">
              Attempt {attempts.length} (cycle {shown.index + 1}).
            </p>
          )}
          {shown.result === 'Unschedulable' || shown.result === 'Error' ? <WhyPending cycle={shown} /> : null}
          {shown.result === 'Scheduled' ? <WhyThisNode cycle={shown} /> : null}
          {preempting && (
            <>
              <h4>Preemption{preempting !== shown ? ` (attempt ${attempts.indexOf(preempting.index) + 1})` : ''}</h4>
              <PreemptionPanel pre={preempting.preemption!} nominated={preempting.nominatedNode} cycle={preempting.index} />
            </>
          )}
          {shown.spread.length > 0 && (
            <>
              <h4>Topology spread</h4>
              <SpreadView constraints={shown.spread} node={shown.node ?? shown.nominatedNode} />
            </>
          )}
          <div style={{ marginTop: 8 }}>
            <button type="button" className="btn" onClick={() => usePlayer.getState().jumpToCycle(shown.index)}>
              Jump to cycle {shown.index + 1}
            </button>
          </div>
        </>
      )}
    </div>
  );
}

function NodeExplanation({ name, frame, cluster }: { name: string; frame: Frame; cluster: ClusterModel }) {
  const node = cluster.nodes.find((n) => n.name === name);
  if (!node) return null;
  const v = frame.nodes.get(name);
  const pods = [...frame.placements].filter(([, p]) => p.node === name).map(([k]) => k);
  return (
    <div>
      <h3>
        <span className="mono">{name}</span>
        {node.unschedulable && <span className="pill pending">cordoned</span>}
      </h3>
      {frame.cycle && v && (
        <p>
          In this step for {frame.cycle.pod}:{' '}
          {v.state === 'rejected' && v.rejection ? (
            <>
              <PluginTag plugin={v.rejection.plugin} /> <span className="no">{v.rejection.reasons.join(', ')}</span>
            </>
          ) : (
            v.state
          )}
        </p>
      )}
      <p className="muted">
        allocatable cpu {fmtCpu(node.allocatable.cpu)}, memory {fmtMem(node.allocatable.memory)}, pods {node.allocatable.pods}
      </p>
      <h4>Pods here ({pods.length})</h4>
      <div className="node-links">
        {pods.slice(0, 40).map((p) => (
          <button key={p} type="button" className="linklike mono" onClick={() => useUi.getState().select({ kind: 'pod', key: p })}>
            {p}
          </button>
        ))}
      </div>
    </div>
  );
}

export function ExplainPane() {
  const pb = useRun((s) => s.playback);
  const run = useRun((s) => s.result);
  const status = useRun((s) => s.status);
  const message = useRun((s) => s.message);
  const selection = useUi((s) => s.selection);
  const frame = useFrame();
  const cluster = useClusterModel();
  // The pane's body follows the cursor a frame behind the canvas: its render is deferred (and
  // interruptible), so a step's frame is not held up by the text of the Explanation.
  const view = useDeferredValue(useMemo(() => ({ frame, pb, cluster }), [frame, pb, cluster]));
  const atEnd = !pb || frame.cursor >= pb.steps.length - 1;

  return (
    <section className="pane explain-pane" aria-label="Explanation">
      <div className="pane-head">
        <h2>Explanation</h2>
        <span className="spacer" />
        {!atEnd && (
          <button type="button" className="btn small" title="Jump to the end of the run (End)" onClick={() => usePlayer.getState().seekEnd()}>
            Show outcome <IconEnd />
          </button>
        )}
      </div>
      <div className="pane-body">
        {(status === 'crashed' || status === 'error') && message && (
          <div className="banner error" role="alert">
            {message}
          </div>
        )}
        <GalleryCard />
        {run?.note && !pb && <p className="muted">{run.note}</p>}
        <ExplainBody frame={view.frame} pb={view.pb} cluster={view.cluster} selection={selection} />
      </div>
    </section>
  );
}

const ExplainBody = memo(function ExplainBody({ frame, pb, cluster, selection }: { frame: Frame; pb: Playback | null; cluster: ClusterModel; selection: Selection }) {
  const subject = selection?.kind === 'pod' ? selection.key : subjectPod(pb, frame);
  return (
    <>
      {pb && frame.step && <StepDetail frame={frame} pb={pb} />}
      {pb && !frame.step && (
        <div className="step-detail" aria-label="Current step">
          <div className="title">Start: nothing has been scheduled yet</div>
          <div>Press Play or Step forward to watch the scheduler one step at a time, or Show outcome to jump to the end.</div>
        </div>
      )}
      {selection?.kind === 'node' && <NodeExplanation name={selection.name} frame={frame} cluster={cluster} />}
      {subject && <PodExplanation pod={subject} frame={frame} pb={pb} cluster={cluster} />}
      {!subject && selection?.kind !== 'node' && (
        <p className="muted">{pb ? 'Select a pod or a node to see why.' : 'Add a pending pod (one without spec.nodeName) to watch the scheduler place it.'}</p>
      )}
    </>
  );
});
