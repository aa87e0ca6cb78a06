/**
 * The exact final repair of a joint raw-SVI surface fit (svi-surface.ts). Penalty rows only approach the
 * no-arbitrage conditions (a penalised optimum sits a little on the wrong side of its hinges, and between
 * grid points a dip can remain), so after the penalty stages the slices are walked from the shortest
 * expiry to the longest and each is moved, minimally, until it is free of arbitrage against the slice
 * before it, which is final by then:
 *
 * 1. Lee's wing bound b(1 + |ρ|) ≤ 2 (Lee 2004): where broken, b is scaled down with w(0) kept
 *    (sviModel.towardFlat), so the slice is back in svi.ts's domain.
 * 2. Is the slice free? g(k) ≥ BUTTERFLY_MARGIN on [min(−R, k_min), max(R, k_max)] (Gatheral & Jacquier
 *    2014, eq. 2.1; grid step CHECK_STEP with golden-section refinement of every low local minimum, and
 *    m ± 8σ densely: svi.ts's minimumDensityFactor), min w > 0, calls non-increasing in strike on [−R, R]
 *    (below), and w_i(k) ≥ w_{i−1}(k)(1 + CALENDAR_MARGIN) on [−R, R] and at both slices' quotes (grid step
 *    CHECK_STEP, every local maximum of the shortfall refined by golden section). If so it is left as it is.
 *
 *    Calls non-increasing (svi-call-spread.ts): g ≥ 0 on a window makes calls convex there, not decreasing;
 *    before this condition was checked the independent check flagged call spreads on the right wing of
 *    long expiries in 4 of 54 BTC surfaces (every 5th snapshot).
 * 3. Else the calendar shortfall is lifted away by a constant: a += max_k(w_{i−1}(1 + 2·CALENDAR_MARGIN) −
 *    w_i). A shift keeps w′ and w″ but not g (its w in the denominators moves), so the slice is re-checked.
 * 4. If still not free: the slice blended toward flat by a fraction t of its b (w(0) kept), then lifted as
 *    in 3, with the largest t that is free found by bisection. t = 0 (a flat smile lifted above slice
 *    i − 1: g ≡ 1, no calendar shortfall) is free, so the walk always ends with a surface free of
 *    arbitrage on the checked grids; how far it moved a slice shows in the fit statistics.
 *
 * The checks' grid step CHECK_STEP is half the independent check's (static-arbitrage.ts, 0.005), on the
 * same nodes −R + j·step, and refined between nodes: a violation the independent check could see is seen
 * here first. Not a hot path: it allocates per slice.
 */
import type { SmileSlice } from '../calibration/smile-slice.ts';
import { sviModel } from '../smile/svi.ts';
import { LEE_MAX_WING_SLOPE } from '../smile/svi-domain.ts';
import { callSpreadMarginAt } from './svi-call-spread.ts';
import { SVI_PARAMETER_COUNT, sviTotalVarianceAt } from './svi-surface-penalties.ts';

/** g must clear this after the repair: calibrate-smile.ts's margin, so an independent finite-difference check can tell it from 0. */
export const BUTTERFLY_MARGIN = 1e-6;
/**
 * w_i ≥ w_{i−1}(1 + CALENDAR_MARGIN) after the repair. The independent check allows a fall of 1e-12·w;
 * 1e-6 relative is 5e-7 vol points on a 50% vol, invisible in any fit statistic.
 */
export const CALENDAR_MARGIN = 1e-6;
/** Grid step of the repair's checks: half the independent check's 0.005, on the same nodes. */
const CHECK_STEP = 0.0025;
/** s(k) ≥ this: 1e-6 relative to the call's −∂C/∂K = N(d₂) at zero smile slope. */
export const CALL_SPREAD_MARGIN = 1e-6;
const BISECTION_STEPS = 30;
const GOLDEN = (Math.sqrt(5) - 1) / 2;

export interface SviSurfaceRepair {
  /** The repaired parameters, 5 per slice (a new array). */
  readonly packed: Float64Array;
  /** Slices the repair moved. */
  readonly moved: number;
  /** min g per slice on [min(−R, k_min), max(R, k_max)] after the repair. */
  readonly minG: number[];
  /** max over adjacent pairs and k ∈ [−R, R] ∪ quotes of 1 − w_{i+1}/w_i, clipped at 0 (0: no crossing). */
  readonly worstCalendarShortfall: number;
  /** Every condition holds with its margin (always, unless the input was not finite). */
  readonly arbitrageFree: boolean;
}

