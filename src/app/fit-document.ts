/**
 * The fit document (docs/fit-json.md) that every `volcal fit` model produces, and how it is assembled from
 * per-expiry fits: quotes with bid/ask/mid/mark and fitted IVs, fit statistics, the model-independent
 * butterfly check per expiry, the calendar check between adjacent expiries, pooled statistics and the
 * optional total-variance grid. Per-expiry smile models (fit-smiles.ts) and surfaces (fit-surface.ts) both
 * build it here, so the two kinds of fit are reported identically.
 */
import type { ChainSnapshot } from '../core/market/option-quote.ts';
import type { ExpirySlice } from '../core/market/resolve-chain.ts';
import { isoUtc } from '../core/market/time.ts';
import type { SmileFitStatistics, SolverStatistics } from '../core/calibration/calibrate-smile.ts';
import { durrlemanG, type ButterflyCheck } from '../core/smile/butterfly.ts';

export interface FitQuote {
  readonly instrument: string;
  readonly strike: number;
  readonly type: 'call' | 'put';
  readonly logMoneyness: number;
  readonly bidIv: number | null;
  readonly askIv: number | null;
  readonly midIv: number;
  readonly markIv: number | null;
  readonly fitIv: number;
}

export interface FittedExpiry {
  readonly ok: true;
  readonly expiry: string;
  readonly expiryMs: number;
  readonly timeToExpiryYears: number;
  readonly forward: number;
  readonly forwardSource: string;
  readonly params: Readonly<Record<string, number>>;
  readonly standardErrors: Readonly<Record<string, number>> | null;
  readonly rmseVolPoints: number;
  readonly maxAbsErrorVolPoints: number;
  readonly twoSidedQuotes: number;
  readonly insideSpreadShare: number;
  /** Share of the same two-sided quotes whose venue mark IV lies inside the spread (null without marks). */
  readonly markInsideSpreadShare: number | null;
  readonly solver: {
    readonly iterations: number;
    readonly evaluations: number;
    readonly stopReason: string;
    readonly converged: boolean;
    readonly cost: number;
    readonly timeMs: number;
  };
  readonly butterfly: ButterflyCheck;
  /**
   * The part of [GRID_FROM, GRID_TO] where the fitted smile is defined and checked: all of it for the smile
   * and surface models; for the stochastic models, where the out-of-the-money price is at least 1e-10 of the
   * forward (src/core/calibration/model-smile.ts).
   */
  readonly checkedRange: { readonly from: number; readonly to: number };
  readonly quotes: readonly FitQuote[];
}

export interface FailedExpiry {
  readonly ok: false;
  readonly expiry: string;
  readonly expiryMs: number;
  readonly timeToExpiryYears: number;
  readonly reason: string;
}

export interface FitDocument {
  readonly source: string;
  readonly snapshotTime: string;
  readonly snapshotTimeMs: number;
  readonly currency: string;
  readonly model: string;
  readonly expiries: readonly (FittedExpiry | FailedExpiry)[];
  readonly summary: {
    readonly expiriesFitted: number;
    readonly expiriesFailed: number;
    readonly quotes: number;
    readonly twoSidedQuotes: number;
    readonly rmseVolPoints: number;
    readonly insideSpreadShare: number;
    readonly markInsideSpreadShare: number | null;
    readonly timeMs: number;
  };
  readonly arbitrage: {
    readonly butterfly: { readonly minimumG: number | null; readonly expiriesWithViolations: number; readonly gridFrom: number; readonly gridTo: number };
    readonly calendar: { readonly adjacentPairs: number; readonly pairsWithViolations: number; readonly worstShortfall: number };
  };
  /**
   * Stochastic models only: the one parameter set of the whole fit, with standard errors and correlations of
   * the packed parameters from the Jacobian at the optimum (null when the Jacobian is singular; then
   * `unidentified` names the parameters the quotes do not determine).
   */
  readonly modelParameters?: {
    readonly params: Readonly<Record<string, number>>;
    readonly standardErrors: Readonly<Record<string, number>> | null;
    readonly correlations: { readonly names: readonly string[]; readonly matrix: readonly number[] } | null;
    readonly unidentified: readonly string[];
  };
  readonly grid?: {
    readonly logMoneyness: readonly number[];
    readonly timeToExpiryYears: readonly number[];
    /** null outside an expiry's checkedRange. */
    readonly totalVariance: readonly (readonly (number | null)[])[];
  };
}

