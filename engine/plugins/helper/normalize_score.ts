// Shared plugin helpers, as upstream's pkg/scheduler/framework/plugins/helper/normalize_score.go.

import type { NodeScore } from '../../framework/types';

/**
 * Upstream's DefaultNormalizeScore: scales the scores to 0..maxPriority relative to the highest
 * score (integer arithmetic, truncating as Go's int64 division does). With `reverse`, the result
 * is `maxPriority - score`. When every score is 0, reversed scores become maxPriority and
 * non-reversed ones stay 0. Returns null (success), rewriting `scores` in place.
 */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: NodeScore[]): null {
  let maxCount = 0;
  for (let i = 0; i < scores.length; i++) {
    if (scores[i].score > maxCount) maxCount = scores[i].score;
  }
  if (maxCount === 0) {
    if (reverse) {
      for (let i = 0; i < scores.length; i++) scores[i].score = maxPriority;
    }
    return null;
  }
  for (let i = 0; i < scores.length; i++) {
    let s = Math.trunc((maxPriority * scores[i].score) / maxCount);
    if (reverse) s = maxPriority - s;
    scores[i].score = s;
  }
  return null;
}