export function repairSviSurface(slices: readonly SmileSlice[], x: Float64Array, noArbitrageRange: number): SviSurfaceRepair {
  const n = slices.length;
  const out = Float64Array.from(x);
  const R = noArbitrageRange;
  let moved = 0;
  for (let i = 0; i < n; i++) {
    const o = SVI_PARAMETER_COUNT * i;
    const original = out.slice(o, o + SVI_PARAMETER_COUNT);
    const previous = i > 0 ? out.subarray(o - SVI_PARAMETER_COUNT, o) : null;
    const quotesK = i > 0 ? [slices[i - 1]!.logMoneyness, slices[i]!.logMoneyness] : [];
    const free = (candidate: Float64Array): boolean =>
      minimumDensity(candidate, slices[i]!, R) >= BUTTERFLY_MARGIN &&
      minimumTotalVariance(candidate) > 0 &&
      minimumCallSpreadMargin(candidate, R) >= CALL_SPREAD_MARGIN &&
      (previous === null || calendarShortfall(previous, candidate, R, quotesK, CALENDAR_MARGIN) <= 0);
    const lifted = (candidate: Float64Array): Float64Array => {
      if (previous === null) return candidate;
      const shortfall = calendarShortfall(previous, candidate, R, quotesK, 2 * CALENDAR_MARGIN);
      if (shortfall > 0) candidate[0] = candidate[0]! + shortfall;
      return candidate;
    };
    let slice = withinLeeBound(original);
    if (!free(slice)) {
      const shifted = lifted(slice.slice());
      if (free(shifted)) {
        slice = shifted;
      } else {
        // Bisection on the fraction t of b kept; t = 0 (flat, lifted) is free.
        const T = slices[i]!.timeToExpiryYears;
        const blend = (t: number): Float64Array => lifted(sviModel.towardFlat!(slice, t, T));
        let lo = 0;
        let hi = 1;
        let best = blend(0);
        for (let step = 0; step < BISECTION_STEPS; step++) {
          const t = (lo + hi) / 2;
          const candidate = blend(t);
          if (free(candidate)) {
            lo = t;
            best = candidate;
          } else {
            hi = t;
          }
        }
        slice = best;
      }
    }
    out.set(slice, o);
    if (slice.some((v, p) => v !== original[p])) moved++;
  }

  const minG: number[] = [];
  let worst = 0;
  let arbitrageFree = true;
  for (let i = 0; i < n; i++) {
    const p = out.subarray(SVI_PARAMETER_COUNT * i, SVI_PARAMETER_COUNT * (i + 1));
    const g = minimumDensity(p, slices[i]!, R);
    minG.push(g);
    if (!(g >= BUTTERFLY_MARGIN) || !(minimumTotalVariance(p) > 0) || !(wingSlope(p) <= LEE_MAX_WING_SLOPE)) arbitrageFree = false;
    if (!(minimumCallSpreadMargin(p, R) >= CALL_SPREAD_MARGIN)) arbitrageFree = false;
    if (i === 0) continue;
    const previous = out.subarray(SVI_PARAMETER_COUNT * (i - 1), SVI_PARAMETER_COUNT * i);
    const ks = [slices[i - 1]!.logMoneyness, slices[i]!.logMoneyness];
    if (!(calendarShortfall(previous, p, R, ks, CALENDAR_MARGIN) <= 0)) arbitrageFree = false;
    worst = Math.max(worst, relativeCalendarShortfall(previous, p, R, ks));
  }
  return { packed: out, moved, minG, worstCalendarShortfall: worst, arbitrageFree };
}

/** b(1 + |ρ|). */
function wingSlope(p: Float64Array): number {
  return p[1]! * (1 + Math.abs(p[2]!));
}

/** a + bσ√(1 − ρ²): w's minimum over all k. */
function minimumTotalVariance(p: Float64Array): number {
  return p[0]! + p[1]! * p[4]! * Math.sqrt(Math.max(0, 1 - p[2]! * p[2]!));
}