/** The arbitrage checks run on k ∈ [−1.5, 1.5] with step 0.01, the same grid as `--grid`. */
export const GRID_FROM = -1.5;
export const GRID_TO = 1.5;
export const GRID_STEPS = 300;

/** The check grid's points, k_i = GRID_FROM + (GRID_TO − GRID_FROM)·i/GRID_STEPS, as the checks compute them. */
export const CHECK_POINTS: readonly number[] = Array.from({ length: GRID_STEPS + 1 }, (_, i) => GRID_FROM + ((GRID_TO - GRID_FROM) * i) / GRID_STEPS);
/** The `--grid` points: the check grid rounded to two decimals. */
export const GRID_POINTS: readonly number[] = CHECK_POINTS.map((k) => Math.round(k * 100) / 100);

/** One expiry's outcome: its document entry, and its fitted total variance w(k) when it was fitted. */
export interface ExpiryOutcome {
  readonly entry: FittedExpiry | FailedExpiry;
  readonly w: ((k: number) => number) | null;
}

const FULL_RANGE = { from: GRID_FROM, to: GRID_TO };

/** Durrleman's g on the check grid points inside `range` (butterfly.ts's check, restricted). */
function butterflyOver(w: (k: number) => number, range: { readonly from: number; readonly to: number }): ButterflyCheck {
  let minimumG = Number.POSITIVE_INFINITY;
  let atLogMoneyness = range.from;
  let violations = 0;
  for (const k of CHECK_POINTS) {
    if (k < range.from || k > range.to) continue;
    const value = w(k);
    const g = value > 0 && Number.isFinite(value) ? durrlemanG(w, k) : Number.NEGATIVE_INFINITY;
    if (!(g >= 0)) violations++;
    if (!(g >= minimumG)) {
      minimumG = g;
      atLogMoneyness = k;
    }
  }
  return { minimumG, atLogMoneyness, violations };
}

export function failedExpiry(slice: ExpirySlice, reason: string): ExpiryOutcome {
  return {
    entry: { ok: false, expiry: isoUtc(slice.expiryMs), expiryMs: slice.expiryMs, timeToExpiryYears: slice.timeToExpiryYears, reason },
    w: null,
  };
}

/** The entry of a fitted expiry; `fitVol[i]` is the fitted vol of `slice.quotes[i]`. */
export function fittedExpiry(
  slice: ExpirySlice,
  fit: {
    readonly params: Readonly<Record<string, number>>;
    readonly standardErrors: Readonly<Record<string, number>> | null;
    readonly fitVol: Float64Array;
    readonly statistics: SmileFitStatistics;
    readonly solver: SolverStatistics & { readonly timeMs: number };
  },
  w: (k: number) => number,
  checkedRange: { readonly from: number; readonly to: number } = FULL_RANGE,
): ExpiryOutcome {
  let markTwoSided = 0;
  let markInside = 0;
  const quotes = slice.quotes.map((q, i) => {
    if (q.bidIv !== null && q.askIv !== null && q.markIv !== null) {
      markTwoSided++;
      if (q.markIv >= q.bidIv && q.markIv <= q.askIv) markInside++;
    }
    return {
      instrument: q.instrument,
      strike: q.strike,
      type: q.type,
      logMoneyness: q.logMoneyness,
      bidIv: q.bidIv,
      askIv: q.askIv,
      midIv: q.midIv,
      markIv: q.markIv,
      fitIv: fit.fitVol[i]!,
    };
  });
  const entry: FittedExpiry = {
    ok: true,
    expiry: isoUtc(slice.expiryMs),
    expiryMs: slice.expiryMs,
    timeToExpiryYears: slice.timeToExpiryYears,
    forward: slice.forward?.forward ?? 0,
    forwardSource: slice.forward?.source ?? 'none',
    params: fit.params,
    standardErrors: fit.standardErrors,
    rmseVolPoints: fit.statistics.rmseVolPoints,
    maxAbsErrorVolPoints: fit.statistics.maxAbsErrorVolPoints,
    twoSidedQuotes: fit.statistics.twoSidedQuotes,
    insideSpreadShare: fit.statistics.insideSpreadShare,
    markInsideSpreadShare: markTwoSided > 0 ? markInside / markTwoSided : null,
    solver: fit.solver,
    butterfly: butterflyOver(w, checkedRange),
    checkedRange: { from: checkedRange.from, to: checkedRange.to },
    quotes,
  };
  return { entry, w };
}

