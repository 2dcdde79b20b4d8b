// One colour per meaning, everywhere (UX.md "The visual language").
import { schemeTableau10 } from 'd3';

/** Score/filter plugins of the default profile, in a fixed order so their colours never move. */
const KNOWN_PLUGINS = [
  'NodeResourcesFit',
  'NodeResourcesBalancedAllocation',
  'ImageLocality',
  'InterPodAffinity',
  'NodeAffinity',
  'PodTopologySpread',
  'TaintToleration',
  'VolumeBinding',
  'DynamicResources',
  'NodeUnschedulable',
  'NodeName',
  'NodePorts',
  'VolumeRestrictions',
  'NodeVolumeLimits',
  'VolumeZone',
  'SchedulingGates',
  'DefaultPreemption',
  'PrioritySort',
  'DefaultBinder',
];

const PLUGIN_PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#b07aa1',
  '#edc948',
  '#76b7b2',
  '#e15759',
  '#9c755f',
  '#ff9da7',
  '#bab0ac',
  '#8cd17d',
  '#d4a6c8',
  '#86bcb6',
  '#f1ce63',
  '#a0cbe8',
  '#ffbe7d',
  '#499894',
  '#d37295',
  '#79706e',
];

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

export function pluginColor(plugin: string): string {
  const i = KNOWN_PLUGINS.indexOf(plugin);
  return PLUGIN_PALETTE[(i >= 0 ? i : hash(plugin)) % PLUGIN_PALETTE.length];
}

const WORKLOAD_PALETTE = [...schemeTableau10, '#6b9ac4', '#c47a6b', '#8fbc6b', '#b38fd1', '#d1b38f'];

export function workloadColor(owner: string): string {
  return WORKLOAD_PALETTE[hash(owner) % WORKLOAD_PALETTE.length];
}

/** Zones as tinted areas: a hue per zone, used at low opacity. */
export function zoneTint(zone: string): string {
  const hues = [210, 150, 30, 280, 330, 100, 190, 50];
  return `hsl(${hues[hash(zone) % hues.length]} 55% 55%)`;
}

function luminance(hex: string): number {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex);
  if (!m) return 0.2;
  const n = parseInt(m[1], 16);
  const c = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

/** Black or white, whichever reads better on `bg` (WCAG contrast). */
export function textOn(bg: string): string {
  const l = luminance(bg);
  return 1.05 / (l + 0.05) >= 4.5 ? '#fff' : '#000';
}
