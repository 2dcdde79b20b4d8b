// NodeResourcesFitArgs and NodeResourcesBalancedAllocationArgs (kubescheduler.config.k8s.io/v1),
// with upstream's defaulting (SetDefaults_*) and the checks of its validation.

export type ScoringStrategyType = 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';

export interface ResourceSpec {
  name: string;
  weight: number;
}

export interface UtilizationShapePoint {
  utilization: number;
  score: number;
}

export interface NodeResourcesFitArgs {
  ignoredResources: string[];
  ignoredResourceGroups: string[];
  scoringStrategy: {
    type: ScoringStrategyType;
    resources: ResourceSpec[];
    requestedToCapacityRatio?: { shape: UtilizationShapePoint[] };
  };
}

export interface NodeResourcesBalancedAllocationArgs {
  resources: ResourceSpec[];
}

/** Upstream's MaxCustomPriorityScore (the top of the RequestedToCapacityRatio shape scale). */
export const MaxCustomPriorityScore = 10;
export const MaxUtilization = 100;
const MaxResourceWeight = 100;

const defaultResourceSpec = (): ResourceSpec[] => [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];

const STRATEGIES: readonly ScoringStrategyType[] = ['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'];

function asArray(v: unknown, path: string): unknown[] {
  if (v == null) return [];
  if (!Array.isArray(v)) throw new Error(`${path}: must be a list`);
  return v;
}

function asNumber(v: unknown, path: string): number {
  if (v == null) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`${path}: must be an integer`);
  return v;
}

function parseResources(v: unknown, path: string): ResourceSpec[] {
  return asArray(v, path).map((r, i) => {
    const o = (r ?? {}) as Record<string, unknown>;
    const name = typeof o.name === 'string' ? o.name : '';
    return { name, weight: asNumber(o.weight, `${path}[${i}].weight`) };
  });
}

function validateResources(resources: ResourceSpec[], path: string): void {
  const seen = new Set<string>();
  resources.forEach((r, i) => {
    if (r.name === '') throw new Error(`${path}[${i}].name: Required value`);
    if (seen.has(r.name)) throw new Error(`${path}[${i}].name: Duplicate value: "${r.name}"`);
    seen.add(r.name);
    if (r.weight <= 0 || r.weight > MaxResourceWeight) {
      throw new Error(`${path}[${i}].weight: Invalid value: ${r.weight}: resource weight of ${r.name} should be in the range [1, ${MaxResourceWeight}]`);
    }
  });
}

function validateShape(shape: UtilizationShapePoint[], path: string): void {
  if (shape.length === 0) throw new Error(`${path}: Required value: at least one point must be specified`);
  for (let i = 0; i < shape.length; i++) {
    const p = shape[i];
    if (p.utilization < 0 || p.utilization > MaxUtilization) {
      throw new Error(`${path}[${i}].utilization: Invalid value: ${p.utilization}: not in valid range [0, ${MaxUtilization}]`);
    }
    if (i > 0 && p.utilization <= shape[i - 1].utilization) {
      throw new Error(`${path}[${i}].utilization: Invalid value: ${p.utilization}: utilization values must be sorted in increasing order`);
    }
    if (p.score < 0 || p.score > MaxCustomPriorityScore) {
      throw new Error(`${path}[${i}].score: Invalid value: ${p.score}: not in valid range [0, ${MaxCustomPriorityScore}]`);
    }
  }
}

/** Defaults (SetDefaults_NodeResourcesFitArgs) and validates raw NodeResourcesFitArgs; throws on invalid args. */
export function fitArgs(raw: Record<string, unknown> | undefined): NodeResourcesFitArgs {
  const a = raw ?? {};
  const ignoredResources = asArray(a.ignoredResources, 'ignoredResources').map(String);
  const ignoredResourceGroups = asArray(a.ignoredResourceGroups, 'ignoredResourceGroups').map(String);
  ignoredResourceGroups.forEach((g, i) => {
    if (g.includes('/')) throw new Error(`ignoredResourceGroups[${i}]: Invalid value: "${g}": resource group name can't contain '/'`);
  });
  const ss = a.scoringStrategy as Record<string, unknown> | null | undefined;
  let type: ScoringStrategyType = 'LeastAllocated';
  let resources = defaultResourceSpec();
  let rtc: { shape: UtilizationShapePoint[] } | undefined;
  if (ss != null) {
    const t = ss.type;
    if (typeof t !== 'string' || !STRATEGIES.includes(t as ScoringStrategyType)) {
      throw new Error(`scoringStrategy.type: Unsupported value: "${String(t ?? '')}": supported values: "LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"`);
    }
    type = t as ScoringStrategyType;
    const rs = parseResources(ss.resources, 'scoringStrategy.resources');
    resources = rs.length === 0 ? defaultResourceSpec() : rs;
    for (const r of resources) if (r.weight === 0) r.weight = 1;
    const rawRtc = ss.requestedToCapacityRatio as Record<string, unknown> | null | undefined;
    if (rawRtc != null) {
      const shape = asArray(rawRtc.shape, 'scoringStrategy.requestedToCapacityRatio.shape').map((p, i) => {
        const o = (p ?? {}) as Record<string, unknown>;
        return {
          utilization: asNumber(o.utilization, `scoringStrategy.requestedToCapacityRatio.shape[${i}].utilization`),
          score: asNumber(o.score, `scoringStrategy.requestedToCapacityRatio.shape[${i}].score`),
        };
      });
      rtc = { shape };
    }
  }
  validateResources(resources, 'scoringStrategy.resources');
  if (type === 'RequestedToCapacityRatio') {
    if (!rtc) throw new Error('scoringStrategy.requestedToCapacityRatio: Required value: requestedToCapacityRatio is required for Type RequestedToCapacityRatio');
    validateShape(rtc.shape, 'scoringStrategy.requestedToCapacityRatio.shape');
  }
  return { ignoredResources, ignoredResourceGroups, scoringStrategy: { type, resources, requestedToCapacityRatio: rtc } };
}

/** Defaults (SetDefaults_NodeResourcesBalancedAllocationArgs) and validates raw args; throws on invalid args. */
export function balancedAllocationArgs(raw: Record<string, unknown> | undefined): NodeResourcesBalancedAllocationArgs {
  const a = raw ?? {};
  let resources = parseResources(a.resources, 'resources');
  if (resources.length === 0) resources = defaultResourceSpec();
  for (const r of resources) if (r.weight === 0) r.weight = 1;
  const seen = new Set<string>();
  resources.forEach((r, i) => {
    if (seen.has(r.name)) throw new Error(`resources[${i}].name: Duplicate value: "${r.name}"`);
    seen.add(r.name);
    if (r.weight !== 1) throw new Error(`resources[${i}].weight: Invalid value: ${r.weight}: must be 1`);
  });
  return { resources };
}
