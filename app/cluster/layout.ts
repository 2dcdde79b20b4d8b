// Where things go on the canvas: regions hold zones, zones (tinted areas) hold node cards in a
// grid. Pure geometry from the node list; recomputed only when nodes or their zone labels change.
import type { NodeView } from '../worker/protocol';
import { REGION_LABEL, ZONE_LABEL } from './edits';

export const NODE_W = 184;
export const NODE_H = 128;
export const GAP = 14;
export const ZONE_PAD = 14;
export const ZONE_HEAD = 26;
export const REGION_HEAD = 22;
export const NO_ZONE = '';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface ZoneBox extends Box {
  zone: string;
  region: string;
  nodes: string[];
}

export interface RegionBox extends Box {
  region: string;
}

export interface Layout {
  nodes: Map<string, Box>;
  zones: ZoneBox[];
  regions: RegionBox[];
  width: number;
  height: number;
}

export function zoneOf(n: NodeView): string {
  return n.labels[ZONE_LABEL] ?? NO_ZONE;
}
export function regionOf(n: NodeView): string {
  return n.labels[REGION_LABEL] ?? '';
}

/** A key that changes only when the layout would. */
export function layoutKey(nodes: NodeView[]): string {
  return nodes.map((n) => `${n.name}\u0001${zoneOf(n)}\u0001${regionOf(n)}`).join('\u0002');
}

/**
 * The layout that shows the nodes biggest in a viewport of `width` x `height`: zones wrapped at
 * several widths, the one whose fit scale (capped at `maxScale`) is largest, the widest of equals.
 */
export function fitLayout(nodes: NodeView[], width: number, height: number, maxScale = 1.15): Layout {
  const natural = computeLayout(nodes, width);
  if (nodes.length === 0 || width <= 0 || height <= 0) return natural;
  const scale = (l: Layout) => Math.min(maxScale, width / Math.max(1, l.width), height / Math.max(1, l.height + 10));
  let best = natural;
  let bestK = scale(natural);
  for (let f = 0.35; f <= 3; f *= 1.25) {
    const l = computeLayout(nodes, width, width * f);
    const k = scale(l);
    if (k > bestK + 1e-6) {
      best = l;
      bestK = k;
    }
  }
  return best;
}

export function computeLayout(nodes: NodeView[], targetWidth = 1200, wrapAt?: number): Layout {
  const byRegion = new Map<string, Map<string, string[]>>();
  for (const n of nodes) {
    const r = regionOf(n);
    const z = zoneOf(n);
    let zones = byRegion.get(r);
    if (!zones) byRegion.set(r, (zones = new Map()));
    let list = zones.get(z);
    if (!list) zones.set(z, (list = []));
    list.push(n.name);
  }
  const regionsSorted = [...byRegion.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
  const out: Layout = { nodes: new Map(), zones: [], regions: [], width: 0, height: 0 };
  const total = nodes.length;
  const wrap = wrapAt ?? Math.max(targetWidth, Math.sqrt(total) * (NODE_W + GAP) * 1.6);
  const showRegions = regionsSorted.length > 1 || (regionsSorted.length === 1 && regionsSorted[0] !== '');
  let y = 0;
  for (const r of regionsSorted) {
    const zones = byRegion.get(r)!;
    const zoneNames = [...zones.keys()].sort((a, b) => (a === NO_ZONE ? 1 : b === NO_ZONE ? -1 : a.localeCompare(b)));
    const regionTop = y;
    const inset = showRegions ? 10 : 0;
    y += showRegions ? REGION_HEAD : 0;
    let x = inset;
    let rowH = 0;
    let maxX = 0;
    for (const z of zoneNames) {
      const names = zones.get(z)!;
      const cols = Math.max(1, Math.min(names.length, Math.ceil(Math.sqrt(names.length * 1.5)), 16));
      const rows = Math.ceil(names.length / cols);
      const w = ZONE_PAD * 2 + cols * NODE_W + (cols - 1) * GAP;
      const h = ZONE_HEAD + ZONE_PAD + rows * NODE_H + (rows - 1) * GAP;
      if (x > inset && x + w > wrap) {
        x = inset;
        y += rowH + GAP * 2;
        rowH = 0;
      }
      out.zones.push({ zone: z, region: r, nodes: names, x, y, w, h });
      names.forEach((name, i) => {
        const c = i % cols;
        const rr = Math.floor(i / cols);
        out.nodes.set(name, { x: x + ZONE_PAD + c * (NODE_W + GAP), y: y + ZONE_HEAD + rr * (NODE_H + GAP), w: NODE_W, h: NODE_H });
      });
      x += w + GAP * 2;
      rowH = Math.max(rowH, h);
      maxX = Math.max(maxX, x - GAP * 2);
    }
    y += rowH + (showRegions ? inset : 0);
    if (showRegions) out.regions.push({ region: r, x: 0, y: regionTop, w: maxX + inset, h: y - regionTop });
    out.width = Math.max(out.width, maxX + inset);
    y += GAP * 3;
  }
  out.height = Math.max(0, y - GAP * 3);
  return out;
}
