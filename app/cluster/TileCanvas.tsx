// The dense part of the cluster view in one <canvas>: regions, zones, and every node drawn as a
// bare tile (zoomed out, or outside the viewport). A step redraws the canvas once (about a
// millisecond for 500 nodes) instead of restyling and repainting hundreds of SVG elements.
//
// The canvas is only a picture (aria-hidden, no pointer events). Each tile has a transparent,
// focusable SVG element on top of it (NodeHit in NodeCard.tsx) named by the node, with the same
// description, hover, click and drag as a full card; nodes zoomed in enough are full SVG cards
// (NodeCard), drawn over the canvas.
import { useLayoutEffect, useRef } from 'react';
import type { ZoomTransform } from 'd3';
import type { NodeView } from '../worker/protocol';
import type { NodeVisual } from '../player/frame';
import type { Layout, ZoneBox } from './layout';
import type { ScoreStrip } from './NodeCard';
import { NODE_H, NODE_W } from './layout';
import { pluginColor, zoneTint } from '../colors';

export interface TileCanvasProps {
  layout: Layout;
  nodes: NodeView[];
  /** Node states of the current step (frame.nodes). */
  visuals: Map<string, NodeVisual>;
  /** Requested cpu per node at this step (millicores). */
  usedCpu: Map<string, number>;
  /** Nodes drawn as full SVG cards (the canvas leaves them out). */
  full: Set<string>;
  scores: Map<string, ScoreStrip> | null;
  transform: ZoomTransform;
  width: number;
  height: number;
  /** Changes when the theme changes (colours are read from CSS variables). */
  theme: string;
  showNames: boolean;
  dragging: string | null;
  dropZone: ZoneBox | null;
}

interface Palette {
  nodeBg: string;
  idle: string;
  examining: string;
  pass: string;
  reject: string;
  chosen: string;
  candidate: string;
  accent: string;
  text: string;
  border: string;
}

function readPalette(el: Element): Palette {
  const cs = getComputedStyle(el);
  const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  return {
    nodeBg: v('--node-bg', '#fff'),
    idle: v('--idle', '#888'),
    examining: v('--examining', '#2563eb'),
    pass: v('--pass', '#15803d'),
    reject: v('--reject', '#d92d35'),
    chosen: v('--chosen', '#b58500'),
    candidate: v('--candidate', '#9333ea'),
    accent: v('--accent', '#2563eb'),
    text: v('--text', '#111'),
    border: v('--border', '#ccc'),
  };
}

function stroke(p: Palette, v: NodeVisual | undefined): { color: string; width: number; dash: number[] } {
  switch (v?.state) {
    case 'examining':
      return { color: p.examining, width: 3, dash: [] };
    case 'passed':
      return { color: v.tie ? p.chosen : p.pass, width: 3, dash: [] };
    case 'rejected':
      return { color: p.reject, width: 3, dash: [] };
    case 'chosen':
      return { color: p.chosen, width: 5, dash: [] };
    case 'candidate':
      return { color: p.candidate, width: 3, dash: [8, 5] };
    default:
      return { color: p.idle, width: 1.5, dash: [] };
  }
}

