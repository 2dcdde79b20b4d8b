// The explanation of one scheduling cycle as Markdown, for an issue or a chat: the outcome, the
// FitError message, each node's Filter verdict (grouped when there are many nodes) and the
// scores. Pure function of the engine's CycleRecord (engine/scheduler/schedule_one.ts): the same
// text from the page (Export) and from anything else that has a CycleRecord.

import type { CycleRecord } from '../../engine/scheduler/schedule_one';

export interface MarkdownOptions {
  /** Name of the scenario, for the heading line. */
  scenario?: string;
  /** A link that reopens this view (schedlab share link). */
  link?: string;
  /** Up to this many nodes are listed one by one; beyond, verdicts are grouped (default 20). */
  maxNodes?: number;
  /** Score plugin weights, when known, to show weighted contributions. */
  weights?: Record<string, number>;
}

/** Escapes text for a Markdown table cell or paragraph (no HTML, no table breaks, no emphasis). */
export function mdEscape(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/([`*_[\]#~])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

/** An inline code span that survives backticks and pipes in the content. */
export function mdCode(s: string): string {
  const clean = s.replace(/\r?\n/g, ' ').replace(/\|/g, '¦');
  const ticks = clean.match(/`+/g)?.reduce((m, t) => Math.max(m, t.length), 0) ?? 0;
  const fence = '`'.repeat(ticks + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function explainMarkdown(c: CycleRecord, opts: MarkdownOptions = {}): string {
  const maxNodes = opts.maxNodes ?? 20;
  const out: string[] = [];
  const outcome =
    c.result === 'Scheduled'
      ? `was scheduled on ${mdCode(c.node ?? '?')}`
      : c.result === 'Error'
        ? 'failed with an error'
        : c.nominatedNode
          ? `is Pending (preemption nominated ${mdCode(c.nominatedNode)})`
          : 'is Pending';
  out.push(`### Why ${mdCode(c.pod)} ${outcome}`);
  out.push('');
  if (c.message) {
    out.push(`> ${mdEscape(c.message)}`);
    out.push('');
  }
  const facts = [
    `cycle ${c.index + 1}`,
    `attempt ${c.attempt}`,
    `profile ${mdCode(c.profile)}`,
    `at t = ${formatSeconds(c.t)}`,
    `${plural(c.evaluatedNodes, 'node')} examined, ${c.feasibleNodes} feasible`,
  ];
  out.push(`${capitalize(facts.join(' · '))}${opts.scenario ? ` — scenario “${mdEscape(opts.scenario)}”` : ''}.`);
  out.push('');

  if (c.victims.length) {
    out.push(`**Preemption:** ${c.nominatedNode ? `nominated ${mdCode(c.nominatedNode)}, ` : ''}evicting ${c.victims.map(mdCode).join(', ')}.`);
    out.push('');
  }

  const filter = c.filter ? Object.entries(c.filter) : [];
  if (filter.length) {
    out.push('#### Filter');
    out.push('');
    if (filter.length <= maxNodes) {
      out.push('| Node | Verdict | Plugin | Reason |', '|---|---|---|---|');
      for (const [node, v] of filter) {
        out.push(v ? `| ${mdEscape(node)} | ❌ rejected | ${mdEscape(v.plugin)} | ${mdEscape(v.reasons.join(', '))} |` : `| ${mdEscape(node)} | ✅ passed | | |`);
      }
    } else {
      const groups = new Map<string, { plugin: string; reason: string; nodes: string[] }>();
      for (const [node, v] of filter) {
        const key = v ? `${v.plugin}\u0000${v.reasons.join(', ')}` : '';
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { plugin: v?.plugin ?? '', reason: v ? v.reasons.join(', ') : '', nodes: [] }));
        g.nodes.push(node);
      }
      out.push('| Nodes | Verdict | Plugin | Reason | Examples |', '|---:|---|---|---|---|');
      for (const g of [...groups.values()].sort((a, b) => b.nodes.length - a.nodes.length)) {
        const ex = g.nodes.slice(0, 3).map(mdEscape).join(', ') + (g.nodes.length > 3 ? ', …' : '');
        out.push(g.plugin ? `| ${g.nodes.length} | ❌ rejected | ${mdEscape(g.plugin)} | ${mdEscape(g.reason)} | ${ex} |` : `| ${g.nodes.length} | ✅ passed | | | ${ex} |`);
      }
    }
    out.push('');
  }

  const scores = c.scores ? Object.entries(c.scores) : [];
  if (scores.length) {
    const plugins = [...new Set(scores.flatMap(([, s]) => Object.keys(s.plugins)))];
    const ranked = scores.sort((a, b) => b[1].total - a[1].total || a[0].localeCompare(b[0]));
    const shown = ranked.slice(0, maxNodes);
    out.push('#### Score');
    out.push('');
    out.push(`Normalized score per plugin (0–100)${opts.weights ? ' × weight' : ''}; the total is the weighted sum.`);
    out.push('');
    const head = plugins.map((p) => (opts.weights?.[p] !== undefined ? `${mdEscape(p)} ×${opts.weights[p]}` : mdEscape(p)));
    out.push(`| Node | Total | ${head.join(' | ')} |`, `|---|---:|${plugins.map(() => '---:').join('|')}|`);
    for (const [node, s] of shown) {
      const mark = node === c.node ? ' ★' : '';
      out.push(`| ${mdEscape(node)}${mark} | ${s.total} | ${plugins.map((p) => (s.plugins[p] ?? '')).join(' | ')} |`);
    }
    if (ranked.length > shown.length) out.push('', `…and ${plural(ranked.length - shown.length, 'more node')} with lower totals.`);
    if (c.ties && c.ties.length > 1) out.push('', `${c.ties.length} nodes tied for the highest total (${c.ties.map(mdEscape).join(', ')}); the scheduler picked one at random.`);
    out.push('');
  }

  const tail = ['_Simulated with schedlab (kube-scheduler v1.35 semantics)'];
  if (opts.link) tail.push(` — [open this view](${opts.link.replace(/[()\s]/g, encodeURIComponent)})`);
  out.push(`${tail.join('')}._`);
  return `${out.join('\n')}\n`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
