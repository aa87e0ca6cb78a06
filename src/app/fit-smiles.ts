/**
 * The `fit` use case for per-expiry smile models: a read snapshot → resolved chain of one currency →
 * one SmileSlice per expiry → calibrateSmile with the chosen model → the documented fit document
 * (docs/fit-json.md): per-expiry parameters and fit statistics, every quote with its bid/ask/mid and fitted
 * IV, surface-wide arbitrage checks, and optionally a total-variance grid. A slice that cannot be fitted is
 * an entry with `ok: false` and the reason; the rest goes on.
 *
 * The clock is injected (STYLE.md principle 3) so that times are reported without the core reading one.
 */
import type { ChainSnapshot } from '../core/market/option-quote.ts';
import { resolveChain, type ExpirySlice, type ResolveOptions } from '../core/market/resolve-chain.ts';
import { isoUtc } from '../core/market/time.ts';
import { smileSliceFromExpiry } from '../core/calibration/smile-slice.ts';
import { calibrateSmile, type SmileFitOptions } from '../core/calibration/calibrate-smile.ts';
import type { SmileModel } from '../core/smile/smile-model.ts';
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

export interface FitSmilesOptions {
  readonly currency: string;
  readonly fit?: Partial<SmileFitOptions>;
  readonly resolve?: Partial<ResolveOptions>;
  readonly grid?: boolean;
  /** Milliseconds from an arbitrary origin (performance.now in the CLI). */
  readonly clock: () => number;
}

/** The arbitrage checks run on k ∈ [−1.5, 1.5] with step 0.01, the same grid as `--grid`. */
const GRID_FROM = -1.5;
const GRID_TO = 1.5;
const GRID_STEPS = 300;

export type FitSmilesResult = { readonly ok: true; readonly document: FitDocument } | { readonly ok: false; readonly reason: string };

export function fitSmiles<P>(snapshot: ChainSnapshot, model: SmileModel<P>, options: FitSmilesOptions): FitSmilesResult {
  const started = options.clock();
  const chain = resolveChain(snapshot, options.resolve).find((c) => c.currency === options.currency);
  if (chain === undefined) {
    const found = [...new Set(snapshot.quotes.map((q) => q.currency))].join(', ');
    return { ok: false, reason: `no ${options.currency} quotes in ${snapshot.file} (found: ${found || 'none'})` };
  }
  const outcomes = chain.slices.map((slice) => fitExpiry(slice, model, options));
  const expiries = outcomes.map((o) => o.entry);
  const fitted = outcomes.flatMap((o) => (o.entry.ok && o.w !== null ? [{ ...o.entry, w: o.w }] : []));

  let calendarViolations = 0;
  let worstShortfall = 0;
  for (let i = 1; i < fitted.length; i++) {
    const check = checkCalendar(fitted[i - 1]!.w, fitted[i]!.w, GRID_FROM, GRID_TO, GRID_STEPS);
    if (check.violations > 0) calendarViolations++;
    worstShortfall = Math.max(worstShortfall, check.worstShortfall);
  }
  const pooled = poolStatistics(fitted);
  const document: FitDocument = {
    source: snapshot.file,
    snapshotTime: isoUtc(snapshot.snapshotTimeMs),
    snapshotTimeMs: snapshot.snapshotTimeMs,
    currency: options.currency,
    model: model.name,
    expiries,
    summary: { expiriesFitted: fitted.length, expiriesFailed: expiries.length - fitted.length, ...pooled, timeMs: options.clock() - started },
    arbitrage: {
      butterfly: {
        minimumG: fitted.length > 0 ? Math.min(...fitted.map((e) => e.butterfly.minimumG)) : null,
        expiriesWithViolations: fitted.filter((e) => e.butterfly.violations > 0).length,
        gridFrom: GRID_FROM,
        gridTo: GRID_TO,
      },
      calendar: { adjacentPairs: Math.max(fitted.length - 1, 0), pairsWithViolations: calendarViolations, worstShortfall },
    },
    ...(options.grid === true ? { grid: totalVarianceGrid(fitted) } : {}),
  };
  return { ok: true, document };
}

function fitExpiry<P>(
  slice: ExpirySlice,
  model: SmileModel<P>,
  options: FitSmilesOptions,
): { readonly entry: FittedExpiry | FailedExpiry; readonly w: ((k: number) => number) | null } {
  const head = { expiry: isoUtc(slice.expiryMs), expiryMs: slice.expiryMs, timeToExpiryYears: slice.timeToExpiryYears };
  const smile = smileSliceFromExpiry(slice);
  if (smile === null) {
    return { entry: { ok: false, ...head, reason: slice.forward === null ? 'no forward for this expiry' : 'no quote survived the filters' }, w: null };
  }
  const started = options.clock();
  const fit = calibrateSmile(model, smile, options.fit);
  const timeMs = options.clock() - started;
  if (!fit.ok) return { entry: { ok: false, ...head, reason: fit.reason }, w: null };
  const T = slice.timeToExpiryYears;
  const packed = fit.packed;
  const w = (k: number): number => model.totalVariance(packed, k, T);
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
    ...head,
    forward: smile.forward,
    forwardSource: slice.forward?.source ?? 'none',
    params: fit.params as Readonly<Record<string, number>>,
    standardErrors: fit.standardErrors,
    rmseVolPoints: fit.statistics.rmseVolPoints,
    maxAbsErrorVolPoints: fit.statistics.maxAbsErrorVolPoints,
    twoSidedQuotes: fit.statistics.twoSidedQuotes,
    insideSpreadShare: fit.statistics.insideSpreadShare,
    markInsideSpreadShare: markTwoSided > 0 ? markInside / markTwoSided : null,
    solver: { ...fit.solver, timeMs },
    butterfly: checkButterfly(w, GRID_FROM, GRID_TO, GRID_STEPS),
    quotes,
  };
  return { entry, w };
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

function totalVarianceGrid(fitted: readonly (FittedExpiry & { w: (k: number) => number })[]): NonNullable<FitDocument['grid']> {
  const logMoneyness = Array.from({ length: GRID_STEPS + 1 }, (_, i) => Math.round((GRID_FROM + (i * (GRID_TO - GRID_FROM)) / GRID_STEPS) * 100) / 100);
  return {
    logMoneyness,
    timeToExpiryYears: fitted.map((e) => e.timeToExpiryYears),
    totalVariance: fitted.map((e) => logMoneyness.map((k) => e.w(k))),
  };
}
