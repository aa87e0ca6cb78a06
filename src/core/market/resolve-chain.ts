/**
 * The resolve step (STYLE.md principle 2): raw quotes of a snapshot become pricing-ready expiry slices,
 * one currency at a time: a forward per expiry (forward.ts), time to expiry (time.ts), each quote filtered
 * with a reason code (quote-filter.ts), premiums in both units, log-moneyness, and bid, mid and ask
 * implied vols from the machine-precision inverter. Nothing downstream parses names or dates again.
 *
 * Units: forward and strike in the quote currency (USD); `…Usd` premiums in the quote currency per unit of
 * underlying, `…Coin` in coin (coin-settled options only, null otherwise); vols annualised decimals;
 * logMoneyness k = ln(K/F); implied vols use the undiscounted premium (USD premium / discountFactor).
 */
import type { ChainSnapshot, FutureQuote, OptionType, RawOptionQuote, SourceRef } from './option-quote.ts';
import { estimateForward, defaultForwardOptions, type ForwardEstimate, type ForwardOptions } from './forward.ts';
import { defaultQuoteFilterOptions, emptyDropCounts, type DropReason, type QuoteFilterOptions } from './quote-filter.ts';
import { yearFraction } from './time.ts';
import { impliedVolatility } from '../pricing/implied-vol.ts';

export interface ResolvedQuote {
  readonly instrument: string;
  readonly type: OptionType;
  readonly strike: number;
  readonly logMoneyness: number;
  readonly bidUsd: number;
  readonly askUsd: number;
  readonly midUsd: number;
  readonly bidCoin: number | null;
  readonly askCoin: number | null;
  readonly midCoin: number | null;
  /** Null when the bid is at or below intrinsic value (no implied vol exists). */
  readonly bidIv: number | null;
  /** Null when the ask is at or above the maximum value (no implied vol exists). */
  readonly askIv: number | null;
  readonly midIv: number;
  /** The venue's own mark IV, when the format has one (for comparison, never for fitting). */
  readonly markIv: number | null;
  readonly source: SourceRef;
}

export interface DroppedQuote {
  readonly instrument: string;
  readonly type: OptionType;
  readonly strike: number;
  readonly reason: DropReason;
  readonly source: SourceRef;
}

export interface ExpirySlice {
  readonly currency: string;
  readonly expiryMs: number;
  readonly timeToExpiryYears: number;
  /** Null when no forward could be established (every quote is then dropped with `no_forward`). */
  readonly forward: ForwardEstimate | null;
  /** Kept quotes, sorted by strike. */
  readonly quotes: readonly ResolvedQuote[];
  readonly dropped: readonly DroppedQuote[];
  readonly dropCounts: Readonly<Record<DropReason, number>>;
  /** Mid implied vol at k = 0, interpolated linearly in total variance between the nearest kept quotes. */
  readonly atmVol: number | null;
}

export interface ResolvedChain {
  readonly currency: string;
  readonly snapshotTimeMs: number;
  /** Expiries in time order, including those with nothing kept. */
  readonly slices: readonly ExpirySlice[];
}

export interface ResolveOptions {
  readonly filter: QuoteFilterOptions;
  readonly forward: ForwardOptions;
}

export const defaultResolveOptions: ResolveOptions = {
  filter: defaultQuoteFilterOptions,
  forward: defaultForwardOptions,
};

/** Resolves a snapshot into one chain per currency (currencies in alphabetical order). */
export function resolveChain(snapshot: ChainSnapshot, options: Partial<ResolveOptions> = {}): ResolvedChain[] {
  const opts: ResolveOptions = { ...defaultResolveOptions, ...options };
  const byCurrency = groupBy(snapshot.quotes, (q) => q.currency);
  return [...byCurrency.keys()].sort().map((currency) => {
    const byExpiry = groupBy(byCurrency.get(currency)!, (q) => q.expiryMs);
    const slices = [...byExpiry.keys()]
      .sort((a, b) => a - b)
      .map((expiryMs) => resolveExpiry(byExpiry.get(expiryMs)!, snapshot.futures, snapshot.snapshotTimeMs, opts));
    return { currency, snapshotTimeMs: snapshot.snapshotTimeMs, slices };
  });
}

