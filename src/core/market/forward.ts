/**
 * The forward of one expiry, and where it came from.
 *
 * Order of preference:
 * 1. the venue's forward on the option rows, when it is a dated future or a synthetic (Deribit
 *    `underlying_price` with `underlying_name` = `BTC-27MAR26` or `SYN.BTC-16JAN26`): the exchange prices
 *    and margins its options on exactly this number;
 * 2. a dated future of the same currency and expiry quoted in the same snapshot;
 * 3. put–call parity on near-the-money two-sided pairs (robust: a spread-weighted median of the per-strike
 *    forwards, so one stale pair cannot move it);
 * 4. the spot index, when the venue itself priced the expiry off the index (Deribit's nearest dailies from
 *    April to July 2026) and parity is impossible.
 *
 * Parity, coin-settled (inverse) premiums c, p in coin on one coin, undiscounted (Deribit uses zero rates):
 *   c − p = (F − K)/F = 1 − K/F   ⇒   F = K / (1 − (c − p)).
 * Parity, quote-currency premiums C, P (e.g. SPX, discounted by D):
 *   C − P = D·(F − K), a line in K with slope −D and intercept D·F; D is the Theil–Sen slope (median of
 *   pairwise slopes) when three or more pairs exist, else 1.
 */
import type { FutureQuote, RawOptionQuote } from './option-quote.ts';
import { weightedMedian } from '../numerics/robust.ts';

export type ForwardSource = 'future' | 'synthetic' | 'parity' | 'index';

export interface ForwardEstimate {
  /** Forward price in the quote currency. */
  readonly forward: number;
  readonly source: ForwardSource;
  /** Discount factor to expiry implied by parity on quote-currency premiums; 1 for coin-settled options. */
  readonly discountFactor: number;
  /** Put–call pairs used (parity only; 0 otherwise). */
  readonly pairsUsed: number;
  /** Relative dispersion of the inputs: (max − min)/forward over the venue values or parity pairs used. */
  readonly relativeDispersion: number;
}

export type ForwardResult =
  | { readonly ok: true; readonly value: ForwardEstimate }
  | { readonly ok: false; readonly reason: string };

export interface ForwardOptions {
  /** Most put–call pairs used by parity, taken nearest the money. */
  readonly maxParityPairs: number;
}

export const defaultForwardOptions: ForwardOptions = { maxParityPairs: 6 };

/** Estimates the forward of one expiry from its option quotes (all of one currency and expiry). */
export function estimateForward(
  quotes: readonly RawOptionQuote[],
  futures: readonly FutureQuote[],
  options: ForwardOptions = defaultForwardOptions,
): ForwardResult {
  const first = quotes[0];
  if (first === undefined) return { ok: false, reason: 'no quotes for this expiry' };

  for (const kind of ['future', 'synthetic'] as const) {
    const values = quotes.filter((q) => q.underlyingKind === kind && q.underlyingPrice !== null).map((q) => q.underlyingPrice!);
    if (values.length > 0) return { ok: true, value: fromValues(values, kind) };
  }

  const future = futures.filter((f) => f.currency === first.currency && f.expiryMs === first.expiryMs).map((f) => f.price);
  if (future.length > 0) return { ok: true, value: fromValues(future, 'future') };

  const parity = first.premiumUnit === 'coin' ? parityCoin(quotes, options) : parityQuote(quotes, options);
  if (parity !== null) return { ok: true, value: parity };

  const index = quotes.filter((q) => q.underlyingPrice !== null).map((q) => q.underlyingPrice!);
  if (index.length > 0) return { ok: true, value: fromValues(index, 'index') };
  return { ok: false, reason: 'no future, no synthetic, no index and no two-sided put–call pair at one strike' };
}

function fromValues(values: readonly number[], source: ForwardSource): ForwardEstimate {
  const sorted = [...values].sort((a, b) => a - b);
  const forward = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return {
    forward,
    source,
    discountFactor: 1,
    pairsUsed: 0,
    relativeDispersion: (sorted[sorted.length - 1]! - sorted[0]!) / forward,
  };
}

