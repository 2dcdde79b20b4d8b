// Effective scheduler configuration: upstream's defaulting of a KubeSchedulerConfiguration
// (pkg/scheduler/apis/config/v1/defaults.go and default_plugins.go: the default plugin set,
// mergePlugins, plugin args defaults) and the checks of its validation package, for v1.35.
//
// The expansion of multiPoint into the extension points needs to know which interfaces each
// plugin implements, so (as upstream) it happens when a profile's Framework is built
// (runtime.ts). Problems become diagnostics, never exceptions.

import type {
  Diagnostic,
  ExtensionPointName,
  PluginRef,
  ProfileConfig,
  SchedulerConfig,
  SourcePos,
} from '../api/scenario';

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';
export const DEFAULT_POD_INITIAL_BACKOFF_SECONDS = 1;
export const DEFAULT_POD_MAX_BACKOFF_SECONDS = 10;
/** upstream DefaultPodMaxInUnschedulablePodsDuration. */
export const POD_MAX_IN_UNSCHEDULABLE_PODS_SECONDS = 300;

/** Extension points other than multiPoint, in upstream's getExtensionPoints order. */
export const EXTENSION_POINTS = [
  'preFilter',
  'filter',
  'postFilter',
  'reserve',
  'preScore',
  'score',
  'preBind',
  'bind',
  'postBind',
  'permit',
  'preEnqueue',
  'queueSort',
] as const;
export type ExtensionPoint = (typeof EXTENSION_POINTS)[number];

/** All plugin set names of a profile, as in config.Plugins. */
export const ALL_PLUGIN_SETS: readonly ExtensionPointName[] = ['multiPoint', ...EXTENSION_POINTS];

export interface PluginSetConfig {
  enabled: PluginRef[];
  disabled: { name: string }[];
}

export type PluginsConfig = Record<ExtensionPointName, PluginSetConfig>;

/** A profile after upstream's defaulting (plugins merged with the defaults, args defaulted). */
export interface EffectiveProfile {
  schedulerName: string;
  /** The profile's own percentageOfNodesToScore; null = use the global value. */
  percentageOfNodesToScore: number | null;
  plugins: PluginsConfig;
  /** Defaulted args of every plugin that has an Args type (or was given args). */
  pluginArgs: Map<string, Record<string, unknown>>;
  /** Index in the config's profiles list. */
  index: number;
}

export interface EffectiveConfig {
  /** Global percentageOfNodesToScore (0 = adaptive). */
  percentageOfNodesToScore: number;
  podInitialBackoffSeconds: number;
  podMaxBackoffSeconds: number;
  podMaxInUnschedulablePodsSeconds: number;
  profiles: EffectiveProfile[];
}

/**
 * v1.35's default plugins (getDefaultPlugins with applyFeatureGates: DynamicResourceAllocation is
 * GA, so DynamicResources is inserted right before DefaultPreemption).
 */
export const DEFAULT_MULTIPOINT: readonly PluginRef[] = [
  { name: 'SchedulingGates' },
  { name: 'PrioritySort' },
  { name: 'NodeUnschedulable' },
  { name: 'NodeName' },
  { name: 'TaintToleration', weight: 3 },
  { name: 'NodeAffinity', weight: 2 },
  { name: 'NodePorts' },
  { name: 'NodeResourcesFit', weight: 1 },
  { name: 'VolumeRestrictions' },
  { name: 'NodeVolumeLimits' },
  { name: 'VolumeBinding' },
  { name: 'VolumeZone' },
  { name: 'PodTopologySpread', weight: 2 },
  { name: 'InterPodAffinity', weight: 2 },
  { name: 'DynamicResources' },
  { name: 'DefaultPreemption' },
  { name: 'NodeResourcesBalancedAllocation', weight: 1 },
  { name: 'ImageLocality', weight: 1 },
  { name: 'DefaultBinder' },
];

function emptyPlugins(): PluginsConfig {
  const p = {} as PluginsConfig;
  for (const n of ALL_PLUGIN_SETS) p[n] = { enabled: [], disabled: [] };
  return p;
}

export function defaultPlugins(): PluginsConfig {
  const p = emptyPlugins();
  p.multiPoint.enabled = DEFAULT_MULTIPOINT.map((r) => ({ ...r }));
  return p;
}

