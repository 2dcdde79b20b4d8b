// The scoring machinery shared by NodeResourcesFit and NodeResourcesBalancedAllocation
// (upstream resource_allocation.go, least_allocated.go, most_allocated.go,
// requested_to_capacity_ratio.go). All arithmetic follows upstream's int64 math: divisions of
// non-negative integers truncate.

import { nodeFastFields, SCORE_EXACT, SPLIT } from '../../cache/nodeinfo';
import { MAX_NODE_SCORE, type NodeInfo, type PodInfo } from '../../framework/types';
import { MaxCustomPriorityScore, MaxUtilization, type ResourceSpec, type UtilizationShapePoint } from './args';
import { isScalarResourceName } from './resource_names';

/** Scores a node from per-resource requested/allocatable; entries with allocatable 0 are to be skipped. */
export type Scorer = (requested: number[], allocatable: number[]) => number;

const enum Kind {
  CPU,
  Memory,
  EphemeralStorage,
  Other,
}

interface CompiledResource {
  name: string;
  weight: number;
  kind: Kind;
  /** Upstream's IsScalarResourceName: such a resource is bypassed when the pod does not request it. */
  scalar: boolean;
}

function compile(r: ResourceSpec): CompiledResource {
  const kind =
    r.name === 'cpu' ? Kind.CPU : r.name === 'memory' ? Kind.Memory : r.name === 'ephemeral-storage' ? Kind.EphemeralStorage : Kind.Other;
  return { name: r.name, weight: r.weight, kind, scalar: isScalarResourceName(r.name) };
}

export class ResourceAllocationScorer {
  readonly resources: CompiledResource[];
  // Scratch arrays reused by score() (the engine is single-threaded), so Score allocates nothing.
  private readonly requested: number[];
  private readonly allocatable: number[];

  constructor(
    resources: ResourceSpec[],
    private readonly scorer: Scorer,
    /** true: score with the plain requests; false: with the non-zero requests for cpu and memory. */
    private readonly useRequested: boolean,
  ) {
    this.resources = resources.map(compile);
    this.requested = new Array<number>(resources.length).fill(0);
    this.allocatable = new Array<number>(resources.length).fill(0);
  }

  /**
   * Upstream's calculatePodResourceRequestList: the pod's request of each configured resource
   * (with the 100m/200Mi defaults for containers without cpu/memory requests unless useRequested).
   */
  podRequests(pi: PodInfo): number[] {
    const out = new Array<number>(this.resources.length);
    for (let i = 0; i < this.resources.length; i++) {
      const r = this.resources[i];
      switch (r.kind) {
        case Kind.CPU:
          out[i] = this.useRequested ? pi.requests.milliCPU : pi.nonZeroMilliCPU;
          break;
        case Kind.Memory:
          out[i] = this.useRequested ? pi.requests.memory : pi.nonZeroMemory;
          break;
        case Kind.EphemeralStorage:
          out[i] = pi.requests.ephemeralStorage;
          break;
        default:
          out[i] = pi.requests.scalar.get(r.name) ?? 0;
      }
    }
    return out;
  }

  /** True when the pod requests none of the configured resources. */
  static isBestEffort(podRequests: number[]): boolean {
    for (let i = 0; i < podRequests.length; i++) if (podRequests[i] !== 0) return false;
    return true;
  }

  /** Upstream's resourceAllocationScorer.score. */
  score(ni: NodeInfo, podRequests: number[]): number {
    const req = this.requested;
    const alloc = this.allocatable;
    // The numbers the NodeInfo keeps in itself when exact (no other object to read), else the fields.
    const f = nodeFastFields(ni);
    const fast = f !== null && (f.fFlags & SCORE_EXACT) !== 0;
    const used = this.useRequested ? ni.requested : ni.nonZeroRequested;
    for (let i = 0; i < this.resources.length; i++) {
      const r = this.resources[i];
      const pr = podRequests[i];
      let a = 0;
      let q = 0;
      // An extended (scalar) resource the pod does not request is left out of the score.
      if (!(pr === 0 && r.scalar)) {
        switch (r.kind) {
          case Kind.CPU:
            if (fast) {
              a = f.sAllocCpu;
              q = (this.useRequested ? f.sReqCpu : f.sNzCpu) + pr;
            } else {
              a = ni.allocatable.milliCPU;
              q = used.milliCPU + pr;
            }
            break;
          case Kind.Memory:
            if (fast) {
              a = f.sAllocMemHi * SPLIT + f.sAllocMemLo;
              q = (this.useRequested ? f.sReqMemHi * SPLIT + f.sReqMemLo : f.sNzMemHi * SPLIT + f.sNzMemLo) + pr;
            } else {
              a = ni.allocatable.memory;
              q = used.memory + pr;
            }
            break;
          case Kind.EphemeralStorage:
            a = ni.allocatable.ephemeralStorage;
            q = ni.requested.ephemeralStorage + pr;
            break;
          default: {
            const na = ni.allocatable.scalar.get(r.name);
            if (na !== undefined) {
              a = na;
              q = (ni.requested.scalar.get(r.name) ?? 0) + pr;
            }
          }
        }
      }
      if (a === 0) {
        alloc[i] = 0;
        req[i] = 0;
        continue;
      }
      alloc[i] = a;
      req[i] = q;
    }
    return this.scorer(req, alloc);
  }
}

