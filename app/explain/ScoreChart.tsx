// Score bars: each node's weighted score per plugin stacked (one colour per plugin, the same
// everywhere), so the bar's length is the node's total. Also the per-plugin view of one Score
// step: normalized 0–100 and the weighted contribution.
import { scaleLinear } from 'd3';
import { pluginColor } from '../colors';
import type { CycleView } from '../player/model';

export function PluginLegend({ plugins }: { plugins: { name: string; weight: number }[] }) {
  return (
    <div className="legend-row">
      {plugins.map((p) => (
        <span key={p.name}>
          <i style={{ background: pluginColor(p.name) }} />
          {p.name} ×{p.weight}
        </span>
      ))}
    </div>
  );
}

export function StackedScores({
  cycle,
  nodes,
  upTo,
  highlight,
  onNode,
  label,
}: {
  cycle: CycleView;
  nodes: string[];
  /** Only the first `upTo` plugins (during playback). */
  upTo?: number;
  highlight?: string | null;
  onNode?: (n: string) => void;
  label: string;
}) {
  const plugins = cycle.scorePlugins.slice(0, upTo ?? cycle.scorePlugins.length);
  const rows = nodes.map((n) => {
    const by = cycle.scores[n] ?? {};
    const parts = plugins.map((p) => ({ plugin: p.name, value: by[p.name]?.weighted ?? 0, normalized: by[p.name]?.normalized ?? 0 }));
    return { node: n, parts, total: parts.reduce((a, b) => a + b.value, 0) };
  });
  const max = Math.max(1, ...rows.map((r) => r.total));
  const W = 300;
  const labelW = 96;
  const x = scaleLinear().domain([0, max]).range([0, W - labelW - 40]);
  const rowH = 20;
  return (
    <figure style={{ margin: 0 }}>
      <PluginLegend plugins={plugins} />
      <svg className="score-chart" viewBox={`0 0 ${W} ${rows.length * rowH + 4}`} role="img" aria-label={label}>
        {rows.map((r, i) => {
          let acc = 0;
          return (
            <g key={r.node} transform={`translate(0 ${i * rowH + 2})`}>
              <text
                x={labelW - 6}
                y={13}
                textAnchor="end"
                className={r.node === highlight ? 'winner' : undefined}
                style={{ cursor: onNode ? 'pointer' : undefined }}
                onClick={() => onNode?.(r.node)}
              >
                {r.node.length > 15 ? `${r.node.slice(0, 14)}…` : r.node}
              </text>
              {r.parts.map((pt) => {
                const w = x(pt.value);
                const el = (
                  <rect key={pt.plugin} x={labelW + x(acc)} y={3} width={Math.max(0, w)} height={13} fill={pluginColor(pt.plugin)}>
                    <title>{`${r.node} · ${pt.plugin}: normalized ${pt.normalized}, weighted ${pt.value}`}</title>
                  </rect>
                );
                acc += pt.value;
                return el;
              })}
              <text x={labelW + x(r.total) + 4} y={13} className={r.node === highlight ? 'winner' : undefined}>
                {r.total}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** One Score plugin: normalized (0–100) per node and its weighted contribution. */
export function PluginScores({ cycle, plugin }: { cycle: CycleView; plugin: string }) {
  const nodes = Object.keys(cycle.scores).filter((n) => cycle.scores[n][plugin]);
  nodes.sort((a, b) => cycle.scores[b][plugin].weighted - cycle.scores[a][plugin].weighted || a.localeCompare(b));
  const shown = nodes.slice(0, 14);
  const W = 300;
  const labelW = 96;
  const bw = W - labelW - 70;
  const rowH = 20;
  const color = pluginColor(plugin);
  const weight = cycle.scorePlugins.find((p) => p.name === plugin)?.weight ?? 1;
  return (
    <figure style={{ margin: 0 }}>
      <div className="legend-row">
        <span>
          <i style={{ background: color, opacity: 0.35 }} />
          normalized 0–100
        </span>
        <span>
          <i style={{ background: color }} />
          weighted (×{weight})
        </span>
      </div>
      <svg className="score-chart" viewBox={`0 0 ${W} ${shown.length * rowH + 4}`} role="img" aria-label={`${plugin} scores per node`}>
        {shown.map((n, i) => {
          const c = cycle.scores[n][plugin];
          return (
            <g key={n} transform={`translate(0 ${i * rowH + 2})`}>
              <text x={labelW - 6} y={13} textAnchor="end">
                {n.length > 15 ? `${n.slice(0, 14)}…` : n}
              </text>
              <rect x={labelW} y={3} width={(c.normalized / 100) * bw} height={13} fill={color} opacity={0.35}>
                <title>{`raw ${c.raw}, normalized ${c.normalized}`}</title>
              </rect>
              <rect x={labelW} y={7} width={Math.min(1, c.weighted / (100 * Math.max(1, weight))) * bw} height={5} fill={color} />
              <text x={labelW + bw + 4} y={13}>
                {c.normalized} → {c.weighted}
              </text>
            </g>
          );
        })}
      </svg>
      {nodes.length > shown.length && <div className="muted">… {nodes.length - shown.length} more nodes</div>}
    </figure>
  );
}
