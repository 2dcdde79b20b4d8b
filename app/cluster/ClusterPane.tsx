// The Cluster pane: d3-zoom (pan, zoom) over two layers kept in step with the frame. Level of
// detail: zoomed in, the nodes in the viewport are full SVG cards (bars, pod chips, badges, and
// the motion of a step); zoomed out, and off screen, nodes are bare tiles drawn on one canvas
// (TileCanvas, with the regions and zones), each under a transparent focusable element named by
// the node, so hundreds of nodes stay smooth while every node stays reachable and described.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { select, zoom as d3zoom, zoomIdentity, type ZoomBehavior, type ZoomTransform } from 'd3';
import { useFrame, useClusterModel } from '../player/useFrame';
import { useUi } from '../store/ui';
import { useScenario } from '../store/scenario';
import { useRun } from '../store/run';
import { fitLayout, layoutKey, NODE_H, NODE_W, zoneOf, regionOf, type Layout, type ZoneBox } from './layout';
import { NodeCard, NodeHit, describeCached, describeVisual, type ChipData, type ScoreStrip } from './NodeCard';
import { TileCanvas } from './TileCanvas';
import { markClusterPainted } from './firstPaint';
import { isDark } from '../store/ui';
import { Inspector } from './Inspector';
import { zoneTint, pluginColor, textOn } from '../colors';
import { addNode, nextNodeName, nextZoneName, setNodeLabel, ZONE_LABEL, REGION_LABEL } from './edits';
import { fmtCpu, fmtMem } from '../format';
import type { PodView } from '../worker/protocol';

const LEGEND_H = 40;
/** How far "Fit" enlarges a small cluster on a big screen. */
const MAX_FIT_SCALE = 1.5;
const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

