// Taints and tolerations as upstream's v1.Toleration.ToleratesTaint and
// component-helpers/scheduling/corev1 FindMatchingUntoleratedTaint (v1.35).
//
// The numeric toleration operators Gt/Lt exist in v1.35 behind the alpha feature gate
// TaintTolerationComparisonOperators (default off). With the gate off, a toleration using Gt or
// Lt tolerates nothing; with it on, both values must be decimal integers in canonical form
// (content.IsDecimalInteger: no leading zeros, no '+') within int64, and the taint's value is
// compared to the toleration's (Gt: taint > toleration, Lt: taint < toleration).

import type { Taint, Toleration } from 'kubernetes-types/core/v1';

/** Default of the TaintTolerationComparisonOperators feature gate in v1.35. */
export const TAINT_TOLERATION_COMPARISON_OPERATORS_DEFAULT = false;

const canonicalIntRe = /^(0|-?[1-9][0-9]*)$/;

function canonicalInt64(s: string): bigint | null {
  if (!canonicalIntRe.test(s)) return null;
  const v = BigInt(s);
  if (v > 9_223_372_036_854_775_807n || v < -9_223_372_036_854_775_808n) return null;
  return v;
}

/** Whether one toleration tolerates the taint. */
export function tolerationToleratesTaint(
  toleration: Toleration,
  taint: Taint,
  enableComparisonOperators = TAINT_TOLERATION_COMPARISON_OPERATORS_DEFAULT,
): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? '') {
    case '':
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    case 'Lt':
    case 'Gt': {
      if (!enableComparisonOperators) return false;
      const tv = canonicalInt64(toleration.value ?? '');
      const nv = canonicalInt64(taint.value ?? '');
      if (tv === null || nv === null) return false;
      return toleration.operator === 'Lt' ? nv < tv : nv > tv;
    }
    default:
      return false;
  }
}

/** Whether any of the tolerations tolerates the taint. */
export function tolerationsTolerateTaint(
  tolerations: readonly Toleration[] | null | undefined,
  taint: Taint,
  enableComparisonOperators = TAINT_TOLERATION_COMPARISON_OPERATORS_DEFAULT,
): boolean {
  if (!tolerations) return false;
  for (let i = 0; i < tolerations.length; i++) {
    if (tolerationToleratesTaint(tolerations[i], taint, enableComparisonOperators)) return true;
  }
  return false;
}

/**
 * The first taint (in node order) that passes `filter` and is not tolerated, or null when all
 * filtered taints are tolerated.
 */
export function findMatchingUntoleratedTaint(
  taints: readonly Taint[] | null | undefined,
  tolerations: readonly Toleration[] | null | undefined,
  filter?: ((taint: Taint) => boolean) | null,
  enableComparisonOperators = TAINT_TOLERATION_COMPARISON_OPERATORS_DEFAULT,
): Taint | null {
  if (!taints) return null;
  for (let i = 0; i < taints.length; i++) {
    const t = taints[i];
    if (filter && !filter(t)) continue;
    if (!tolerationsTolerateTaint(tolerations, t, enableComparisonOperators)) return t;
  }
  return null;
}

/** The TaintToleration filter's inclusion filter: NoSchedule and NoExecute taints. */
export const doNotScheduleTaintsFilter = (t: Taint): boolean => t.effect === 'NoSchedule' || t.effect === 'NoExecute';