export function assembleFitDocument(
  snapshot: ChainSnapshot,
  currency: string,
  model: string,
  outcomes: readonly ExpiryOutcome[],
  withGrid: boolean,
  timeMs: number,
  modelParameters?: FitDocument['modelParameters'],
): FitDocument {
  const fitted = outcomes.flatMap((o) => (o.entry.ok && o.w !== null ? [{ entry: o.entry, w: o.w }] : []));
  let calendarViolations = 0;
  let worstShortfall = 0;
  for (let i = 1; i < fitted.length; i++) {
    const check = calendarOver(fitted[i - 1]!, fitted[i]!);
    if (check.violations > 0) calendarViolations++;
    worstShortfall = Math.max(worstShortfall, check.worstShortfall);
  }
  const entries = fitted.map((f) => f.entry);
  return {
    source: snapshot.file,
    snapshotTime: isoUtc(snapshot.snapshotTimeMs),
    snapshotTimeMs: snapshot.snapshotTimeMs,
    currency,
    model,
    expiries: outcomes.map((o) => o.entry),
    summary: { expiriesFitted: fitted.length, expiriesFailed: outcomes.length - fitted.length, ...poolStatistics(entries), timeMs },
    arbitrage: {
      butterfly: {
        minimumG: entries.length > 0 ? Math.min(...entries.map((e) => e.butterfly.minimumG)) : null,
        expiriesWithViolations: entries.filter((e) => e.butterfly.violations > 0).length,
        gridFrom: GRID_FROM,
        gridTo: GRID_TO,
      },
      calendar: { adjacentPairs: Math.max(fitted.length - 1, 0), pairsWithViolations: calendarViolations, worstShortfall },
    },
    ...(modelParameters !== undefined ? { modelParameters } : {}),
    ...(withGrid ? { grid: totalVarianceGrid(fitted) } : {}),
  };
}

function poolStatistics(fitted: readonly FittedExpiry[]): Omit<FitDocument['summary'], 'expiriesFitted' | 'expiriesFailed' | 'timeMs'> {
  let quotes = 0;
  let sumSq = 0;
  let twoSided = 0;
  let inside = 0;
  let markTwoSided = 0;
  let markInside = 0;
  for (const e of fitted) {
    for (const q of e.quotes) {
      quotes++;
      sumSq += (q.fitIv - q.midIv) ** 2;
      if (q.bidIv !== null && q.askIv !== null) {
        twoSided++;
        if (q.fitIv >= q.bidIv && q.fitIv <= q.askIv) inside++;
        if (q.markIv !== null) {
          markTwoSided++;
          if (q.markIv >= q.bidIv && q.markIv <= q.askIv) markInside++;
        }
      }
    }
  }
  return {
    quotes,
    twoSidedQuotes: twoSided,
    rmseVolPoints: quotes > 0 ? 100 * Math.sqrt(sumSq / quotes) : 0,
    insideSpreadShare: twoSided > 0 ? inside / twoSided : 0,
    markInsideSpreadShare: markTwoSided > 0 ? markInside / markTwoSided : null,
  };
}

/** Total variance decreasing in time at any check point inside both expiries' checked ranges (tolerance 1e-12). */
function calendarOver(
  earlier: { readonly entry: FittedExpiry; readonly w: (k: number) => number },
  later: { readonly entry: FittedExpiry; readonly w: (k: number) => number },
): { violations: number; worstShortfall: number } {
  const from = Math.max(earlier.entry.checkedRange.from, later.entry.checkedRange.from);
  const to = Math.min(earlier.entry.checkedRange.to, later.entry.checkedRange.to);
  let violations = 0;
  let worstShortfall = 0;
  for (const k of CHECK_POINTS) {
    if (k < from || k > to) continue;
    const shortfall = earlier.w(k) - later.w(k);
    if (shortfall > 1e-12) violations++;
    if (shortfall > worstShortfall) worstShortfall = shortfall;
  }
  return { violations, worstShortfall };
}

function totalVarianceGrid(fitted: readonly { readonly entry: FittedExpiry; readonly w: (k: number) => number }[]): NonNullable<FitDocument['grid']> {
  return {
    logMoneyness: [...GRID_POINTS],
    timeToExpiryYears: fitted.map((f) => f.entry.timeToExpiryYears),
    totalVariance: fitted.map((f) =>
      GRID_POINTS.map((k) => (k >= f.entry.checkedRange.from - 1e-9 && k <= f.entry.checkedRange.to + 1e-9 ? f.w(k) : null)),
    ),
  };
}
