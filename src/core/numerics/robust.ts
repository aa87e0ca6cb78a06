/**
 * Robust location estimates used where a few bad quotes must not move the answer (forwards from
 * put–call parity, summary statistics in reports).
 */

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Weighted median: the smallest value at which the cumulative weight reaches half the total
 * (the lower weighted median). Weights must be positive and finite; lists non-empty and of equal length.
 */
export function weightedMedian(values: readonly number[], weights: readonly number[]): number {
  if (values.length === 0 || values.length !== weights.length) {
    throw new RangeError(`weightedMedian needs equal non-empty lists (got ${values.length} and ${weights.length})`);
  }
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  let total = 0;
  for (const w of weights) total += w;
  let cumulative = 0;
  for (const i of order) {
    cumulative += weights[i]!;
    if (cumulative >= total / 2) return values[i]!;
  }
  return values[order[order.length - 1]!]!;
}