/** The slice itself, or a copy with b scaled (w(0) kept) so that b(1 + |ρ|) ≤ 2 exactly. */
function withinLeeBound(p: Float64Array): Float64Array {
  const slope = wingSlope(p);
  if (slope <= LEE_MAX_WING_SLOPE) return p.slice();
  const out = sviModel.towardFlat!(p, (LEE_MAX_WING_SLOPE / slope) * (1 - 1e-12), 0);
  // Rounding in the scaled b could leave the slope an ulp above 2.
  while (wingSlope(out) > LEE_MAX_WING_SLOPE) out[1] = out[1]! * (1 - 1e-15);
  return out;
}

/** min g on [min(−R, k_min), max(R, k_max)]: svi.ts's grid-and-refine search at step CHECK_STEP plus m ± 8σ. */
function minimumDensity(p: Float64Array, slice: SmileSlice, R: number): number {
  const from = Math.min(-R, slice.logMoneyness[0]!);
  const to = Math.max(R, slice.logMoneyness[slice.count - 1]!);
  return sviModel.minimumDensityFactor!(p, slice.timeToExpiryYears, from, to, Math.ceil((to - from) / CHECK_STEP));
}

/** min over k ∈ [−R, R] of s(k) (svi-call-spread.ts); −Infinity where w ≤ 0. */
function minimumCallSpreadMargin(p: Float64Array, R: number): number {
  return -gridMaximum((k) => -callSpreadMarginAt(p, 0, k), -R, R);
}

/**
 * max over k of w_prev(k)(1 + margin) − w_next(k) on [−R, R] (nodes −R + j·CHECK_STEP, every local maximum
 * refined by golden section) and at the given log-moneynesses: > 0 where the next slice falls short.
 */
function calendarShortfall(prev: Float64Array, next: Float64Array, R: number, ks: readonly Float64Array[], margin: number): number {
  const f = (k: number): number => sviTotalVarianceAt(prev, 0, k) * (1 + margin) - sviTotalVarianceAt(next, 0, k);
  let worst = gridMaximum(f, -R, R);
  for (const set of ks) for (const k of set) worst = Math.max(worst, f(k));
  return worst;
}

/** max of 1 − w_next/w_prev on the same points as calendarShortfall, clipped at 0. */
function relativeCalendarShortfall(prev: Float64Array, next: Float64Array, R: number, ks: readonly Float64Array[]): number {
  const f = (k: number): number => 1 - sviTotalVarianceAt(next, 0, k) / sviTotalVarianceAt(prev, 0, k);
  let worst = gridMaximum(f, -R, R);
  for (const set of ks) for (const k of set) worst = Math.max(worst, f(k));
  return Math.max(0, worst);
}

/** max of f on [from, to]: nodes every CHECK_STEP, then golden section between the neighbours of each local maximum. */
function gridMaximum(f: (k: number) => number, from: number, to: number): number {
  const steps = Math.max(1, Math.ceil((to - from) / CHECK_STEP - 1e-9));
  const h = (to - from) / steps;
  let best = -Infinity;
  let previous = -Infinity;
  let current = f(from);
  for (let j = 0; j <= steps; j++) {
    const next = j < steps ? f(from + (j + 1) * h) : -Infinity;
    best = Math.max(best, current);
    // A strict inequality on one side, so a flat stretch is not refined node by node.
    if ((current > previous && current >= next) || (current >= previous && current > next)) {
      best = Math.max(best, goldenMaximum(f, from + Math.max(0, j - 1) * h, from + Math.min(steps, j + 1) * h));
    }
    previous = current;
    current = next;
  }
  return best;
}

function goldenMaximum(f: (k: number) => number, from: number, to: number): number {
  let lo = from;
  let hi = to;
  let x1 = hi - GOLDEN * (hi - lo);
  let x2 = lo + GOLDEN * (hi - lo);
  let f1 = f(x1);
  let f2 = f(x2);
  // 60 iterations shrink the bracket by 0.618^60 ≈ 3e-13 of CHECK_STEP: far below where f is flat to rounding.
  for (let iter = 0; iter < 60; iter++) {
    if (f1 >= f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - GOLDEN * (hi - lo);
      f1 = f(x1);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + GOLDEN * (hi - lo);
      f2 = f(x2);
    }
  }
  return Math.max(f1, f2);
}
