// A gallery scenario starts with a comment block that is itself YAML (each line "# " + YAML):
//
//   # title: Taints and tolerations on a control-plane node
//   # concept: Taints and tolerations
//   # plugins: [TaintToleration]
//   # focus: default/metrics-agent
//   # watch: >
//   #   One paragraph: what to look at while it plays.
//   # question: Where will metrics-agent go?
//   # answer: >
//   #   The answer, revealed when the playback reaches the end.
//
// Kubernetes and kube-scheduler ignore comments, so the file stays a valid manifest.
// Pure TS, no DOM: used by the app, the gallery index script and the tests.
import { parse } from 'yaml';

export interface GalleryMeta {
  title: string;
  concept: string;
  plugins: string[];
  watch: string;
  question: string;
  answer: string;
  /** The pod the question is about ("namespace/name"), selected when the scenario opens. */
  focus?: string;
  /** Kubernetes documentation page for the concept. */
  docs?: string;
  /** Machine-checked expectations (tests/gallery.test.ts runs the engine on every scenario). */
  expect?: GalleryExpectation[];
}

export interface GalleryExpectation {
  /** One pod, "namespace/name". */
  pod?: string;
  /** Or every pod whose key starts with this prefix (workload replicas)... */
  pods?: string;
  /** ...of which this many end running... */
  running?: number;
  /** ...and this many pending. */
  pending?: number;
  /** The node it ends on; null = it ends pending. */
  node?: string | null;
  /** Alternatively: any of these nodes. */
  nodeIn?: string[];
  /** It ends running, but not on this node. */
  notNode?: string;
  /** Evicted (preempted, or by a NoExecute taint) at some point. */
  evicted?: boolean;
  /** A substring of the last FitError message of the pod. */
  message?: string;
}

/** The gallery index (public/gallery/index.json), in display order. */
export interface GalleryEntry {
  /** File name without extension, e.g. "taints-control-plane". */
  name: string;
  file: string;
  title: string;
  concept: string;
  plugins: string[];
}

export function frontMatterText(text: string): string {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    if (/^\s*$/.test(line) && lines.length === 0) continue;
    const m = /^#( ?)(.*)$/.exec(line.replace(/\r$/, ''));
    if (!m) break;
    lines.push(m[2]);
  }
  return lines.join('\n');
}

/** Reads the leading comment block; null when it does not hold the required fields. */
export function parseFrontMatter(text: string): GalleryMeta | null {
  let v: unknown;
  try {
    v = parse(frontMatterText(text));
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string).trim() : '');
  const meta: GalleryMeta = {
    title: str('title'),
    concept: str('concept'),
    plugins: Array.isArray(o.plugins) ? o.plugins.map(String) : typeof o.plugins === 'string' ? [o.plugins] : [],
    watch: str('watch'),
    question: str('question'),
    answer: str('answer'),
  };
  if (!meta.title || !meta.question || !meta.answer) return null;
  if (str('focus')) meta.focus = str('focus');
  if (str('docs')) meta.docs = str('docs');
  if (Array.isArray(o.expect)) meta.expect = o.expect as GalleryExpectation[];
  return meta;
}

/** Upstream source folder of an in-tree plugin, for "see the code" links. */
export function pluginSourceUrl(plugin: string): string | null {
  const folders: Record<string, string> = {
    NodeResourcesFit: 'noderesources',
    NodeResourcesBalancedAllocation: 'noderesources',
    NodeAffinity: 'nodeaffinity',
    NodeName: 'nodename',
    NodePorts: 'nodeports',
    NodeUnschedulable: 'nodeunschedulable',
    TaintToleration: 'tainttoleration',
    InterPodAffinity: 'interpodaffinity',
    PodTopologySpread: 'podtopologyspread',
    DefaultPreemption: 'defaultpreemption',
    ImageLocality: 'imagelocality',
    PrioritySort: 'queuesort',
    VolumeBinding: 'volumebinding',
    SchedulingGates: 'schedulinggates',
  };
  const f = folders[plugin];
  return f ? `https://github.com/kubernetes/kubernetes/tree/release-1.35/pkg/scheduler/framework/plugins/${f}` : null;
}
