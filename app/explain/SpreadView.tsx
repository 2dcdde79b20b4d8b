// Topology spread, per constraint: matching pods per domain as bars, the band [min, min+maxSkew]
// shaded, and each candidate node's resulting count (this pod added) as a dashed bar.
import { scaleBand, scaleLinear } from 'd3';
import type { SpreadConstraintView } from '../player/model';
import { zoneTint } from '../colors';
import { useClusterModel } from '../player/useFrame';

export function SpreadView({ constraints, node }: { constraints: SpreadConstraintView[]; node?: string | null }) {
  return (
    <>
      {constraints.map((c, i) => (
        <SpreadChart key={i} c={c} node={node} />
      ))}
    </>
  );
}

function SpreadChart({ c, node }: { c: SpreadConstraintView; node?: string | null }) {
  const domains = Object.keys(c.counts).sort();
  const hypothetical = (d: string) => (c.counts[d] ?? 0) + c.selfMatch;
  const maxY = Math.max(c.minMatch + c.maxSkew, ...domains.map(hypothetical)) + 1;
  const W = 300;
  const H = 150;
  const m = { l: 26, r: 8, t: 10, b: 28 };
  const x = scaleBand<string>().domain(domains).range([m.l, W - m.r]).padding(0.3);
  const y = scaleLinear().domain([0, maxY]).range([H - m.b, m.t]);
  const cluster = useClusterModel();
  const nodeDomain = node ? (c.nodeDomain[node] ?? cluster.nodes.find((n) => n.name === node)?.labels[c.topologyKey]) : undefined;
  const ticks = y.ticks(Math.min(5, maxY)).filter((t) => Number.isInteger(t));
  return (
    <figure style={{ margin: '0 0 0.6rem' }}>
      <figcaption className="muted" style={{ fontSize: '0.85em' }}>
        <span className="mono">{c.topologyKey}</span> · maxSkew {c.maxSkew} · {c.whenUnsatisfiable} · min {c.minMatch}
      </figcaption>
      <svg
        className="skew-chart"
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`Topology spread over ${c.topologyKey}: ${domains.map((d) => `${d} ${c.counts[d]}`).join(', ')}; allowed up to ${c.minMatch + c.maxSkew}`}
      >
        <rect className="skew-band" x={m.l} width={W - m.l - m.r} y={y(c.minMatch + c.maxSkew)} height={Math.max(0, y(c.minMatch) - y(c.minMatch + c.maxSkew))} />
        <line x1={m.l} x2={W - m.r} y1={y(c.minMatch + c.maxSkew)} y2={y(c.minMatch + c.maxSkew)} stroke="var(--pass)" strokeDasharray="3 3" />
        {ticks.map((t) => (
          <text key={t} x={m.l - 5} y={y(t) + 4} textAnchor="end" style={{ fontSize: 9 }}>
            {t}
          </text>
        ))}
        {domains.map((d) => {
          const bx = x(d)!;
          const cnt = c.counts[d] ?? 0;
          const hyp = hypothetical(d);
          const over = hyp - c.minMatch > c.maxSkew;
          return (
            <g key={d}>
              <rect className="skew-bar" x={bx} width={x.bandwidth()} y={y(cnt)} height={y(0) - y(cnt)} fill={zoneTint(d)} style={{ fill: zoneTint(d) }} />
              <rect
                className="skew-hyp"
                x={bx}
                width={x.bandwidth()}
                y={y(hyp)}
                height={y(cnt) - y(hyp)}
                stroke={over ? 'var(--reject)' : 'var(--pass)'}
                strokeWidth={d === nodeDomain ? 2.5 : 1.5}
              >
                <title>{`${d}: ${cnt} matching, ${hyp} with this pod → skew ${hyp - c.minMatch}${over ? ' (too much)' : ''}`}</title>
              </rect>
              <text x={bx + x.bandwidth() / 2} y={y(hyp) - 3} textAnchor="middle" style={{ fontSize: 10 }}>
                {cnt}
                {c.selfMatch ? `→${hyp}` : ''}
              </text>
              <text x={bx + x.bandwidth() / 2} y={H - m.b + 13} textAnchor="middle" style={{ fontSize: 10, fontWeight: d === nodeDomain ? 700 : 400 }}>
                {d.length > 12 ? `${d.slice(0, 11)}…` : d}
              </text>
            </g>
          );
        })}
      </svg>
      <div className="muted" style={{ fontSize: '0.8em' }}>
        Bars: matching pods per domain. Dashed: the count if this pod lands there (red when the skew would exceed {c.maxSkew}). Shaded: [min, min+maxSkew].
      </div>
    </figure>
  );
}
