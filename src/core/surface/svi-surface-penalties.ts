/**
 * The penalty rows of the joint raw-SVI surface fit (svi-surface.ts): hinge residuals √W·min(0, c(x)) on
 * the no-arbitrage conditions of a surface of raw-SVI slices, with their exact Jacobians. A stage
 * penalises only the grid points near their hinge (SELECTION_SLACK).
 *
 * Grids: 121 points on the range, as the prototype of this fit had them (the per-slice calibrator found 61
 * as good for g alone; not re-measured here). With the stage's selection a row far from its hinge costs one
 * evaluation per stage, not a row of the Jacobian, so the dense grid is cheap.
 *
 * - Butterfly (Gatheral & Jacquier 2014, eq. 2.1): Durrleman's g(k) − margin ≥ 0 per slice on a grid of
 *   BUTTERFLY_RANGE_POINTS over [min(−R, k_min), max(R, k_max)], BUTTERFLY_QUOTE_POINTS over the quotes
 *   and BUTTERFLY_VERTEX_POINTS over m ± 8σ (placed at each stage's start: a short expiry's curvature can
 *   be far narrower than the range grid's step, σ ≈ 0.005 for a daily). g and ∂g from
 *   sviDensityFactorWithGradientOf (closed form).
 * - Calendar (Gatheral & Jacquier 2014, Lemma 2.1: w(k, T) non-decreasing in T at fixed k):
 *   w_{i+1}(k)/w_i(k) − 1 − margin ≥ 0 for each adjacent pair on CALENDAR_RANGE_POINTS over [−R, R] and at
 *   both slices' quoted log-moneynesses. Relative, so one weight fits a 1-day and a 1-year pair alike.
 * - Calls non-increasing in strike: s(k) − margin ≥ 0 (svi-call-spread.ts) per slice on CALL_SPREAD_POINTS
 *   over [0, R] (on the left wing w′ < 0 and s > 1).
 * - Lee's wing bound (Lee 2004): b(1 ± ρ) ≤ 2(1 − LEE_MARGIN), two rows per slice. A penalty, not a domain
 *   rejection: with svi.ts's domain check, a slice on the bound rejects every step that steepens its wing,
 *   and in a joint fit that stalled every slice (a prototype ended every stage on xtol, nothing moved).
 *
 * Row order: butterfly rows slice by slice, calendar rows pair by pair, call-spread rows slice by slice,
 * then the Lee rows (two per slice, last). The Jacobian is written only where it is non-zero, into a
 * matrix the caller has zeroed (svi-surface-problem.ts): each row touches one slice's five columns (two
 * slices' for calendar rows). Units: g, the calendar ratio and s dimensionless; W in the objective's cost
 * units (squared spreads) per unit² of condition.
 */
import type { SmileSlice } from '../calibration/smile-slice.ts';
import { sviDensityFactorWithGradientOf } from '../smile/svi-arbitrage.ts';
import { LEE_MAX_WING_SLOPE } from '../smile/svi-domain.ts';
import { sviTotalVarianceGradientKernel } from '../smile/svi.ts';
import { callSpreadMarginAt } from './svi-call-spread.ts';

/** Parameters per slice, packed (a, b, ρ, m, σ) as in svi.ts. */
export const SVI_PARAMETER_COUNT = 5;

export const BUTTERFLY_RANGE_POINTS = 121;
export const BUTTERFLY_QUOTE_POINTS = 20;
/** m + jσ/2 for j = −16 … 16. */
export const BUTTERFLY_VERTEX_POINTS = 33;
export const CALENDAR_RANGE_POINTS = 121;
export const CALL_SPREAD_POINTS = 61;
/** The wing rows bind from a slope of 2(1 − 1e-3), as svi.ts keeps its starts inside Lee's bound. */
export const LEE_MARGIN = 1e-3;

export interface SviSurfacePenaltyOptions {
  /** R: the conditions hold on [−R, R] (and over the quotes). */
  readonly noArbitrageRange: number;
  /** g must clear this on the grid. */
  readonly butterflyMargin: number;
  /** w_{i+1}/w_i − 1 must clear this on the grid. */
  readonly calendarMargin: number;
  /** s(k) must clear this on the grid. */
  readonly callSpreadMargin: number;
}