// ---- LeastAllocated ------------------------------------------------------------------------

/** (capacity - requested) * MaxNodeScore / capacity; 0 when requested exceeds capacity. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  if (requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

export function leastResourceScorer(resources: ResourceSpec[]): Scorer {
  const weights = resources.map((r) => r.weight);
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      nodeScore += leastRequestedScore(requested[i], allocatable[i]) * weights[i];
      weightSum += weights[i];
    }
    if (weightSum === 0) return 0;
    return Math.trunc(nodeScore / weightSum);
  };
}

// ---- MostAllocated -------------------------------------------------------------------------

/** requested * MaxNodeScore / capacity, with requested capped at capacity. */
export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  // requested may exceed capacity because pods without requests count with the non-zero defaults.
  if (requested > capacity) requested = capacity;
  return Math.trunc((requested * MAX_NODE_SCORE) / capacity);
}

export function mostResourceScorer(resources: ResourceSpec[]): Scorer {
  const weights = resources.map((r) => r.weight);
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      nodeScore += mostRequestedScore(requested[i], allocatable[i]) * weights[i];
      weightSum += weights[i];
    }
    if (weightSum === 0) return 0;
    return Math.trunc(nodeScore / weightSum);
  };
}

// ---- RequestedToCapacityRatio --------------------------------------------------------------

export interface FunctionShapePoint {
  utilization: number;
  score: number;
}

/** Upstream's helper.BuildBrokenLinearFunction (int64 arithmetic, truncating division). */
export function buildBrokenLinearFunction(shape: FunctionShapePoint[]): (p: number) => number {
  return (p) => {
    for (let i = 0; i < shape.length; i++) {
      if (p <= shape[i].utilization) {
        if (i === 0) return shape[0].score;
        const prev = shape[i - 1];
        const cur = shape[i];
        return prev.score + Math.trunc(((cur.score - prev.score) * (p - prev.utilization)) / (cur.utilization - prev.utilization));
      }
    }
    return shape[shape.length - 1].score;
  };
}

/** Go's math.Round: half away from zero. */
function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

export function requestedToCapacityRatioScorer(resources: ResourceSpec[], shape: UtilizationShapePoint[]): Scorer {
  // Shape scores are 0..MaxCustomPriorityScore; scale them to 0..MaxNodeScore.
  const scale = Math.trunc(MAX_NODE_SCORE / MaxCustomPriorityScore);
  const fnShape = shape.map((p) => ({ utilization: p.utilization, score: p.score * scale }));
  const raw = buildBrokenLinearFunction(fnShape);
  const resourceScore = (requested: number, capacity: number): number => {
    if (capacity === 0 || requested > capacity) return raw(MaxUtilization);
    return raw(Math.trunc((requested * MaxUtilization) / capacity));
  };
  const weights = resources.map((r) => r.weight);
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const s = resourceScore(requested[i], allocatable[i]);
      if (s > 0) {
        nodeScore += s * weights[i];
        weightSum += weights[i];
      }
    }
    if (weightSum === 0) return 0;
    return goRound(nodeScore / weightSum);
  };
}

// ---- BalancedAllocation --------------------------------------------------------------------

/**
 * Upstream's balancedResourceScorer: (1 - std of the requested/allocatable fractions) *
 * MaxNodeScore, truncated. Fractions are capped at 1; resources with allocatable 0 are left out.
 * Float operations are done in upstream's order so the results match bit for bit.
 */
export function balancedResourceScorer(requested: number[], allocatable: number[]): number {
  // At most a handful of resources: keep the fractions in a small reused buffer.
  const fractions = fractionBuf;
  let n = 0;
  let totalFraction = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    let f = requested[i] / allocatable[i];
    if (f > 1) f = 1;
    totalFraction += f;
    fractions[n++] = f;
  }
  let std = 0;
  if (n === 2) {
    std = Math.abs((fractions[0] - fractions[1]) / 2);
  } else if (n > 2) {
    const mean = totalFraction / n;
    let sum = 0;
    for (let i = 0; i < n; i++) sum = sum + (fractions[i] - mean) * (fractions[i] - mean);
    std = Math.sqrt(sum / n);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}
const fractionBuf: number[] = [];
