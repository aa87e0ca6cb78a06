/**
 * The market's own constant-maturity ATM volatility, read off the quotes without any model: per expiry,
 * the mid implied vol at log-moneyness 0 by linear interpolation between the two quotes that bracket it;
 * across expiries, total variance σ²T linear in T between the two expiries that bracket the tenor.
 *
 * What it is for: a yardstick for the day-over-day change of a fitted surface's ATM level. When a model's
 * constant-maturity ATM vol changes as much as this model-free one, the change is the market's, and no
 * regularisation can halve it without the fit falling behind the quotes (docs/backtest.md).
 *
 * NaN when no quote pair brackets k = 0 in the expiries around the tenor, or no expiries bracket it
 * (no extrapolation: a yardstick must not invent its own level).
 */
import type { SmileSlice } from '../calibration/smile-slice.ts';

/** Mid implied vol at k = 0 of one slice (quotes in strike order, so k ascending); NaN if not bracketed. */
export function atmMidVol(slice: SmileSlice): number {
  const k = slice.logMoneyness;
  for (let i = 1; i < slice.count; i++) {
    const k0 = k[i - 1]!;
    const k1 = k[i]!;
    if (k0 <= 0 && k1 >= 0) {
      const v0 = slice.midVol[i - 1]!;
      const v1 = slice.midVol[i]!;
      return k1 === k0 ? 0.5 * (v0 + v1) : v0 + ((v1 - v0) * (0 - k0)) / (k1 - k0);
    }
  }
  return Number.NaN;
}

/**
 * ATM vol at `tenorYears` from the slices whose ATM vol is defined and whose time to expiry is at least
 * `minTimeToExpiryYears` (hours-long expiries carry an ATM level of their own).
 */
export function constantMaturityAtmVol(slices: readonly SmileSlice[], tenorYears: number, minTimeToExpiryYears = 2 / 365): number {
  const points = slices
    .filter((s) => s.timeToExpiryYears >= minTimeToExpiryYears)
    .map((s) => ({ T: s.timeToExpiryYears, vol: atmMidVol(s) }))
    .filter((p) => Number.isFinite(p.vol))
    .sort((a, b) => a.T - b.T);
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (a.T <= tenorYears && b.T >= tenorYears) {
      const wa = a.vol * a.vol * a.T;
      const wb = b.vol * b.vol * b.T;
      const w = b.T === a.T ? wa : wa + ((wb - wa) * (tenorYears - a.T)) / (b.T - a.T);
      return Math.sqrt(w / tenorYears);
    }
  }
  return Number.NaN;
}
