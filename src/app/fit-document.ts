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
import { checkButterfly, checkCalendar, type ButterflyCheck } from '../core/smile/butterfly.ts';

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
  readonly grid?: {
    readonly logMoneyness: readonly number[];
    readonly timeToExpiryYears: readonly number[];
    readonly totalVariance: readonly (readonly number[])[];
  };
}

/** The arbitrage checks run on k ∈ [−1.5, 1.5] with step 0.01, the same grid as `--grid`. */
export const GRID_FROM = -1.5;
export const GRID_TO = 1.5;
export const GRID_STEPS = 300;

/** One expiry's outcome: its document entry, and its fitted total variance w(k) when it was fitted. */
export interface ExpiryOutcome {
  readonly entry: FittedExpiry | FailedExpiry;
  readonly w: ((k: number) => number) | null;
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
    butterfly: checkButterfly(w, GRID_FROM, GRID_TO, GRID_STEPS),
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
): FitDocument {
  const fitted = outcomes.flatMap((o) => (o.entry.ok && o.w !== null ? [{ entry: o.entry, w: o.w }] : []));
  let calendarViolations = 0;
  let worstShortfall = 0;
  for (let i = 1; i < fitted.length; i++) {
    const check = checkCalendar(fitted[i - 1]!.w, fitted[i]!.w, GRID_FROM, GRID_TO, GRID_STEPS);
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

function totalVarianceGrid(fitted: readonly { readonly entry: FittedExpiry; readonly w: (k: number) => number }[]): NonNullable<FitDocument['grid']> {
  const logMoneyness = Array.from({ length: GRID_STEPS + 1 }, (_, i) => Math.round((GRID_FROM + (i * (GRID_TO - GRID_FROM)) / GRID_STEPS) * 100) / 100);
  return {
    logMoneyness,
    timeToExpiryYears: fitted.map((f) => f.entry.timeToExpiryYears),
    totalVariance: fitted.map((f) => logMoneyness.map((k) => f.w(k))),
  };
}