/** W of the calendar rows, and of the butterfly, call-spread and Lee rows (the slices' own conditions). */
export interface PenaltyWeights {
  readonly calendar: number;
  readonly butterfly: number;
}

/** The worst value of each condition on the current grids. */
export interface PenaltyWorst {
  /** min g over every slice's grid (−Infinity where w ≤ 0). */
  readonly minG: number;
  /** min over pairs and grid of w_{i+1}/w_i − 1 (+Infinity with one slice). */
  readonly minCalendarRatio: number;
  /** min over slices and grid of s(k) (svi-call-spread.ts). */
  readonly minCallSpread: number;
  /** max over slices of b(1 + |ρ|). */
  readonly maxWingSlope: number;
}

export interface SviSurfacePenalties {
  /** Rows of every grid point: the most a stage can select. */
  readonly gridRows: number;
  /**
   * Sets the weight W, places the vertex grids (m ± 8σ) at x and selects the stage's rows: every Lee row,
   * and the grid points whose condition is within SELECTION_SLACK of its hinge at x (all of them with
   * `everyRow`). Returns the number of rows selected; all of it stays until the next call.
   */
  configure(weights: PenaltyWeights, x: Float64Array, everyRow?: boolean): number;
  /** Writes the selected rows into out[offset …]; false (x rejected) where w ≤ 0 at a grid point. */
  residuals(x: Float64Array, out: Float64Array, offset: number): boolean;
  /** Writes the selected rows' non-zero derivatives from row `offset` on, into a zeroed row-major matrix. */
  jacobianNonZeros(x: Float64Array, out: Float64Array, offset: number): void;
  /** Grid points the stage did not select whose row would now be active (its hinge crossed) at x. */
  missed(x: Float64Array): number;
  /** The worst value of each condition over every grid point (selected or not). */
  worst(x: Float64Array): PenaltyWorst;
}

/** Raw-SVI w(k) of the slice packed at x[o … o + 4]; no domain check. */
export function sviTotalVarianceAt(x: Float64Array, o: number, k: number): number {
  const d = k - x[o + 3]!;
  const s = x[o + 4]!;
  return x[o]! + x[o + 1]! * (x[o + 2]! * d + Math.sqrt(d * d + s * s));
}

/** w(k) as sviTotalVarianceAt, and ∂w/∂(a, b, ρ, m, σ) into gradient[0 … 4] (svi.ts's closed form). */
export function sviTotalVarianceGradientAt(x: Float64Array, o: number, k: number, gradient: Float64Array): number {
  return sviTotalVarianceGradientKernel(x[o]!, x[o + 1]!, x[o + 2]!, x[o + 3]!, x[o + 4]!, k, gradient);
}

/**
 * A stage's rows are the grid points within this of their hinge at the stage's start (g − margin,
 * w_{i+1}/w_i − 1 − margin or s − margin): a penalty row far from its hinge is zero and stays zero over the
 * stage, yet costs as much as any other in the dense Jacobian (Levenberg–Marquardt forms JᵀJ over every
 * row), and on a 12-expiry surface nine in ten rows are such. A point that crosses its hinge unselected is
 * found by `missed`, and svi-surface.ts runs the stage again with the rows re-selected. Every 5th Deribit
 * snapshot, BTC: every row 99 ms per surface (median), 0.05 → 28 ms with the same inside share (94.53%);
 * 0.01 and 0.2 within 0.1 point of it.
 */
export const SELECTION_SLACK = 0.05;

const BUTTERFLY = 0;
const CALENDAR = 1;
const CALL_SPREAD = 2;
const LEE_LEFT = 3; // Lee rows, and only they, have kind ≥ LEE_LEFT
const LEE_RIGHT = 4;