/** upstream mergePluginSet. */
export function mergePluginSet(def: PluginSetConfig, custom: { enabled?: PluginRef[]; disabled?: PluginRef[] } | undefined): PluginSetConfig {
  if (!custom) return { enabled: def.enabled.map((r) => ({ ...r })), disabled: def.disabled.map((r) => ({ ...r })) };
  const disabledNames = new Set<string>();
  const disabled: { name: string }[] = [];
  for (const d of custom.disabled ?? []) {
    disabled.push({ name: d.name });
    disabledNames.add(d.name);
  }
  for (const d of def.disabled) {
    disabled.push({ name: d.name });
    disabledNames.add(d.name);
  }
  const customEnabled = custom.enabled ?? [];
  const byName = new Map<string, { index: number; plugin: PluginRef }>();
  customEnabled.forEach((p, index) => byName.set(p.name, { index, plugin: p }));
  const replaced = new Set<number>();
  const enabled: PluginRef[] = [];
  if (!disabledNames.has('*')) {
    for (const dp of def.enabled) {
      if (disabledNames.has(dp.name)) continue;
      const c = byName.get(dp.name);
      if (c) {
        enabled.push({ ...c.plugin });
        replaced.add(c.index);
      } else enabled.push({ ...dp });
    }
  }
  customEnabled.forEach((p, i) => {
    if (!replaced.has(i)) enabled.push({ ...p });
  });
  return { enabled, disabled };
}

/** upstream mergePlugins. */
export function mergePlugins(def: PluginsConfig, custom: ProfileConfig['plugins'] | undefined): PluginsConfig {
  const out = emptyPlugins();
  for (const n of ALL_PLUGIN_SETS) out[n] = mergePluginSet(def[n], custom?.[n]);
  return out;
}

// ---- plugin args ------------------------------------------------------------------------------

const defaultResourceSpec = () => [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];

