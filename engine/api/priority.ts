// Pod priority as the Priority admission plugin resolves it (plugin/pkg/admission/priority):
// the named PriorityClass's value and preemptionPolicy; the globalDefault class (lowest value if
// several) for pods naming none; 0 / PreemptLowerPriority when there is no default class.
// The built-in classes system-cluster-critical and system-node-critical always exist.
//
// Deviation kept on purpose: a pod that names no class but gives spec.priority keeps that value
// (upstream would reject it unless it equals the default); the conformance corpus relies on it.

import type { PriorityClass } from 'kubernetes-types/scheduling/v1';

export const SYSTEM_CLUSTER_CRITICAL = 'system-cluster-critical';
export const SYSTEM_NODE_CRITICAL = 'system-node-critical';
export const SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;
/** upstream HighestUserDefinablePriority. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
export const DEFAULT_PREEMPTION_POLICY = 'PreemptLowerPriority';

/** The classes the apiserver creates at start-up. */
export function builtinPriorityClasses(): PriorityClass[] {
  return [
    {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: SYSTEM_NODE_CRITICAL },
      value: SYSTEM_CRITICAL_PRIORITY + 1000,
      preemptionPolicy: DEFAULT_PREEMPTION_POLICY,
      description: 'Used for system critical pods that must not be moved from their current node.',
    },
    {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: SYSTEM_CLUSTER_CRITICAL },
      value: SYSTEM_CRITICAL_PRIORITY,
      preemptionPolicy: DEFAULT_PREEMPTION_POLICY,
      description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
    },
  ];
}

export const isBuiltinPriorityClassName = (name: string): boolean => name === SYSTEM_CLUSTER_CRITICAL || name === SYSTEM_NODE_CRITICAL;

/** Problems upstream's PriorityClass validation/admission finds in one class (given the classes before it). */
export function validatePriorityClass(pc: PriorityClass, earlier: PriorityClass[]): string[] {
  const errs: string[] = [];
  const name = pc.metadata?.name ?? '';
  if (name.startsWith('system-') && !isBuiltinPriorityClassName(name)) {
    errs.push(`metadata.name: Invalid value: ${JSON.stringify(name)}: priority class names with 'system-' prefix are reserved for system use only`);
  } else if (!name.startsWith('system-') && pc.value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errs.push(`value: Invalid value: ${pc.value}: maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`);
  }
  if (pc.globalDefault) {
    const other = earlier.find((e) => e.globalDefault);
    if (other) errs.push(`globalDefault: PriorityClass ${other.metadata?.name} is already marked as default. Only one default can exist`);
  }
  return errs;
}

export interface ResolvedPriority {
  priority: number;
  preemptionPolicy: string;
  /** Class name to record in spec.priorityClassName ('' = none). */
  className: string;
  error?: string;
}

export class PriorityResolver {
  private readonly byName = new Map<string, PriorityClass>();
  private readonly defaultClass: PriorityClass | null;

  constructor(classes: PriorityClass[]) {
    for (const pc of builtinPriorityClasses()) this.byName.set(pc.metadata!.name!, pc);
    let def: PriorityClass | null = null;
    for (const pc of classes) {
      this.byName.set(pc.metadata?.name ?? '', pc);
      if (pc.globalDefault && (def === null || def.value > pc.value)) def = pc;
    }
    this.defaultClass = def;
  }

  get(name: string): PriorityClass | undefined {
    return this.byName.get(name);
  }

  /** Resolves a pod spec's priority, as admission would on create. */
  resolve(spec: { priority?: number; priorityClassName?: string; preemptionPolicy?: string }): ResolvedPriority {
    const name = spec.priorityClassName ?? '';
    if (name === '') {
      if (spec.priority !== undefined) {
        return { priority: spec.priority, preemptionPolicy: spec.preemptionPolicy ?? DEFAULT_PREEMPTION_POLICY, className: '' };
      }
      const d = this.defaultClass;
      if (d) return this.fromClass(d, spec);
      return { priority: 0, preemptionPolicy: spec.preemptionPolicy ?? DEFAULT_PREEMPTION_POLICY, className: '' };
    }
    const pc = this.byName.get(name);
    if (!pc) {
      return {
        priority: spec.priority ?? 0,
        preemptionPolicy: spec.preemptionPolicy ?? DEFAULT_PREEMPTION_POLICY,
        className: name,
        error: `no PriorityClass with name ${name} was found`,
      };
    }
    return this.fromClass(pc, spec);
  }

  private fromClass(pc: PriorityClass, spec: { priority?: number; preemptionPolicy?: string }): ResolvedPriority {
    const value = pc.value;
    const policy = pc.preemptionPolicy ?? DEFAULT_PREEMPTION_POLICY;
    const className = pc.metadata?.name ?? '';
    if (spec.priority !== undefined && spec.priority !== value) {
      return {
        priority: spec.priority,
        preemptionPolicy: policy,
        className,
        error: `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`,
      };
    }
    if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== policy) {
      return {
        priority: value,
        preemptionPolicy: spec.preemptionPolicy,
        className,
        error: `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`,
      };
    }
    return { priority: value, preemptionPolicy: policy, className };
  }
}