export function createSviSurfacePenalties(slices: readonly SmileSlice[], options: SviSurfacePenaltyOptions): SviSurfacePenalties {
  const n = slices.length;
  const P = SVI_PARAMETER_COUNT * n;
  const R = options.noArbitrageRange;
  const perSlice = BUTTERFLY_RANGE_POINTS + BUTTERFLY_QUOTE_POINTS + BUTTERFLY_VERTEX_POINTS;
  let calendarRows = 0;
  for (let i = 0; i + 1 < n; i++) calendarRows += CALENDAR_RANGE_POINTS + slices[i]!.count + slices[i + 1]!.count;
  const gridRows = n * perSlice + calendarRows + n * CALL_SPREAD_POINTS + 2 * n;

  // Every grid point as a row: its kind, its slice (the pair's first slice for calendar rows) and its k.
  // Allocated once, with the stage's selection and the gradients' scratch.
  const kind = new Uint8Array(gridRows);
  const owner = new Int32Array(gridRows);
  const rowK = new Float64Array(gridRows);
  const selected = new Int32Array(gridRows);
  const isSelected = new Uint8Array(gridRows);
  const vertexRow = new Int32Array(n); // first vertex-grid row of each slice
  const rangeFrom = new Float64Array(n); // the butterfly condition's range per slice
  const rangeTo = new Float64Array(n);
  const gradient = new Float64Array(SVI_PARAMETER_COUNT);
  const gradientNext = new Float64Array(SVI_PARAMETER_COUNT);
  let r = 0;
  for (let i = 0; i < n; i++) {
    const slice = slices[i]!;
    const kLo = slice.logMoneyness[0]!;
    const kHi = slice.logMoneyness[slice.count - 1]!;
    const from = Math.min(-R, kLo);
    const to = Math.max(R, kHi);
    rangeFrom[i] = from;
    rangeTo[i] = to;
    for (let j = 0; j < perSlice; j++) {
      kind[r + j] = BUTTERFLY;
      owner[r + j] = i;
    }
    for (let j = 0; j < BUTTERFLY_RANGE_POINTS; j++) rowK[r++] = from + ((to - from) * j) / (BUTTERFLY_RANGE_POINTS - 1);
    for (let j = 0; j < BUTTERFLY_QUOTE_POINTS; j++) rowK[r++] = kLo + ((kHi - kLo) * (j + 0.5)) / BUTTERFLY_QUOTE_POINTS;
    vertexRow[i] = r;
    r += BUTTERFLY_VERTEX_POINTS;
  }
  for (let i = 0; i + 1 < n; i++) {
    const begin = r;
    for (let j = 0; j < CALENDAR_RANGE_POINTS; j++) rowK[r++] = -R + (2 * R * j) / (CALENDAR_RANGE_POINTS - 1);
    rowK.set(slices[i]!.logMoneyness, r);
    r += slices[i]!.count;
    rowK.set(slices[i + 1]!.logMoneyness, r);
    r += slices[i + 1]!.count;
    kind.fill(CALENDAR, begin, r);
    owner.fill(i, begin, r);
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < CALL_SPREAD_POINTS; j++) {
      kind[r] = CALL_SPREAD;
      owner[r] = i;
      rowK[r++] = (R * j) / (CALL_SPREAD_POINTS - 1);
    }
  }
  for (let i = 0; i < n; i++) {
    kind[r] = LEE_LEFT;
    owner[r++] = i;
    kind[r] = LEE_RIGHT;
    owner[r++] = i;
  }
  const leeCeiling = LEE_MAX_WING_SLOPE * (1 - LEE_MARGIN);
  let rootCalendar = 0;
  let rootButterfly = 0;
  let count = 0;

  /** The row's condition minus its hinge (< 0: active), with its gradient in the owner's five parameters
   * (and, for calendar rows, the next slice's in gradientNext) when asked; −Infinity where w ≤ 0. */
  const condition = (x: Float64Array, row: number, withGradient: boolean): number => {
    const o = SVI_PARAMETER_COUNT * owner[row]!;
    const k = rowK[row]!;
    switch (kind[row]) {
      case BUTTERFLY:
        return sviDensityFactorWithGradientOf(x[o]!, x[o + 1]!, x[o + 2]!, x[o + 3]!, x[o + 4]!, k, gradient) - options.butterflyMargin;
      case CALENDAR: {
        const w = withGradient ? sviTotalVarianceGradientAt(x, o, k, gradient) : sviTotalVarianceAt(x, o, k);
        if (!(w > 0)) return Number.NEGATIVE_INFINITY;
        const o1 = o + SVI_PARAMETER_COUNT;
        const wNext = withGradient ? sviTotalVarianceGradientAt(x, o1, k, gradientNext) : sviTotalVarianceAt(x, o1, k);
        if (withGradient) {
          // ∂(w_{i+1}/w_i) = ∂w_{i+1}/w_i − w_{i+1}·∂w_i/w_i².
          for (let p = 0; p < SVI_PARAMETER_COUNT; p++) {
            gradient[p] = (-wNext * gradient[p]!) / (w * w);
            gradientNext[p] = gradientNext[p]! / w;
          }
        }
        return wNext / w - 1 - options.calendarMargin;
      }
      case CALL_SPREAD:
        return callSpreadMarginAt(x, o, k, withGradient ? gradient : undefined) - options.callSpreadMargin;
      default: {
        // Lee: ceiling − b(1 ∓ ρ) ≥ 0.
        const sign = kind[row] === LEE_LEFT ? -1 : 1;
        const b = x[o + 1]!;
        const rho = x[o + 2]!;
        gradient.fill(0);
        gradient[1] = -(1 + sign * rho);
        gradient[2] = -sign * b;
        return leeCeiling - b * (1 + sign * rho);
      }
    }
  };

  return {
    gridRows,
    configure(weights, x, everyRow = false) {
      rootCalendar = Math.sqrt(weights.calendar);
      rootButterfly = Math.sqrt(weights.butterfly);
      const half = (BUTTERFLY_VERTEX_POINTS - 1) / 2;
      for (let i = 0; i < n; i++) {
        const o = SVI_PARAMETER_COUNT * i;
        // Clamped into the slice's range: a long expiry's σ can reach 2, and g beyond the range is no condition.
        for (let j = 0; j < BUTTERFLY_VERTEX_POINTS; j++) {
          const k = x[o + 3]! + ((j - half) / 2) * x[o + 4]!;
          rowK[vertexRow[i]! + j] = Math.min(rangeTo[i]!, Math.max(rangeFrom[i]!, k));
        }
      }
      count = 0;
      for (let row = 0; row < gridRows; row++) {
        const take = everyRow || kind[row]! >= LEE_LEFT || condition(x, row, false) < SELECTION_SLACK;
        isSelected[row] = take ? 1 : 0;
        if (take) selected[count++] = row;
      }
      return count;
    },
    missed(x) {
      let missed = 0;
      for (let row = 0; row < gridRows; row++) if (isSelected[row] === 0 && condition(x, row, false) < 0) missed++;
      return missed;
    },
    residuals(x, out, offset) {
      for (let s = 0; s < count; s++) {
        const row = selected[s]!;
        const c = condition(x, row, false);
        if (c === Number.NEGATIVE_INFINITY) return false;
        out[offset + s] = c < 0 ? (kind[row] === CALENDAR ? rootCalendar : rootButterfly) * c : 0;
      }
      return true;
    },
    jacobianNonZeros(x, out, offset) {
      for (let s = 0; s < count; s++) {
        const row = selected[s]!;
        const c = condition(x, row, true);
        if (!(c < 0) || c === Number.NEGATIVE_INFINITY) continue;
        const at = (offset + s) * P + SVI_PARAMETER_COUNT * owner[row]!;
        const root = kind[row] === CALENDAR ? rootCalendar : rootButterfly;
        for (let p = 0; p < SVI_PARAMETER_COUNT; p++) out[at + p] = root * gradient[p]!;
        if (kind[row] === CALENDAR) for (let p = 0; p < SVI_PARAMETER_COUNT; p++) out[at + SVI_PARAMETER_COUNT + p] = root * gradientNext[p]!;
      }
    },
    worst(x) {
      let minG = Infinity;
      let minCalendarRatio = Infinity;
      let minCallSpread = Infinity;
      let maxWingSlope = 0;
      for (let row = 0; row < gridRows; row++) {
        if (kind[row] === BUTTERFLY) minG = Math.min(minG, condition(x, row, false) + options.butterflyMargin);
        else if (kind[row] === CALENDAR) minCalendarRatio = Math.min(minCalendarRatio, condition(x, row, false) + options.calendarMargin);
        else if (kind[row] === CALL_SPREAD) minCallSpread = Math.min(minCallSpread, condition(x, row, false) + options.callSpreadMargin);
      }
      for (let i = 0; i < n; i++) {
        maxWingSlope = Math.max(maxWingSlope, x[SVI_PARAMETER_COUNT * i + 1]! * (1 + Math.abs(x[SVI_PARAMETER_COUNT * i + 2]!)));
      }
      return { minG, minCalendarRatio, minCallSpread, maxWingSlope };
    },
  };
}
