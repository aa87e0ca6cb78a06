/**
 * The fitted smile of one expiry as (log-moneyness, implied vol) points for drawing. The fit document
 * holds the fitted vol only at the quotes (`fitIv`); its `grid` holds the fitted total variance w(k) on
 * k ∈ [−1.5, 1.5] step 0.01 for every fitted expiry, from which σ(k) = √(w(k)/T). The curve is the grid
 * points inside [from, to] merged with the quote points (both lie on the same fitted smile), so it is dense
 * where the grid is and exact at the quotes; without a grid it is the quote points alone.
 */
import type { FitDocument, FittedExpiry } from '../app/fit-document.ts';

export interface SmilePoint {
  readonly k: number;
  readonly vol: number;
}

/** Index of the grid row fitted to `expiry` (rows are matched on time to expiry), or -1. */
export function gridRowOf(grid: FitDocument['grid'], expiry: Pick<FittedExpiry, 'timeToExpiryYears'>): number {
  if (grid === undefined) return -1;
  const T = expiry.timeToExpiryYears;
  return grid.timeToExpiryYears.findIndex((t) => Math.abs(t - T) <= 1e-12 * Math.max(1, Math.abs(T)));
}

export function smileCurve(expiry: FittedExpiry, grid: FitDocument['grid'], from: number, to: number): SmilePoint[] {
  const points: SmilePoint[] = expiry.quotes.filter((q) => Number.isFinite(q.fitIv)).map((q) => ({ k: q.logMoneyness, vol: q.fitIv }));
  const row = gridRowOf(grid, expiry);
  const T = expiry.timeToExpiryYears;
  if (grid !== undefined && row >= 0 && T > 0) {
    const w = grid.totalVariance[row] ?? [];
    grid.logMoneyness.forEach((k, i) => {
      const wk = w[i];
      if (k >= from && k <= to && typeof wk === 'number' && wk > 0 && Number.isFinite(wk)) points.push({ k, vol: Math.sqrt(wk / T) });
    });
  }
  return points.filter((p) => Number.isFinite(p.k) && Number.isFinite(p.vol)).sort((a, b) => a.k - b.k);
}
