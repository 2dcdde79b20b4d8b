import { describe, expect, it } from 'vitest';
import type { CycleRecord } from '../../engine/scheduler/schedule_one';
import { explainMarkdown, mdCode, mdEscape } from './markdown';

const pending: CycleRecord = {
  index: 2,
  t: 1500,
  pod: 'default/web-7',
  profile: 'default-scheduler',
  attempt: 2,
  result: 'Unschedulable',
  node: null,
  nominatedNode: null,
  victims: [],
  message: '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint(s). preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
  evaluatedNodes: 3,
  feasibleNodes: 0,
  filter: {
    'node-1': { plugin: 'NodeResourcesFit', reasons: ['Insufficient cpu'] },
    'node-2': { plugin: 'TaintToleration', reasons: ['node(s) had untolerated taint(s)'] },
    'node-3': { plugin: 'TaintToleration', reasons: ['node(s) had untolerated taint(s)'] },
  },
};

const scheduled: CycleRecord = {
  index: 0,
  t: 0,
  pod: 'shop/api-0',
  profile: 'default-scheduler',
  attempt: 1,
  result: 'Scheduled',
  node: 'node-b',
  nominatedNode: null,
  victims: [],
  message: null,
  evaluatedNodes: 3,
  feasibleNodes: 2,
  ties: ['node-b'],
  filter: { 'node-a': { plugin: 'NodeAffinity', reasons: ["node(s) didn't match Pod's node affinity/selector"] }, 'node-b': null, 'node-c': null },
  scores: {
    'node-c': { total: 150, plugins: { NodeResourcesFit: 50, TaintToleration: 100 } },
    'node-b': { total: 275, plugins: { NodeResourcesFit: 75, TaintToleration: 100 } },
  },
};

describe('explainMarkdown', () => {
  it('explains a pending pod: message, one row per node', () => {
    const md = explainMarkdown(pending, { scenario: 'Taints' });
    expect(md).toBe(`### Why \`default/web-7\` is Pending

> 0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint(s). preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.

Cycle 3 · attempt 2 · profile \`default-scheduler\` · at t = 1.5 s · 3 nodes examined, 0 feasible — scenario “Taints”.

#### Filter

| Node | Verdict | Plugin | Reason |
|---|---|---|---|
| node-1 | ❌ rejected | NodeResourcesFit | Insufficient cpu |
| node-2 | ❌ rejected | TaintToleration | node(s) had untolerated taint(s) |
| node-3 | ❌ rejected | TaintToleration | node(s) had untolerated taint(s) |

_Simulated with schedlab (kube-scheduler v1.35 semantics)._
`);
  });

  it('explains a scheduled pod with scores, ranked, the chosen node starred', () => {
    const md = explainMarkdown(scheduled, { weights: { NodeResourcesFit: 1, TaintToleration: 3 }, link: 'https://x.test/#s1=abc' });
    expect(md).toContain('### Why `shop/api-0` was scheduled on `node-b`');
    expect(md).toContain('| Node | Total | NodeResourcesFit ×1 | TaintToleration ×3 |');
    const rows = md.split('\n').filter((l) => l.startsWith('| node-'));
    expect(rows.slice(-2)).toEqual(['| node-b ★ | 275 | 75 | 100 |', '| node-c | 150 | 50 | 100 |']);
    expect(md).toContain("| node-a | ❌ rejected | NodeAffinity | node(s) didn't match Pod's node affinity/selector |");
    expect(md).toContain('[open this view](https://x.test/#s1=abc)');
  });

  it('groups verdicts on large clusters', () => {
    const filter: CycleRecord['filter'] = {};
    for (let i = 0; i < 500; i++) filter[`n-${i}`] = i < 480 ? { plugin: 'NodeResourcesFit', reasons: ['Insufficient memory'] } : i < 499 ? { plugin: 'TaintToleration', reasons: ['node(s) had untolerated taint(s)'] } : null;
    const md = explainMarkdown({ ...pending, filter, evaluatedNodes: 500 });
    expect(md).toContain('| 480 | ❌ rejected | NodeResourcesFit | Insufficient memory | n-0, n-1, n-2, … |');
    expect(md).toContain('| 19 | ❌ rejected | TaintToleration |');
    expect(md).toContain('| 1 | ✅ passed | | | n-499 |');
    expect(md.split('\n').length).toBeLessThan(30);
  });

  it('mentions preemption and escapes hostile names', () => {
    const md = explainMarkdown({
      ...pending,
      pod: 'default/<img src=x onerror=alert(1)>',
      nominatedNode: 'node-1',
      victims: ['default/low-1'],
      filter: { 'a|b<script>': { plugin: 'X', reasons: ['*bold* `code`'] } },
    });
    expect(md).toContain('is Pending (preemption nominated `node-1`)');
    expect(md).toContain('**Preemption:** nominated `node-1`, evicting `default/low-1`.');
    // Inside a code span HTML is inert text; everywhere else it is escaped.
    expect(md).toContain('### Why `default/<img src=x onerror=alert(1)>` is Pending');
    expect(md.replace(/`[^`]*`/g, '')).not.toMatch(/<script>|<img/);
    expect(md).toContain('| a\\|b&lt;script&gt; | ❌ rejected | X | \\*bold\\* \\`code\\` |');
    expect(mdEscape('a\nb')).toBe('a b');
    expect(mdCode('has `tick`')).toBe('`` has `tick` ``');
    expect(mdCode('a|b')).toBe('`a¦b`');
  });
});
