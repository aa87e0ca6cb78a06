/**
 * Box bounds of the SABR parameters [α, ρ, ν] (forward-normalised α, see ./sabr-vol.ts) for the optimiser.
 */

import type { Bounds } from '../optimize/least-squares.ts';

/**
 * The bounds, and why:
 *  - α ∈ [1e-4, 10]: α must be > 0 (z = (ν/α)…); 1e-4 (a 0.01% vol) keeps ν/α finite, 10 (1000%) is
 *    above any crypto ATM vol, even for hours-long expiries.
 *  - |ρ| ≤ 0.999: x(z) divides by 1 − ρ (and 1 + ρ in the reflected form); at 0.999 both stay ≥ 1e-3.
 *  - ν ∈ [0, max(10, 2/√T)]: ν = 0 is the no-smile limit. The ATM curvature is ∂²σ/∂k² ≈ (2 − 3ρ²)ν²/(6α),
 *    and a 1-day BTC smile (vol 50% → 100% over k = ±0.1) needs ν ≈ 12, so a fixed cap of 10 would bind
 *    for short expiries; 2/√T keeps ν²T ≤ 4 there (Hagan's error grows as ν²T), while 10 is far above any
 *    fitted vol of vol beyond a month (typically 0.5–3).
 */
export const SABR_ALPHA_MIN = 1e-4;
export const SABR_ALPHA_MAX = 10;
export const SABR_RHO_MAX = 0.999;

/** Upper bound of ν for an expiry T years away (see above). */
export function sabrNuMax(timeYears: number): number {
  return timeYears > 0 ? Math.max(10, 2 / Math.sqrt(timeYears)) : 10;
}

export function sabrBounds(timeYears: number): Bounds {
  return {
    lower: Float64Array.of(SABR_ALPHA_MIN, -SABR_RHO_MAX, 0),
    upper: Float64Array.of(SABR_ALPHA_MAX, SABR_RHO_MAX, sabrNuMax(timeYears)),
  };
}