function resolveExpiry(
  quotes: readonly RawOptionQuote[],
  futures: readonly FutureQuote[],
  snapshotTimeMs: number,
  opts: ResolveOptions,
): ExpirySlice {
  const first = quotes[0]!;
  const timeToExpiryYears = yearFraction(snapshotTimeMs, first.expiryMs);
  const forwardResult = estimateForward(quotes, futures, opts.forward);
  const forward = forwardResult.ok ? forwardResult.value : null;
  const kept: ResolvedQuote[] = [];
  const dropped: DroppedQuote[] = [];
  const dropCounts = emptyDropCounts();
  const drop = (q: RawOptionQuote, reason: DropReason): void => {
    dropCounts[reason]++;
    dropped.push({ instrument: q.instrument, type: q.type, strike: q.strike, reason, source: q.source });
  };
  for (const q of quotes) {
    if (forward === null) {
      drop(q, 'no_forward');
      continue;
    }
    const resolved = resolveQuote(q, forward, timeToExpiryYears, snapshotTimeMs, opts.filter);
    if (typeof resolved === 'string') drop(q, resolved);
    else kept.push(resolved);
  }
  kept.sort((a, b) => a.strike - b.strike || (a.type < b.type ? -1 : 1));
  return {
    currency: first.currency,
    expiryMs: first.expiryMs,
    timeToExpiryYears,
    forward,
    quotes: kept,
    dropped,
    dropCounts,
    atmVol: atmVol(kept, timeToExpiryYears),
  };
}

/** Checks one quote in the documented order; returns the first failing reason or the resolved quote. */
function resolveQuote(
  q: RawOptionQuote,
  fwd: ForwardEstimate,
  timeYears: number,
  snapshotTimeMs: number,
  filter: QuoteFilterOptions,
): ResolvedQuote | DropReason {
  if (!(timeYears >= filter.minTimeToExpiryYears)) return 'expiry_too_close';
  if (q.bid === null && q.ask === null) return 'no_quote';
  if (q.bid === null || q.bid <= 0) return 'no_bid';
  if (q.ask === null) return 'no_ask';
  if (q.bid > q.ask) return 'crossed';

  const F = fwd.forward;
  const D = fwd.discountFactor;
  const toUsd = q.premiumUnit === 'coin' ? F : 1;
  const bidUsd = q.bid * toUsd;
  const askUsd = q.ask * toUsd;
  const isCall = q.type === 'call';
  const intrinsic = Math.max(isCall ? F - q.strike : q.strike - F, 0);
  const maximum = isCall ? F : q.strike;
  // Undiscounted bounds: intrinsic ≤ V ≤ F (call) or K (put); a tiny relative tolerance absorbs rounding.
  if (askUsd / D < intrinsic * (1 - 1e-12) || bidUsd / D > maximum * (1 + 1e-12)) return 'outside_bounds';

  if (filter.maxQuoteAgeMs !== null && q.quoteTimeMs !== null && snapshotTimeMs - q.quoteTimeMs > filter.maxQuoteAgeMs) return 'stale';
  if (filter.maxLastTradeAgeMs !== null && q.lastTradeMs !== null && snapshotTimeMs - q.lastTradeMs > filter.maxLastTradeAgeMs) return 'stale';

  const midUsd = (bidUsd + askUsd) / 2;
  if ((askUsd - bidUsd) / midUsd > filter.maxRelativeSpread) return 'wide_spread';
  if (filter.outOfTheMoneyOnly && (isCall ? q.strike < F : q.strike >= F)) return 'in_the_money_side';

  const mid = impliedVolatility(midUsd / D, F, q.strike, timeYears, q.type);
  if (!mid.ok) return 'no_implied_vol';
  const bid = impliedVolatility(bidUsd / D, F, q.strike, timeYears, q.type);
  const ask = impliedVolatility(askUsd / D, F, q.strike, timeYears, q.type);
  const coin = q.premiumUnit === 'coin';
  const resolved: ResolvedQuote = {
    instrument: q.instrument,
    type: q.type,
    strike: q.strike,
    logMoneyness: Math.log(q.strike / F),
    bidUsd,
    askUsd,
    midUsd,
    bidCoin: coin ? q.bid : null,
    askCoin: coin ? q.ask : null,
    midCoin: coin ? (q.bid + q.ask) / 2 : null,
    bidIv: bid.ok && bid.vol > 0 ? bid.vol : null,
    askIv: ask.ok ? ask.vol : null,
    midIv: mid.vol,
    markIv: q.markIv,
    source: q.source,
  };
  return resolved;
}

/** Mid IV at k = 0: linear in total variance between the kept quotes either side, else the nearest within 0.05. */
function atmVol(quotes: readonly ResolvedQuote[], timeYears: number): number | null {
  let below: ResolvedQuote | null = null;
  let above: ResolvedQuote | null = null;
  for (const q of quotes) {
    if (q.logMoneyness <= 0 && (below === null || q.logMoneyness > below.logMoneyness)) below = q;
    if (q.logMoneyness >= 0 && (above === null || q.logMoneyness < above.logMoneyness)) above = q;
  }
  if (below !== null && above !== null) {
    const span = above.logMoneyness - below.logMoneyness;
    if (span === 0) return below.midIv;
    const wBelow = below.midIv * below.midIv * timeYears;
    const wAbove = above.midIv * above.midIv * timeYears;
    const w = wBelow + ((0 - below.logMoneyness) / span) * (wAbove - wBelow);
    return Math.sqrt(w / timeYears);
  }
  const nearest = below ?? above;
  return nearest !== null && Math.abs(nearest.logMoneyness) <= 0.05 ? nearest.midIv : null;
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return groups;
}