/** System default constraints of PodTopologySpread (upstream systemDefaultConstraints). */
export const SYSTEM_DEFAULT_CONSTRAINTS = [
  { topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
  { topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
] as const;

/** Plugins that have an Args kind in kubescheduler.config.k8s.io/v1. */
export const PLUGINS_WITH_ARGS = new Set([
  'DefaultPreemption',
  'InterPodAffinity',
  'NodeAffinity',
  'NodeResourcesBalancedAllocation',
  'NodeResourcesFit',
  'PodTopologySpread',
  'VolumeBinding',
  'DynamicResources',
]);

type Args = Record<string, unknown>;

const isObj = (v: unknown): v is Args => typeof v === 'object' && v !== null && !Array.isArray(v);

function defaultResourceWeights(list: unknown): { name: string; weight: number }[] {
  if (!Array.isArray(list) || list.length === 0) return defaultResourceSpec();
  return list.map((r) => {
    const o = isObj(r) ? r : {};
    const w = typeof o.weight === 'number' && o.weight !== 0 ? o.weight : 1;
    return { ...o, name: String(o.name ?? ''), weight: w };
  });
}

/** Applies upstream's SetDefaults_<Plugin>Args to a copy of `given` (or to empty args). */
export function defaultArgs(plugin: string, given: Args | undefined): Args | undefined {
  const a: Args = { ...(given ?? {}) };
  delete a.apiVersion;
  delete a.kind;
  switch (plugin) {
    case 'DefaultPreemption':
      if (a.minCandidateNodesPercentage == null) a.minCandidateNodesPercentage = 10;
      if (a.minCandidateNodesAbsolute == null) a.minCandidateNodesAbsolute = 100;
      return a;
    case 'InterPodAffinity':
      if (a.hardPodAffinityWeight == null) a.hardPodAffinityWeight = 1;
      if (a.ignorePreferredTermsOfExistingPods == null) a.ignorePreferredTermsOfExistingPods = false;
      return a;
    case 'NodeAffinity':
      return a;
    case 'NodeResourcesBalancedAllocation':
      a.resources = defaultResourceWeights(a.resources);
      return a;
    case 'NodeResourcesFit': {
      const ss = isObj(a.scoringStrategy) ? { ...a.scoringStrategy } : null;
      if (!ss) {
        a.scoringStrategy = { type: 'LeastAllocated', resources: defaultResourceSpec() };
      } else {
        ss.resources = defaultResourceWeights(ss.resources);
        if (ss.type == null || ss.type === '') ss.type = 'LeastAllocated';
        a.scoringStrategy = ss;
      }
      if (a.ignoredResources == null) a.ignoredResources = [];
      if (a.ignoredResourceGroups == null) a.ignoredResourceGroups = [];
      return a;
    }
    case 'PodTopologySpread':
      if (a.defaultingType == null || a.defaultingType === '') a.defaultingType = 'System';
      if (a.defaultConstraints == null) a.defaultConstraints = [];
      return a;
    case 'VolumeBinding':
      if (a.bindTimeoutSeconds == null) a.bindTimeoutSeconds = 600;
      return a;
    case 'DynamicResources':
      if (a.filterTimeout == null) a.filterTimeout = '10s';
      return a;
    default:
      return given ? a : undefined;
  }
}

/** Checks of upstream's ValidateXxxArgs (apis/config/validation/validation_pluginargs.go). */
export function validateArgs(plugin: string, a: Args, path: string): string[] {
  const errs: string[] = [];
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : NaN);
  switch (plugin) {
    case 'DefaultPreemption': {
      const pct = num(a.minCandidateNodesPercentage);
      const abs = num(a.minCandidateNodesAbsolute);
      if (!(pct >= 0 && pct <= 100))
        errs.push(`${path}.minCandidateNodesPercentage: Invalid value: ${String(a.minCandidateNodesPercentage)}: not in valid range [0, 100]`);
      if (!(abs >= 0)) errs.push(`${path}.minCandidateNodesAbsolute: Invalid value: ${String(a.minCandidateNodesAbsolute)}: not in valid range [0, inf)`);
      if (pct === 0 && abs === 0)
        errs.push(`${path}.minCandidateNodesAbsolute: Invalid value: 0: cannot be zero at the same time as minCandidateNodesPercentage`);
      break;
    }
    case 'InterPodAffinity': {
      const w = num(a.hardPodAffinityWeight);
      if (!(w >= 0 && w <= 100))
        errs.push(`${path}.hardPodAffinityWeight: Invalid value: ${String(a.hardPodAffinityWeight)}: not in valid range [0, 100]`);
      break;
    }
    case 'NodeResourcesBalancedAllocation':
      errs.push(...validateResources(a.resources, `${path}.resources`));
      break;
    case 'NodeResourcesFit': {
      const ss = isObj(a.scoringStrategy) ? a.scoringStrategy : {};
      const types = ['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'];
      if (!types.includes(String(ss.type)))
        errs.push(`${path}.scoringStrategy.type: Unsupported value: "${String(ss.type)}": supported values: "LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"`);
      errs.push(...validateResources(ss.resources, `${path}.scoringStrategy.resources`));
      if (ss.type === 'RequestedToCapacityRatio') {
        const rtc = isObj(ss.requestedToCapacityRatio) ? ss.requestedToCapacityRatio : {};
        const shape = Array.isArray(rtc.shape) ? rtc.shape : [];
        const sp = `${path}.scoringStrategy.requestedToCapacityRatio.shape`;
        if (shape.length === 0) errs.push(`${sp}: Required value: at least one point must be specified`);
        let prev = -1;
        shape.forEach((pt, i) => {
          const o = isObj(pt) ? pt : {};
          const u = num(o.utilization);
          const s = num(o.score);
          if (!(u >= 0 && u <= 100)) errs.push(`${sp}[${i}].utilization: Invalid value: ${String(o.utilization)}: not in valid range [0, 100]`);
          else if (u <= prev) errs.push(`${sp}[${i}].utilization: Invalid value: ${u}: utilization values must be sorted in increasing order`);
          if (u >= 0) prev = u;
          if (!(s >= 0 && s <= 10)) errs.push(`${sp}[${i}].score: Invalid value: ${String(o.score)}: not in valid range [0, 10]`);
        });
      }
      if (a.ignoredResources != null && !Array.isArray(a.ignoredResources))
        errs.push(`${path}.ignoredResources: Invalid value: must be a list of resource names`);
      if (Array.isArray(a.ignoredResourceGroups)) {
        a.ignoredResourceGroups.forEach((g, i) => {
          if (String(g).includes('/'))
            errs.push(`${path}.ignoredResourceGroups[${i}]: Invalid value: "${String(g)}": resource group name can't contain '/'`);
        });
      }
      break;
    }
    case 'PodTopologySpread': {
      const t = a.defaultingType;
      if (t !== 'System' && t !== 'List')
        errs.push(`${path}.defaultingType: Unsupported value: "${String(t)}": supported values: "List", "System"`);
      const dc = Array.isArray(a.defaultConstraints) ? a.defaultConstraints : [];
      if (t === 'System' && dc.length > 0)
        errs.push(`${path}.defaultConstraints: Invalid value: ${JSON.stringify(dc)}: when .defaultingType is "System"`);
      dc.forEach((c, i) => {
        const o = isObj(c) ? c : {};
        const cp = `${path}.defaultConstraints[${i}]`;
        if (!(num(o.maxSkew) > 0)) errs.push(`${cp}.maxSkew: Invalid value: ${String(o.maxSkew)}: not in valid range (0, inf)`);
        if (!o.topologyKey) errs.push(`${cp}.topologyKey: Required value: can not be empty`);
        if (o.whenUnsatisfiable !== 'DoNotSchedule' && o.whenUnsatisfiable !== 'ScheduleAnyway')
          errs.push(`${cp}.whenUnsatisfiable: Unsupported value: "${String(o.whenUnsatisfiable)}": supported values: "DoNotSchedule", "ScheduleAnyway"`);
        if (o.labelSelector != null) errs.push(`${cp}.labelSelector: Forbidden: constraint must not define a selector, as they deduced for each pod`);
      });
      break;
    }
    case 'VolumeBinding': {
      const b = num(a.bindTimeoutSeconds);
      if (!(b >= 0)) errs.push(`${path}.bindTimeoutSeconds: Invalid value: ${String(a.bindTimeoutSeconds)}: invalid BindTimeoutSeconds, should not be a negative value`);
      break;
    }
  }
  return errs;
}

function validateResources(list: unknown, path: string): string[] {
  const errs: string[] = [];
  if (!Array.isArray(list)) return errs;
  const seen = new Set<string>();
  list.forEach((r, i) => {
    const o = isObj(r) ? r : {};
    const w = o.weight as number;
    if (!(typeof w === 'number' && w >= 1 && w <= 100)) errs.push(`${path}[${i}].weight: Invalid value: ${String(w)}: resource weight of ${String(o.name)} not in valid range [1, 100]`);
    const n = String(o.name ?? '');
    if (seen.has(n)) errs.push(`${path}[${i}].name: Duplicate value: "${n}"`);
    seen.add(n);
  });
  return errs;
}

// ---- the whole configuration ----------------------------------------------------------------

export interface BuildConfigResult {
  config: EffectiveConfig;
  diagnostics: Diagnostic[];
}

const NOWHERE: SourcePos = { file: '<config>', doc: 0, line: 1, col: 1, path: '' };

/**
 * Defaults and validates a SchedulerConfig (null = the default configuration: one profile
 * "default-scheduler" with the default plugins). Profiles that fail validation are left out
 * of `config.profiles` (their pods then stay pending); each problem is an error diagnostic.
 */
export function buildConfig(cfg: SchedulerConfig | null, pos: SourcePos = NOWHERE): BuildConfigResult {
  const diagnostics: Diagnostic[] = [];
  const err = (path: string, message: string) =>
    diagnostics.push({ ...pos, path, severity: 'error', message: path ? `${path}: ${message}` : message });

  const c: SchedulerConfig = cfg ?? { profiles: [] };
  let pct = c.percentageOfNodesToScore ?? 0;
  if (!(Number.isInteger(pct) && pct >= 0 && pct <= 100)) {
    err('percentageOfNodesToScore', `Invalid value: ${String(c.percentageOfNodesToScore)}: not in valid range [0, 100]`);
    pct = 0;
  }
  let initial = c.podInitialBackoffSeconds ?? DEFAULT_POD_INITIAL_BACKOFF_SECONDS;
  let max = c.podMaxBackoffSeconds ?? DEFAULT_POD_MAX_BACKOFF_SECONDS;
  if (!(initial > 0)) {
    err('podInitialBackoffSeconds', `Invalid value: ${String(initial)}: must be greater than 0`);
    initial = DEFAULT_POD_INITIAL_BACKOFF_SECONDS;
  }
  if (!(max >= initial)) {
    err('podMaxBackoffSeconds', `Invalid value: ${String(max)}: must be greater than or equal to PodInitialBackoffSeconds`);
    max = Math.max(initial, DEFAULT_POD_MAX_BACKOFF_SECONDS);
  }

  const rawProfiles: ProfileConfig[] = c.profiles && c.profiles.length ? c.profiles : [{ schedulerName: '' }];
  const profiles: EffectiveProfile[] = [];
  const names = new Set<string>();
  rawProfiles.forEach((rp, i) => {
    const path = `profiles[${i}]`;
    let ok = true;
    let name = rp.schedulerName;
    if (!name) {
      if (rawProfiles.length === 1) name = DEFAULT_SCHEDULER_NAME;
      else {
        err(`${path}.schedulerName`, 'Required value');
        ok = false;
      }
    }
    if (name && names.has(name)) {
      err(`${path}.schedulerName`, `Duplicate value: "${name}"`);
      ok = false;
    }
    if (name) names.add(name);
    let ppct: number | null = rp.percentageOfNodesToScore ?? null;
    if (ppct !== null && !(Number.isInteger(ppct) && ppct >= 0 && ppct <= 100)) {
      err(`${path}.percentageOfNodesToScore`, `Invalid value: ${String(ppct)}: not in valid range [0, 100]`);
      ppct = null;
      ok = false;
    }
    const plugins = mergePlugins(defaultPlugins(), rp.plugins);
    for (const set of ALL_PLUGIN_SETS) {
      plugins[set].enabled.forEach((p, j) => {
        if (p.weight != null && (!Number.isInteger(p.weight) || p.weight < 0)) {
          err(`${path}.plugins.${set}.enabled[${j}].weight`, `Invalid value: ${String(p.weight)}: must be a non-negative integer`);
          ok = false;
        }
      });
    }
    // Plugin args: given ones defaulted, plus defaults for every enabled plugin with an Args kind.
    const pluginArgs = new Map<string, Args>();
    const given = rp.pluginConfig ?? [];
    given.forEach((pc, j) => {
      if (pluginArgs.has(pc.name)) {
        err(`${path}.pluginConfig[${j}]`, `Duplicate value: "${pc.name}"`);
        ok = false;
        return;
      }
      const a = defaultArgs(pc.name, isObj(pc.args) ? pc.args : {}) ?? {};
      for (const e of validateArgs(pc.name, a, `${path}.pluginConfig[${j}].args`)) {
        diagnostics.push({ ...pos, path: `${path}.pluginConfig[${j}].args`, severity: 'error', message: e });
        ok = false;
      }
      pluginArgs.set(pc.name, a);
    });
    for (const set of ALL_PLUGIN_SETS) {
      for (const p of plugins[set].enabled) {
        if (pluginArgs.has(p.name) || !PLUGINS_WITH_ARGS.has(p.name)) continue;
        const a = defaultArgs(p.name, undefined);
        if (a) pluginArgs.set(p.name, a);
      }
    }
    if (ok) profiles.push({ schedulerName: name, percentageOfNodesToScore: ppct, plugins, pluginArgs, index: i });
  });

  // All profiles must share the queue sort plugin and its args (validateCommonQueueSort).
  if (profiles.length > 1) {
    const key = (p: EffectiveProfile) => {
      const qs = effectiveQueueSort(p);
      return JSON.stringify([qs, qs ? (p.pluginArgs.get(qs) ?? null) : null]);
    };
    const first = key(profiles[0]);
    for (let i = 1; i < profiles.length; i++) {
      if (key(profiles[i]) !== first) {
        err(`profiles[${profiles[i].index}].plugins.queueSort`, `Invalid value: queueSort must be the same for all profiles`);
      }
    }
  }

  return {
    config: {
      percentageOfNodesToScore: pct,
      podInitialBackoffSeconds: initial,
      podMaxBackoffSeconds: max,
      podMaxInUnschedulablePodsSeconds: POD_MAX_IN_UNSCHEDULABLE_PODS_SECONDS,
      profiles,
    },
    diagnostics,
  };
}

/** Best-effort name of a profile's queue sort plugin before instantiation (for validation). */
function effectiveQueueSort(p: EffectiveProfile): string | null {
  if (p.plugins.queueSort.enabled.length) return p.plugins.queueSort.enabled[0].name;
  if (p.plugins.queueSort.disabled.some((d) => d.name === '*')) return null;
  const dis = new Set(p.plugins.queueSort.disabled.map((d) => d.name));
  const m = p.plugins.multiPoint.enabled.find((e) => e.name === 'PrioritySort' && !dis.has(e.name));
  return m ? m.name : null;
}