export function ClusterPane() {
  const cluster = useClusterModel();
  const frame = useFrame();
  const selection = useUi((s) => s.selection);
  const select_ = useUi((s) => s.select);
  const focusNode = useUi((s) => s.focusNode);
  const status = useRun((s) => s.status);
  const hostRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const zoomRef = useRef<ZoomBehavior<SVGSVGElement, unknown> | null>(null);
  const [transform, setTransform] = useState<ZoomTransform>(zoomIdentity);
  const [size, setSize] = useState({ w: 800, h: 500 });
  const [hover, setHover] = useState<{ kind: 'node' | 'pod'; id: string; rect: DOMRect } | null>(null);
  const [drag, setDrag] = useState<{ node: string; x: number; y: number; over: ZoneBox | null } | null>(null);

  const lkey = layoutKey(cluster.nodes);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const layout: Layout = useMemo(
    () => fitLayout(cluster.nodes, Math.max(420, size.w - 48), Math.max(200, size.h - 48 - LEGEND_H), MAX_FIT_SCALE),
    [lkey, Math.round(size.w / 100), Math.round(size.h / 100)],
  );

  // `schedlab:cluster-first-paint`: the first frame that shows nodes (read by bench/browser.ts).
  const painted = useRef(false);
  useEffect(() => {
    if (painted.current || cluster.nodes.length === 0) return;
    painted.current = true;
    requestAnimationFrame(() => setTimeout(markClusterPainted, 0));
  }, [cluster.nodes.length]);

  // Size tracking.
  useEffect(() => {
    const el = hostRef.current!;
    const ro = new ResizeObserver(() => setSize({ w: el.clientWidth, h: el.clientHeight }));
    ro.observe(el);
    setSize({ w: el.clientWidth, h: el.clientHeight });
    return () => ro.disconnect();
  }, []);

  // d3-zoom: wheel and drag on the background pan/zoom; dragging a node moves the node instead.
  useEffect(() => {
    const svg = select(svgRef.current!);
    let raf = 0;
    let latest: ZoomTransform = zoomIdentity;
    const z = d3zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.05, 3])
      .filter((event: Event) => {
        const t = event.target as Element;
        if (event.type === 'wheel') return true;
        if (event.type === 'dblclick') return false;
        return !t.closest('[data-node]') && !(event as MouseEvent).button;
      })
      .on('zoom', (ev: { transform: ZoomTransform }) => {
        latest = ev.transform;
        if (!raf)
          raf = requestAnimationFrame(() => {
            raf = 0;
            setTransform(latest);
          });
      });
    svg.call(z);
    zoomRef.current = z;
    return () => {
      svg.on('.zoom', null);
      cancelAnimationFrame(raf);
    };
  }, []);

  const fit = useCallback(
    (animate: boolean) => {
      const z = zoomRef.current;
      if (!z || !svgRef.current || layout.width === 0) return;
      const pad = 24;
      // The legend takes the bottom ~40 px.
      const k = Math.min(MAX_FIT_SCALE, (size.w - pad * 2) / layout.width, (size.h - pad * 2 - LEGEND_H) / (layout.height + 10));
      const t = zoomIdentity.translate((size.w - layout.width * k) / 2, pad).scale(k);
      const sel = select(svgRef.current);
      if (animate && !reducedMotion()) sel.transition().duration(250).call(z.transform, t);
      else sel.call(z.transform, t);
    },
    [layout, size.w, size.h],
  );

  // Fit when the set of nodes changes shape (not on every edit of a label value).
  const fittedFor = useRef('');
  useEffect(() => {
    const key = `${layout.width}x${layout.height}:${Math.round(size.w / 50)}x${Math.round(size.h / 50)}`;
    if (fittedFor.current === key) return;
    const first = fittedFor.current === '';
    fittedFor.current = key;
    fit(!first);
  }, [layout, size, fit]);

  // Centre a node asked for elsewhere (Why Pending links).
  useEffect(() => {
    if (!focusNode || !svgRef.current || !zoomRef.current) return;
    const b = layout.nodes.get(focusNode.name);
    if (!b) return;
    const k = Math.max(transform.k, 0.8);
    const t = zoomIdentity.translate(size.w / 2 - (b.x + b.w / 2) * k, size.h / 2 - (b.y + b.h / 2) * k).scale(k);
    const sel = select(svgRef.current);
    if (reducedMotion()) sel.call(zoomRef.current.transform, t);
    else sel.transition().duration(250).call(zoomRef.current.transform, t);
    const el = svgRef.current.querySelector<SVGGElement>(`[data-node="${CSS.escape(focusNode.name)}"]`);
    el?.focus({ preventScroll: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusNode]);

  // Pods per node and usage at this frame.
  const podIndex = useMemo(() => new Map(cluster.pods.map((p) => [p.key, p])), [cluster]);
  const perNode = useMemo(() => {
    const m = new Map<string, { chips: ChipData[]; used: { cpu: number; memory: number; pods: number }; ghosts: string[] }>();
    const get = (n: string) => {
      let e = m.get(n);
      if (!e) m.set(n, (e = { chips: [], used: { cpu: 0, memory: 0, pods: 0 }, ghosts: [] }));
      return e;
    };
    for (const [key, pl] of frame.placements) {
      const pod = podIndex.get(key) ?? null;
      const e = get(pl.node);
      e.chips.push({ key, pod, terminating: !!pl.terminating, moving: frame.moving?.pod === key });
      e.used.cpu += pod?.requests.cpu ?? 0;
      e.used.memory += pod?.requests.memory ?? 0;
      e.used.pods += 1;
    }
    for (const [key, node] of frame.nominated) get(node).ghosts.push(key);
    return m;
    // Placements are shared between the steps that move no pod (app/player/frame.ts).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [frame.placements, frame.nominated, frame.moving?.pod, frame.moving?.node, podIndex]);
  const usedCpu = useMemo(() => new Map([...perNode].map(([n, e]) => [n, e.used.cpu])), [perNode]);

  // Score strips during score steps.
  const scoreStrips = useMemo(() => {
    const cyc = frame.cycle;
    if (!cyc || frame.scoreShown === 0) return null;
    const plugins = cyc.scorePlugins.slice(0, frame.scoreShown).map((p) => p.name);
    let max = 0;
    const out = new Map<string, ScoreStrip>();
    for (const [node, byPlugin] of Object.entries(cyc.scores)) {
      const parts = plugins.map((pl) => ({ plugin: pl, value: byPlugin[pl]?.weighted ?? 0 }));
      const total = parts.reduce((a, b) => a + b.value, 0);
      max = Math.max(max, total);
      out.set(node, { parts, max: 0, total });
    }
    for (const s of out.values()) s.max = max;
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [frame.cycle, frame.scoreShown]);

  // Viewport culling + level of detail.
  const k = transform.k;
  const lod = k < 0.45 ? 'lod' : 'full';
  // A binding pod flies in from the queue strip (below the canvas, on the left).
  const arrivalFrom = useMemo(() => {
    const [x, y] = transform.invert([Math.min(160, size.w * 0.2), size.h + 16]);
    return { x: Math.round(x), y: Math.round(y) };
  }, [transform, size.w, size.h]);
  // Zone and region names stay readable when zoomed far out.
  const labelScale = k < 0.8 ? Math.min(4, 0.8 / k) : 1;
  const vx0 = -transform.x / k - NODE_W;
  const vy0 = -transform.y / k - NODE_H;
  const vx1 = (size.w - transform.x) / k;
  const vy1 = (size.h - transform.y) / k;

  const onSelectNode = useCallback((name: string) => select_({ kind: 'node', name }), [select_]);
  const onSelectPod = useCallback((key: string) => select_({ kind: 'pod', key }), [select_]);
  const onHover = useCallback((name: string | null, el: SVGGElement | null) => {
    setHover(name && el ? { kind: 'node', id: name, rect: el.getBoundingClientRect() } : null);
  }, []);
  const onHoverPod = useCallback((key: string | null, el: SVGGElement | null) => {
    setHover(key && el ? { kind: 'pod', id: key, rect: el.getBoundingClientRect() } : null);
  }, []);

  // Dragging a node onto another zone changes its zone label.
  const dragRef = useRef<{ node: string; sx: number; sy: number; active: boolean } | null>(null);
  const toLayout = useCallback(
    (clientX: number, clientY: number) => {
      const r = svgRef.current!.getBoundingClientRect();
      return transform.invert([clientX - r.left, clientY - r.top]);
    },
    [transform],
  );
  const zoneAt = useCallback((x: number, y: number) => layout.zones.find((z) => x >= z.x && x <= z.x + z.w && y >= z.y && y <= z.y + z.h) ?? null, [layout]);
  const onDragStart = useCallback((name: string, e: React.PointerEvent) => {
    if (e.button !== 0) return;
    dragRef.current = { node: name, sx: e.clientX, sy: e.clientY, active: false };
  }, []);
  useEffect(() => {
    const move = (e: PointerEvent) => {
      const d = dragRef.current;
      if (!d) return;
      if (!d.active && Math.hypot(e.clientX - d.sx, e.clientY - d.sy) < 6) return;
      d.active = true;
      const [x, y] = toLayout(e.clientX, e.clientY);
      setDrag({ node: d.node, x, y, over: zoneAt(x, y) });
      setHover(null);
    };
    const up = (e: PointerEvent) => {
      const d = dragRef.current;
      dragRef.current = null;
      if (!d?.active) return;
      setDrag(null);
      const [x, y] = toLayout(e.clientX, e.clientY);
      const z = zoneAt(x, y);
      const node = cluster.nodes.find((n) => n.name === d.node);
      if (!z || !node) return;
      // Swallow the click that follows the drag.
      window.addEventListener('click', (ev) => ev.stopPropagation(), { capture: true, once: true });
      if (z.zone === zoneOf(node) && z.region === regionOf(node)) return;
      let text = useScenario.getState().source;
      text = setNodeLabel(text, node.name, ZONE_LABEL, z.zone === '' ? null : z.zone);
      if (z.region !== regionOf(node)) text = setNodeLabel(text, node.name, REGION_LABEL, z.region === '' ? null : z.region);
      useScenario.getState().setSource(text, 'draw');
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
    return () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
  }, [toLayout, zoneAt, cluster.nodes]);

  // Drawing tools.
  const addNodeTool = () => {
    const names = cluster.nodes.map((n) => n.name);
    const sel = selection?.kind === 'node' ? cluster.nodes.find((n) => n.name === selection.name) : undefined;
    const ref = sel ?? cluster.nodes[cluster.nodes.length - 1];
    const name = nextNodeName(names);
    const zone = ref ? ref.labels[ZONE_LABEL] : 'zone-a';
    const region = ref?.labels[REGION_LABEL];
    useScenario.getState().setSource(addNode(useScenario.getState().source, { name, zone, region }), 'draw');
    select_({ kind: 'node', name });
  };
  const addZoneTool = () => {
    const zones = new Set(cluster.nodes.map((n) => n.labels[ZONE_LABEL]).filter(Boolean));
    const zone = nextZoneName(zones);
    const name = nextNodeName(cluster.nodes.map((n) => n.name));
    const region = cluster.nodes.find((n) => n.labels[REGION_LABEL])?.labels[REGION_LABEL];
    useScenario.getState().setSource(addNode(useScenario.getState().source, { name, zone, region }), 'draw');
    select_({ kind: 'node', name });
  };
  const zoomBy = (f: number) => {
    if (svgRef.current && zoomRef.current) select(svgRef.current).call(zoomRef.current.scaleBy, f);
  };

  const dark = useUi(isDark);
  const zoneNodes = useMemo(
    () => layout.zones.map((z) => cluster.nodes.filter((n) => zoneOf(n) === z.zone && regionOf(n) === z.region)),
    [layout, cluster.nodes],
  );
  const selectedNode = selection?.kind === 'node' ? (cluster.nodes.find((n) => n.name === selection.name) ?? null) : null;
  // Which nodes are full SVG cards this frame (the rest are canvas tiles).
  const full = new Set<string>();
  if (lod === 'full') {
    for (const n of cluster.nodes) {
      const b = layout.nodes.get(n.name);
      if (b && b.x >= vx0 && b.x <= vx1 && b.y >= vy0 && b.y <= vy1) full.add(n.name);
    }
  }
  const selectedPod = selection?.kind === 'pod' ? selection.key : null;

  return (
    <section className="pane cluster-pane" aria-label="Cluster">
      <div className="pane-head">
        <h2>Cluster</h2>
        <span className="muted" style={{ fontSize: '0.85em' }}>
          {cluster.nodes.length} node{cluster.nodes.length === 1 ? '' : 's'} · {layout.zones.filter((z) => z.zone).length} zone
          {layout.zones.filter((z) => z.zone).length === 1 ? '' : 's'} · {cluster.pods.length} pod{cluster.pods.length === 1 ? '' : 's'}
        </span>
        <span className="spacer" />
        <div className="cluster-toolbar" role="toolbar" aria-label="Drawing tools">
          <button type="button" className="btn" aria-label="Add node" onClick={addNodeTool} title="Add a node (in the selected node's zone)">
            + Node
          </button>
          <button type="button" className="btn" aria-label="Add zone" onClick={addZoneTool} title="Add a zone with one node">
            + Zone
          </button>
          <button type="button" className="btn icon" aria-label="Zoom in" onClick={() => zoomBy(1.3)}>
            +
          </button>
          <button type="button" className="btn icon" aria-label="Zoom out" onClick={() => zoomBy(1 / 1.3)}>
            −
          </button>
          <button type="button" className="btn" aria-label="Fit to view" onClick={() => fit(true)}>
            Fit
          </button>
        </div>
      </div>
      <div className="pane-body" ref={hostRef} onClick={() => select_(null)}>
        <TileCanvas
          layout={layout}
          nodes={cluster.nodes}
          visuals={frame.nodes}
          usedCpu={usedCpu}
          full={full}
          scores={scoreStrips}
          transform={transform}
          width={size.w}
          height={size.h}
          theme={dark ? 'dark' : 'light'}
          showNames={k >= 0.22}
          dragging={drag?.node ?? null}
          dropZone={drag?.over ?? null}
        />
        <svg ref={svgRef} className="cluster-svg" aria-label="Cluster map" role="group">
          <g transform={transform.toString()}>
            {layout.zones.map((z, zi) => (
              <g key={`z-${z.region}-${z.zone}`} role="group" aria-label={z.zone ? `zone ${z.zone}` : 'nodes without a zone'}>
                {zoneNodes[zi].map((n) => {
                  const b = layout.nodes.get(n.name)!;
                  const pn = perNode.get(n.name);
                  const visual = frame.nodes.get(n.name);
                  if (!full.has(n.name)) {
                    return (
                      <NodeHit
                        key={n.name}
                        node={n}
                        x={b.x}
                        y={b.y}
                        description={describeCached(visual, n)}
                        selected={selectedNode?.name === n.name}
                        onSelectNode={onSelectNode}
                        onHover={onHover}
                        onDragStart={onDragStart}
                      />
                    );
                  }
                  return (
                    <NodeCard
                      key={n.name}
                      node={n}
                      x={b.x}
                      y={b.y}
                      visual={visual}
                      chips={pn?.chips ?? EMPTY_CHIPS}
                      ghosts={pn?.ghosts ?? EMPTY_GHOSTS}
                      used={pn?.used ?? ZERO}
                      selected={selectedNode?.name === n.name}
                      selectedPod={selectedPod}
                      score={scoreStrips?.get(n.name) ?? null}
                      dragging={drag?.node === n.name}
                      arrival={frame.moving?.node === n.name ? arrivalFrom : null}
                      onSelectNode={onSelectNode}
                      onSelectPod={onSelectPod}
                      onHover={onHover}
                      onHoverPod={onHoverPod}
                      onDragStart={onDragStart}
                    />
                  );
                })}
              </g>
            ))}
            {/* Labels last, so they stay on top of the nodes when zoomed far out. */}
            <g aria-hidden="true" pointerEvents="none">
              {layout.regions.map((r) => (
                <text
                  key={`rl-${r.region}`}
                  className="region-label"
                  x={r.x + 10}
                  y={r.y + 15 + (labelScale - 1) * 8}
                  style={{ fontSize: `${11 * labelScale}px`, strokeWidth: `${3 * labelScale}px` }}
                >
                  {r.region ? `region ${r.region}` : 'no region'}
                </text>
              ))}
              {layout.zones.map((z) => (
                <text
                  key={`zl-${z.region}-${z.zone}`}
                  className="zone-label"
                  x={z.x + 12}
                  y={z.y + 17 + (labelScale - 1) * 10}
                  style={{ fill: z.zone ? zoneTint(z.zone) : 'var(--idle)', fontSize: `${12 * labelScale}px`, strokeWidth: `${3 * labelScale}px` }}
                >
                  {z.zone || 'no zone'}
                </text>
              ))}
            </g>
            {drag && (
              <rect
                x={drag.x - NODE_W / 2}
                y={drag.y - 12}
                width={NODE_W}
                height={NODE_H}
                rx={8}
                fill="var(--accent)"
                fillOpacity={0.15}
                stroke="var(--accent)"
                strokeDasharray="6 3"
                pointerEvents="none"
              />
            )}
          </g>
        </svg>
        {cluster.nodes.length === 0 && (
          <div className="empty-cluster">
            <div>
              {status === 'running' || status === 'starting' ? 'Reading the scenario…' : 'No nodes yet.'}
              <br />
              <span className="muted">Add one with “+ Node”, or paste Node YAML into the editor.</span>
            </div>
          </div>
        )}
        <div className="cluster-legend" aria-hidden="true">
          <span>
            <i className="legend-swatch" style={{ borderColor: 'var(--examining)' }} />
            examined
          </span>
          <span>
            <i className="legend-swatch" style={{ borderColor: 'var(--pass)' }} />
            passed
          </span>
          <span>
            <i className="legend-swatch" style={{ borderColor: 'var(--reject)' }} />
            rejected
          </span>
          <span>
            <i className="legend-swatch" style={{ borderColor: 'var(--chosen)' }} />
            chosen
          </span>
          <span>
            <i className="legend-swatch" style={{ borderColor: 'var(--candidate)', borderStyle: 'dashed' }} />
            preemption
          </span>
          <span>pods: solid Guaranteed · dashed Burstable · dotted BestEffort</span>
        </div>
        {hover && !drag && <Tooltip hover={hover} host={hostRef.current} frame={frame} cluster={cluster} pods={podIndex} />}
        {selectedNode && <Inspector node={selectedNode} />}
      </div>
    </section>
  );
}

const EMPTY_CHIPS: ChipData[] = [];
const EMPTY_GHOSTS: string[] = [];
const ZERO = { cpu: 0, memory: 0, pods: 0 };

function Tooltip({
  hover,
  host,
  frame,
  cluster,
  pods,
}: {
  hover: { kind: 'node' | 'pod'; id: string; rect: DOMRect };
  host: HTMLDivElement | null;
  frame: ReturnType<typeof useFrame>;
  cluster: ReturnType<typeof useClusterModel>;
  pods: Map<string, PodView>;
}) {
  if (!host) return null;
  const hr = host.getBoundingClientRect();
  // Beside the element (right, else left); below it when neither side has room.
  let left = hover.rect.right - hr.left + 8;
  let top = Math.max(4, hover.rect.top - hr.top);
  if (left + 320 > hr.width) {
    left = hover.rect.left - hr.left - 328;
    if (left < 4) {
      left = Math.max(4, Math.min(hr.width - 324, hover.rect.left - hr.left));
      top = hover.rect.bottom - hr.top + 8;
      if (top + 120 > hr.height) top = Math.max(4, hover.rect.top - hr.top - 128);
    }
  }
  if (hover.kind === 'pod') {
    const p = pods.get(hover.id);
    const pl = frame.placements.get(hover.id);
    return (
      <div className="tooltip" style={{ left, top }} role="tooltip">
        <div className="plugin">{hover.id}</div>
        {p && (
          <div className="muted">
            {p.qos} · requests cpu {fmtCpu(p.requests.cpu)}, memory {fmtMem(p.requests.memory)}
            {p.priority ? ` · priority ${p.priority}` : ''}
            <br />
            owner {p.owner}
          </div>
        )}
        {pl?.terminating && <div className="reason">terminating{pl.terminating.preemptor ? ` (preempted by ${pl.terminating.preemptor})` : ''}</div>}
      </div>
    );
  }
  const node = cluster.nodes.find((n) => n.name === hover.id);
  if (!node) return null;
  const v = frame.nodes.get(node.name);
  const labels = Object.entries(node.labels);
  return (
    <div className="tooltip" style={{ left, top }} role="tooltip">
      <div className="plugin">{node.name}</div>
      {v?.state === 'rejected' && v.rejection ? (
        <div>
          <span className="plugin-tag" style={{ background: pluginColor(v.rejection.plugin), color: textOn(pluginColor(v.rejection.plugin)) }}>
            {v.rejection.plugin}
          </span>{' '}
          <span className="reason">{v.rejection.reasons.join(', ') || v.rejection.code}</span>
        </div>
      ) : (
        <div className="muted">{describeVisual(v, node)}</div>
      )}
      <div className="muted" style={{ marginTop: 4 }}>
        allocatable cpu {fmtCpu(node.allocatable.cpu)}, memory {fmtMem(node.allocatable.memory)}, pods {node.allocatable.pods}
      </div>
      {labels.length > 0 && (
        <div className="mono" style={{ fontSize: '0.85em', marginTop: 4 }}>
          {labels.slice(0, 8).map(([k, val]) => (
            <div key={k}>
              {k}={val}
            </div>
          ))}
          {labels.length > 8 && <div className="muted">… {labels.length - 8} more</div>}
        </div>
      )}
    </div>
  );
}
