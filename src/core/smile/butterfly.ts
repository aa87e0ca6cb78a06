/**
 * A model-independent butterfly-arbitrage check: Durrleman's condition on any total-variance function
 * w(k), evaluated with central finite differences. g(k) ≥ 0 everywhere is equivalent to a non-negative
 * risk-neutral density (call prices convex in strike) — Gatheral & Jacquier, "Arbitrage-free SVI volatility
 * surfaces", Quantitative Finance 14 (2014), eq. (2.1):
 *
 *   g(k) = (1 − k·w′/(2w))² − (w′²/4)·(1/w + 1/4) + w″/2.
 *
 * Derivatives by central differences with step h (default 1e-4 in k): truncation error O(h²·w⁗) ≈ 1e-8
 * relative for smooth smiles, well below the magnitudes that matter (a violation is g < 0 by far more).
 * Used for every smile model's report, and as an independent check of models' analytic g.
 */

export interface ButterflyCheck {
  /** Smallest g(k) over the grid (≥ 0 means no butterfly arbitrage on the grid). */
  readonly minimumG: number;
  readonly atLogMoneyness: number;
  /** Grid points where g < 0, or w ≤ 0 (no variance: also an arbitrage). */
  readonly violations: number;
}

export function durrlemanG(totalVariance: (k: number) => number, k: number, h = 1e-4): number {
  const w = totalVariance(k);
  const up = totalVariance(k + h);
  const down = totalVariance(k - h);
  const w1 = (up - down) / (2 * h);
  const w2 = (up - 2 * w + down) / (h * h);
  const a = 1 - (k * w1) / (2 * w);
  return a * a - ((w1 * w1) / 4) * (1 / w + 0.25) + w2 / 2;
}

/** Durrleman's g on `steps + 1` equally spaced points of [kFrom, kTo]. */
export function checkButterfly(totalVariance: (k: number) => number, kFrom: number, kTo: number, steps: number): ButterflyCheck {
  let minimumG = Number.POSITIVE_INFINITY;
  let atLogMoneyness = kFrom;
  let violations = 0;
  for (let i = 0; i <= steps; i++) {
    const k = kFrom + ((kTo - kFrom) * i) / steps;
    const w = totalVariance(k);
    const g = w > 0 && Number.isFinite(w) ? durrlemanG(totalVariance, k) : Number.NEGATIVE_INFINITY;
    if (g < 0 || !Number.isFinite(g)) violations++;
    if (g < minimumG) {
      minimumG = g;
      atLogMoneyness = k;
    }
  }
  return { minimumG: Number.isFinite(minimumG) ? minimumG : -1e300, atLogMoneyness, violations };
}

/**
 * Calendar check between two expiries T1 < T2: total variance must not decrease in time at any k of the
 * grid (Gatheral & Jacquier 2014, Lemma 2.1, for fixed log-moneyness on the forward). Returns the number of
 * grid points where w2(k) < w1(k) − tolerance and the worst shortfall.
 */
export function checkCalendar(
  earlier: (k: number) => number,
  later: (k: number) => number,
  kFrom: number,
  kTo: number,
  steps: number,
  tolerance = 1e-12,
): { readonly violations: number; readonly worstShortfall: number } {
  let violations = 0;
  let worstShortfall = 0;
  for (let i = 0; i <= steps; i++) {
    const k = kFrom + ((kTo - kFrom) * i) / steps;
    const shortfall = earlier(k) - later(k);
    if (shortfall > tolerance) violations++;
    if (shortfall > worstShortfall) worstShortfall = shortfall;
  }
  return { violations, worstShortfall };
}
