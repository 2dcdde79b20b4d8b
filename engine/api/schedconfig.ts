// KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1) read into a SchedulerConfig.
// Types are checked here with positions; defaulting and the semantic checks that need the
// plugin registry (unknown plugins, args validation, queue sort consistency) happen when the
// configuration is built (engine/framework/config.ts). Here we also apply upstream's
// invalidPluginsByVersion check (removed plugins named in a per-extension-point plugin set).
//
// Embedded in a ConfigMap (as in the Kubernetes docs' "my-scheduler" example), a configuration
// describes a second scheduler running beside the default one: its profiles are added to the
// main configuration's profiles (the default-scheduler profile is kept).

import type { ExtensionPointName, PluginRef, PluginSet, ProfileConfig, SchedulerConfig } from './scenario';
import { joinPath } from './diagnostics';
import { checkValue, INT32_MAX, type CheckCtx, type Schema } from './validate';

export const SCHEDULER_CONFIG_API_VERSION = 'kubescheduler.config.k8s.io/v1';
export const SCHEDULER_CONFIG_OLD_VERSIONS = ['kubescheduler.config.k8s.io/v1beta1', 'kubescheduler.config.k8s.io/v1beta2', 'kubescheduler.config.k8s.io/v1beta3'];

export const EXTENSION_POINT_NAMES: readonly ExtensionPointName[] = [
  'preEnqueue',
  'queueSort',
  'preFilter',
  'filter',
  'postFilter',
  'preScore',
  'score',
  'reserve',
  'permit',
  'preBind',
  'bind',
  'postBind',
  'multiPoint',
];

/** upstream invalidPluginsByVersion for v1. */
export const REMOVED_PLUGINS = ['AzureDiskLimits', 'CinderLimits', 'EBSLimits', 'GCEPDLimits'];

const pluginRef: Schema = {
  k: 'object',
  name: 'Plugin',
  fields: { name: { k: 'string' }, weight: { k: 'int', min: 0, max: INT32_MAX } },
  required: ['name'],
};
const pluginSet: Schema = {
  k: 'object',
  name: 'PluginSet',
  fields: { enabled: { k: 'list', items: pluginRef }, disabled: { k: 'list', items: pluginRef } },
};
const plugins: Schema = {
  k: 'object',
  name: 'Plugins',
  fields: Object.fromEntries(EXTENSION_POINT_NAMES.map((n) => [n, pluginSet])),
};
const profile: Schema = {
  k: 'object',
  name: 'KubeSchedulerProfile',
  fields: {
    schedulerName: { k: 'string' },
    percentageOfNodesToScore: { k: 'int' },
    plugins,
    pluginConfig: {
      k: 'list',
      items: {
        k: 'object',
        name: 'PluginConfig',
        fields: { name: { k: 'string' }, args: { k: 'map', values: { k: 'any' } } },
        required: ['name'],
      },
    },
  },
};
export const kubeSchedulerConfiguration: Schema = {
  k: 'object',
  name: 'KubeSchedulerConfiguration',
  fields: {
    percentageOfNodesToScore: { k: 'int' },
    podInitialBackoffSeconds: { k: 'int' },
    podMaxBackoffSeconds: { k: 'int' },
    parallelism: { k: 'int' },
    profiles: { k: 'list', items: profile },
  },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

function readPluginSet(set: Obj | undefined): PluginSet | undefined {
  if (!set) return undefined;
  const refs = (l: Obj[] | undefined): PluginRef[] | undefined =>
    l?.map((p) => (p.weight !== undefined ? { name: p.name as string, weight: p.weight as number } : { name: p.name as string }));
  const out: PluginSet = {};
  const en = refs(set.enabled);
  const dis = refs(set.disabled);
  if (en) out.enabled = en;
  if (dis) out.disabled = dis;
  return out;
}

/**
 * Checks and reads a KubeSchedulerConfiguration object (already parsed). Returns null when it
 * has errors (the problems are reported through ctx).
 */
export function readSchedulerConfig(o: Obj, ctx: CheckCtx): SchedulerConfig | null {
  const before = ctx.rep.errors;
  checkValue(ctx, o, kubeSchedulerConfiguration, '', undefined, undefined);
  const apiVersion = o.apiVersion as string;
  const profilesIn: Obj[] = Array.isArray(o.profiles) ? o.profiles : [];
  profilesIn.forEach((p, i) => {
    const base = `profiles[${i}]`;
    const ps: Obj = p?.plugins ?? {};
    for (const ep of EXTENSION_POINT_NAMES) {
      if (ep === 'multiPoint') continue;
      const enabled: Obj[] = ps[ep]?.enabled ?? [];
      enabled.forEach((e, j) => {
        if (REMOVED_PLUGINS.includes(e?.name)) {
          const path = `${base}.plugins.${ep}.enabled[${j}]`;
          ctx.rep.error(
            ctx.ref,
            path,
            `${path}: Invalid value: ${JSON.stringify(e.name)}: was invalid in version "${SCHEDULER_CONFIG_API_VERSION}" (KubeSchedulerConfiguration is version "${apiVersion}")`,
            ps[ep].enabled,
            j,
          );
        }
      });
    }
    const multi: Obj[] = ps.multiPoint?.enabled ?? [];
    multi.forEach((e, j) => {
      if (REMOVED_PLUGINS.includes(e?.name)) {
        const path = `${base}.plugins.multiPoint.enabled[${j}]`;
        ctx.rep.error(
          ctx.ref,
          path,
          `${path}: plugin "${e.name}" was removed from kube-scheduler (it is not in the v1.35 registry); kube-scheduler would fail to start with this profile`,
          ps.multiPoint.enabled,
          j,
        );
      }
    });
    ((p?.pluginConfig as Obj[] | undefined) ?? []).forEach((pc, j) => {
      const kind = pc?.args?.kind;
      if (typeof kind === 'string' && pc?.name && kind !== `${pc.name}Args`) {
        const path = joinPath(`${base}.pluginConfig[${j}].args`, 'kind');
        ctx.rep.error(ctx.ref, path, `${path}: Invalid value: ${JSON.stringify(kind)}: has to match plugin args (${pc.name}Args)`, pc.args, 'kind');
      }
    });
  });
  if (ctx.rep.errors > before) return null;

  const profiles: ProfileConfig[] = profilesIn.map((p) => {
    const out: ProfileConfig = { schedulerName: (p.schedulerName as string | undefined) ?? '' };
    if (p.percentageOfNodesToScore !== undefined) out.percentageOfNodesToScore = p.percentageOfNodesToScore;
    if (p.plugins) {
      const pl: Partial<Record<ExtensionPointName, PluginSet>> = {};
      for (const ep of EXTENSION_POINT_NAMES) {
        const s = readPluginSet(p.plugins[ep]);
        if (s) pl[ep] = s;
      }
      out.plugins = pl;
    }
    if (p.pluginConfig) {
      out.pluginConfig = (p.pluginConfig as Obj[]).map((pc) => {
        const args: Obj = { ...(pc.args ?? {}) };
        delete args.kind;
        delete args.apiVersion;
        return { name: pc.name as string, args };
      });
    }
    return out;
  });
  const cfg: SchedulerConfig = { profiles };
  if (o.percentageOfNodesToScore !== undefined) cfg.percentageOfNodesToScore = o.percentageOfNodesToScore;
  if (o.podInitialBackoffSeconds !== undefined) cfg.podInitialBackoffSeconds = o.podInitialBackoffSeconds;
  if (o.podMaxBackoffSeconds !== undefined) cfg.podMaxBackoffSeconds = o.podMaxBackoffSeconds;
  return cfg;
}