export function TileCanvas(props: TileCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const paletteRef = useRef<{ theme: string; palette: Palette } | null>(null);

  useLayoutEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    // The canvas inherits the theme's CSS variables (read once per theme, after the DOM has it).
    if (paletteRef.current?.theme !== props.theme) paletteRef.current = { theme: props.theme, palette: readPalette(canvas) };
    const palette = paletteRef.current.palette;
    const dpr = Math.min(2, window.devicePixelRatio || 1);
    const W = Math.max(1, Math.round(props.width * dpr));
    const H = Math.max(1, Math.round(props.height * dpr));
    if (canvas.width !== W || canvas.height !== H) {
      canvas.width = W;
      canvas.height = H;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const { k, x: tx, y: ty } = props.transform;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, W, H);
    ctx.setTransform(dpr * k, 0, 0, dpr * k, dpr * tx, dpr * ty);
    // Viewport in layout coordinates (tiles outside are skipped).
    const vx0 = -tx / k - NODE_W;
    const vy0 = -ty / k - NODE_H;
    const vx1 = (props.width - tx) / k;
    const vy1 = (props.height - ty) / k;
    const px = 1 / k; // one screen pixel in layout units

    // Regions: dashed outlines.
    ctx.lineWidth = px;
    ctx.strokeStyle = palette.border;
    ctx.setLineDash([4 * px, 4 * px]);
    for (const r of props.layout.regions) {
      ctx.beginPath();
      ctx.roundRect(r.x, r.y, r.w, r.h, 12);
      ctx.stroke();
    }
    ctx.setLineDash([]);
    // Zones: tinted areas.
    for (const z of props.layout.zones) {
      const tint = z.zone ? zoneTint(z.zone) : palette.idle;
      ctx.beginPath();
      ctx.roundRect(z.x, z.y, z.w, z.h, 10);
      ctx.globalAlpha = 0.09;
      ctx.fillStyle = tint;
      ctx.fill();
      ctx.globalAlpha = 0.55;
      ctx.strokeStyle = tint;
      const drop = props.dropZone === z;
      ctx.lineWidth = drop ? 2.5 : 1;
      if (drop) ctx.setLineDash([6, 3]);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.globalAlpha = 1;
    }

    // Tiles, batched: one path per (style, alpha), so 500 tiles are a handful of fill/stroke calls.
    const round = k > 0.3; // rounded corners only where they are visible
    const shape = (path: Path2D, x: number, y: number, w: number, h: number, r: number) => (round ? path.roundRect(x, y, w, h, r) : path.rect(x, y, w, h));
    const groups = new Map<string, { path: Path2D; alpha: number; draw: (path: Path2D) => void }>();
    const group = (key: string, alpha: number, draw: (path: Path2D) => void) => {
      const id = `${key}|${alpha}`;
      let g = groups.get(id);
      if (!g) groups.set(id, (g = { path: new Path2D(), alpha, draw }));
      return g.path;
    };
    const fill = (color: string) => (path: Path2D) => {
      ctx.fillStyle = color;
      ctx.fill(path);
    };
    const fillUsed = (color: string) => (path: Path2D) => {
      ctx.fillStyle = color;
      ctx.globalAlpha *= 0.35;
      ctx.fill(path);
    };
    const labels: { text: string; x: number; y: number; alpha: number }[] = [];
    const strips: { x: number; y: number; score: ScoreStrip; alpha: number }[] = [];
    for (const n of props.nodes) {
      if (props.full.has(n.name)) continue;
      const b = props.layout.nodes.get(n.name);
      if (!b || b.x < vx0 || b.x > vx1 || b.y < vy0 || b.y > vy1) continue;
      const v = props.visuals.get(n.name);
      const alpha = v?.state === 'skipped' || props.dragging === n.name ? 0.45 : 1;
      shape(group('bg', alpha, fill(palette.nodeBg)), b.x, b.y, NODE_W, NODE_H, 8);
      // Requested cpu: the tile fills up from the bottom.
      const alloc = n.allocatable.cpu;
      const used = props.usedCpu.get(n.name) ?? 0;
      const frac = Math.min(1, alloc ? used / alloc : used > 0 ? 1 : 0);
      if (frac > 0) {
        const h = (NODE_H - 6) * frac;
        const color = used > alloc ? palette.reject : palette.accent;
        shape(group(`used${color}`, alpha, fillUsed(color)), b.x + 3, b.y + 3 + (NODE_H - 6) - h, NODE_W - 6, h, 5);
      }
      const st = stroke(palette, v);
      const lw = Math.max(st.width, st.width * px * 0.6);
      shape(
        group(`stroke${st.color}${lw}${st.dash.join()}`, alpha, (path) => {
          ctx.lineWidth = lw;
          ctx.strokeStyle = st.color;
          ctx.setLineDash(st.dash);
          ctx.stroke(path);
          ctx.setLineDash([]);
        }),
        b.x,
        b.y,
        NODE_W,
        NODE_H,
        8,
      );
      if (props.showNames) labels.push({ text: n.name.length > 14 ? `${n.name.slice(0, 13)}…` : n.name, x: b.x + NODE_W / 2, y: b.y + NODE_H / 2, alpha });
      const score = props.scores?.get(n.name);
      if (score && score.max > 0) strips.push({ x: b.x, y: b.y + NODE_H + 3, score, alpha });
    }
    // Backgrounds first, then the fills, then the borders.
    const order = (key: string) => (key.startsWith('bg') ? 0 : key.startsWith('used') ? 1 : 2);
    for (const [key, g] of [...groups].sort((x, y) => order(x[0]) - order(y[0]))) {
      ctx.globalAlpha = g.alpha;
      g.draw(g.path);
    }
    // Names about 12 px on screen, as large as the tile allows.
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (const l of labels) {
      const size = Math.min(12 / k, (NODE_W - 16) / (l.text.length * 0.62), NODE_H * 0.4);
      ctx.font = `600 ${size}px system-ui, sans-serif`;
      ctx.globalAlpha = l.alpha;
      ctx.fillStyle = palette.text;
      ctx.fillText(l.text, l.x, l.y);
    }
    for (const st of strips) {
      ctx.globalAlpha = st.alpha;
      let x = st.x;
      const scale = NODE_W / st.score.max;
      for (const part of st.score.parts) {
        const w = Math.max(0, part.value * scale);
        ctx.fillStyle = pluginColor(part.plugin);
        ctx.fillRect(x, st.y, w, 8);
        x += w;
      }
    }
    ctx.globalAlpha = 1;
  });

  return <canvas ref={ref} className="cluster-canvas" aria-hidden="true" style={{ width: props.width, height: props.height }} />;
}
