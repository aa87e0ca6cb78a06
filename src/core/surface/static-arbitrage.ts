/**
 * An independent static-arbitrage check of any volatility surface, from prices rather than from the
 * model's parameter conditions: at each checked time T, undiscounted Black-76 calls on a unit forward,
 * C(K) = black76Price(1, e^k, T, σ(k, T), 'call') with σ = √(w(k, T)/T), on a dense k grid must be
 * - non-increasing in K (no call-spread arbitrage): C(K_{j+1}) − C(K_j) ≤ tol, and
 * - convex in K (no butterfly arbitrage): on the uneven K grid, λC(K_{j−1}) + (1 − λ)C(K_{j+1}) − C(K_j) ≥ −tol
 *   with λ = (K_{j+1} − K_j)/(K_{j+1} − K_{j−1}) (a butterfly's price, in units of the forward);
 * and between consecutive checked times total variance must not fall: w(k, T_{i+1}) ≥ w(k, T_i) − tol·w
 * (Gatheral & Jacquier 2014 Lemma 2.1 for fixed k on the forward).
 *
 * Tolerance: prices are in units of F = 1 and Black-76 is accurate to a few ulp of max(F, K) (black76.ts),
 * so the default 1e-12 sits well above rounding (≈ 1e-15) and far below any real violation. The check
 * samples a grid; it cannot see arbitrage between grid points, which is why the grid is dense.
 */
import { black76Price } from '../pricing/black76.ts';

/** The part of a surface the check needs (σ = √(w/T) is derived from it). */
export interface SurfaceForCheck {
  totalVariance(logMoneyness: number, timeYears: number): number;
}

export interface StaticArbitrageOptions {
  readonly kFrom: number;
  readonly kTo: number;
  readonly kStep: number;
  /** Absolute tolerance in price units (forward = 1), relative for total variance. */
  readonly tolerance: number;
}

export const defaultStaticArbitrageOptions: StaticArbitrageOptions = { kFrom: -1.5, kTo: 1.5, kStep: 0.005, tolerance: 1e-12 };

export interface ArbitrageViolation {
  readonly timeYears: number;
  readonly logMoneyness: number;
  /** By how much the condition fails (price units for spreads and butterflies, total variance for calendars). */
  readonly amount: number;
}

export interface StaticArbitrageReport {
  readonly gridPoints: number;
  readonly times: number;
  /** Points where calls increase with strike. */
  readonly callSpreadViolations: number;
  /** Points where calls are not convex in strike. */
  readonly butterflyViolations: number;
  /** Points where total variance falls from one checked time to the next. */
  readonly calendarViolations: number;
  /** Points where the surface gave a non-finite or negative vol. */
  readonly invalidVols: number;
  readonly worstCallSpread: ArbitrageViolation | null;
  readonly worstButterfly: ArbitrageViolation | null;
  readonly worstCalendar: ArbitrageViolation | null;
  readonly arbitrageFree: boolean;
}

/** Checks `surface` at the given times (ascending, > 0) on the options' k grid. */
export function checkStaticArbitrage(
  surface: SurfaceForCheck,
  times: readonly number[],
  options: Partial<StaticArbitrageOptions> = {},
): StaticArbitrageReport {
  const o = { ...defaultStaticArbitrageOptions, ...options };
  const m = Math.floor((o.kTo - o.kFrom) / o.kStep + 1e-9) + 1;
  const k = Float64Array.from({ length: m }, (_, j) => o.kFrom + j * o.kStep);
  const strike = k.map((x) => Math.exp(x));
  const call = new Float64Array(m);
  const w = new Float64Array(m);
  const wPrevious = new Float64Array(m);
  let callSpread = 0;
  let butterfly = 0;
  let calendar = 0;
  let invalid = 0;
  let worstCallSpread: ArbitrageViolation | null = null;
  let worstButterfly: ArbitrageViolation | null = null;
  let worstCalendar: ArbitrageViolation | null = null;
  times.forEach((t, ti) => {
    for (let j = 0; j < m; j++) {
      const wj = surface.totalVariance(k[j]!, t);
      const vol = Math.sqrt(wj / t);
      if (!(wj >= 0) || !Number.isFinite(vol)) {
        invalid++;
        call[j] = Number.NaN;
        w[j] = Number.NaN;
        continue;
      }
      call[j] = black76Price(1, strike[j]!, t, vol, 'call');
      w[j] = wj;
    }
    for (let j = 0; j + 1 < m; j++) {
      const rise = call[j + 1]! - call[j]!;
      if (rise > o.tolerance) {
        callSpread++;
        if (worstCallSpread === null || rise > worstCallSpread.amount) worstCallSpread = { timeYears: t, logMoneyness: k[j]!, amount: rise };
      }
    }
    for (let j = 1; j + 1 < m; j++) {
      const lambda = (strike[j + 1]! - strike[j]!) / (strike[j + 1]! - strike[j - 1]!);
      const fly = lambda * call[j - 1]! + (1 - lambda) * call[j + 1]! - call[j]!;
      if (fly < -o.tolerance) {
        butterfly++;
        if (worstButterfly === null || -fly > worstButterfly.amount) worstButterfly = { timeYears: t, logMoneyness: k[j]!, amount: -fly };
      }
    }
    if (ti > 0) {
      for (let j = 0; j < m; j++) {
        const fall = wPrevious[j]! - w[j]!;
        if (fall > o.tolerance * Math.max(wPrevious[j]!, 1e-300)) {
          calendar++;
          if (worstCalendar === null || fall > worstCalendar.amount) worstCalendar = { timeYears: t, logMoneyness: k[j]!, amount: fall };
        }
      }
    }
    wPrevious.set(w);
  });
  return {
    gridPoints: m,
    times: times.length,
    callSpreadViolations: callSpread,
    butterflyViolations: butterfly,
    calendarViolations: calendar,
    invalidVols: invalid,
    worstCallSpread,
    worstButterfly,
    worstCalendar,
    arbitrageFree: callSpread + butterfly + calendar + invalid === 0,
  };
}
