// Preemption: the nodes tried in the dry run, the candidates with their victims, the chosen node
// (nominated), reprieved pods, and the victims terminating.
import type { PreemptionView } from '../player/model';
import { NodeLink } from './links';

const OUTCOME: Record<string, string> = {
  candidate: 'candidate',
  noVictims: 'no lower-priority pods',
  doesNotFit: 'does not fit even without them',
  cannotFit: 'cannot fit',
  error: 'error',
};

/**
 * `stage`: how far the cycle has got (the Explanation shows only what has happened):
 * 'postFilter' (preemption starts), 'candidates' (the dry run and the pick), 'victims' or 'done'.
 */
export function PreemptionPanel({
  pre,
  nominated,
  cycle,
  stage = 'done',
}: {
  pre: PreemptionView;
  nominated: string | null;
  cycle: number;
  stage?: 'postFilter' | 'candidates' | 'victims' | 'done';
}) {
  if (pre.notEligible) {
    return (
      <p>
        Not eligible for preemption: <span className="muted">{pre.notEligible}</span>
      </p>
    );
  }
  if (stage === 'postFilter') return <p className="muted">DefaultPreemption looks for nodes where evicting lower-priority pods would make room.</p>;
  const victimsKnown = stage === 'victims' || stage === 'done';
  const cands = pre.candidates.length
    ? pre.candidates
    : pre.nodes.filter((n) => n.outcome === 'candidate').map((n) => ({ node: n.node, victims: n.victims, numPDBViolations: 0 }));
  return (
    <div>
      {nominated && (
        <p>
          Nominated node: <NodeLink name={nominated} cycle={cycle} /> <span className="pill nominated">nominated</span>
          {pre.decidedBy && <span className="muted"> · decided by {pre.decidedBy}</span>}
        </p>
      )}
      {victimsKnown && pre.victims.length > 0 && (
        <p>
          Victims (terminating):{' '}
          {pre.victims.map((v) => (
            <span key={v} className="victim mono">
              {v}{' '}
            </span>
          ))}
        </p>
      )}
      {victimsKnown && pre.reprieved.length > 0 && (
        <p>
          Reprieved:{' '}
          {pre.reprieved.map((v) => (
            <span key={v} className="reprieved mono">
              {v}{' '}
            </span>
          ))}
        </p>
      )}
      {cands.length > 0 && (
        <table className="cand-table" aria-label="Preemption candidates">
          <thead>
            <tr>
              <th>Candidate</th>
              <th>Victims</th>
              <th>PDB</th>
            </tr>
          </thead>
          <tbody>
            {cands.map((c) => (
              <tr key={c.node} className={c.node === pre.chosen ? 'chosen' : undefined}>
                <td>
                  <NodeLink name={c.node} cycle={cycle} />
                  {c.node === pre.chosen ? ' ★' : ''}
                </td>
                <td className="mono" style={{ fontSize: '0.9em' }}>
                  {c.victims.join(', ') || '—'}
                </td>
                <td>{c.numPDBViolations}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pre.nodes.some((n) => n.outcome !== 'candidate') && (
        <details>
          <summary className="muted">Nodes where preemption would not help ({pre.nodes.filter((n) => n.outcome !== 'candidate').length})</summary>
          <ul className="verdict-list">
            {pre.nodes
              .filter((n) => n.outcome !== 'candidate')
              .map((n) => (
                <li key={n.node}>
                  <NodeLink name={n.node} cycle={cycle} /> <span className="muted">{OUTCOME[n.outcome] ?? n.outcome}</span>
                  {n.status && <span className="no"> {n.status.reasons.join(', ')}</span>}
                </li>
              ))}
          </ul>
        </details>
      )}
      {pre.message && <p className="fit-message">{pre.message}</p>}
    </div>
  );
}