interface ParityPair {
  readonly strike: number;
  /** Mid call minus mid put. */
  readonly difference: number;
  /** Width of the interval [callBid − putAsk, callAsk − putBid] the difference must lie in. */
  readonly width: number;
}

/** Strikes with a usable two-sided call and put, nearest the money first (smallest |C − P|). */
function parityPairs(quotes: readonly RawOptionQuote[], maxPairs: number): ParityPair[] {
  const calls = new Map<number, RawOptionQuote>();
  const puts = new Map<number, RawOptionQuote>();
  for (const q of quotes) {
    if (!isTwoSided(q)) continue;
    (q.type === 'call' ? calls : puts).set(q.strike, q);
  }
  const pairs: ParityPair[] = [];
  for (const [strike, call] of calls) {
    const put = puts.get(strike);
    if (put === undefined) continue;
    const difference = (call.bid! + call.ask!) / 2 - (put.bid! + put.ask!) / 2;
    const width = call.ask! - call.bid! + (put.ask! - put.bid!);
    pairs.push({ strike, difference, width });
  }
  pairs.sort((a, b) => Math.abs(a.difference) - Math.abs(b.difference));
  return pairs.slice(0, maxPairs);
}

function isTwoSided(q: RawOptionQuote): boolean {
  return q.bid !== null && q.ask !== null && q.bid > 0 && q.ask >= q.bid;
}

/** Weight of one pair: inverse squared width, floored so a locked market cannot take all the weight. */
function pairWeight(pair: ParityPair, scale: number): number {
  const width = Math.max(pair.width, 1e-6 * scale);
  return 1 / (width * width);
}

function parityCoin(quotes: readonly RawOptionQuote[], options: ForwardOptions): ForwardEstimate | null {
  const pairs = parityPairs(quotes, options.maxParityPairs).filter((p) => p.difference < 1);
  if (pairs.length === 0) return null;
  const forwards = pairs.map((p) => p.strike / (1 - p.difference));
  const weights = pairs.map((p) => pairWeight(p, 1));
  const forward = weightedMedian(forwards, weights);
  return summarise(forward, forwards, 1);
}

function parityQuote(quotes: readonly RawOptionQuote[], options: ForwardOptions): ForwardEstimate | null {
  const pairs = parityPairs(quotes, options.maxParityPairs);
  if (pairs.length === 0) return null;
  const scale = pairs[0]!.strike;
  const discountFactor = pairs.length >= 3 ? theilSenDiscount(pairs) : 1;
  // D·F = (C − P) + D·K for each pair.
  const forwards = pairs.map((p) => (p.difference + discountFactor * p.strike) / discountFactor);
  const weights = pairs.map((p) => pairWeight(p, scale));
  const forward = weightedMedian(forwards, weights);
  if (!(forward > 0)) return null;
  return summarise(forward, forwards, discountFactor);
}

/** D = −(median pairwise slope of C − P against K); falls back to 1 when the slope is implausible. */
function theilSenDiscount(pairs: readonly ParityPair[]): number {
  const slopes: number[] = [];
  for (let i = 0; i < pairs.length; i++) {
    for (let j = i + 1; j < pairs.length; j++) {
      const a = pairs[i]!;
      const b = pairs[j]!;
      if (a.strike !== b.strike) slopes.push((b.difference - a.difference) / (b.strike - a.strike));
    }
  }
  if (slopes.length === 0) return 1;
  slopes.sort((x, y) => x - y);
  const discount = -slopes[Math.floor((slopes.length - 1) / 2)]!;
  // Rates between −5% and +20% over up to ~10 years: anything outside is noise, not a discount factor.
  return discount > 0.1 && discount <= 1.05 ? discount : 1;
}

function summarise(forward: number, forwards: readonly number[], discountFactor: number): ForwardEstimate {
  return {
    forward,
    source: 'parity',
    discountFactor,
    pairsUsed: forwards.length,
    relativeDispersion: (Math.max(...forwards) - Math.min(...forwards)) / forward,
  };
}
