/**
 * Quote filters: which quotes of an expiry are clean enough to calibrate to, and why the others are not.
 * Every dropped quote gets exactly one reason code: the first check it fails, in the order below.
 *
 * Defaults come from the real Deribit data in ../shared/data (docs/market-data.md has the figures):
 * - `minTimeToExpiryYears` 1 hour: the last hour of an expiry is dominated by the settlement average, not vol.
 * - `maxRelativeSpread` 1.0, i.e. (ask − bid)/mid > 1 (the bid below a third of the ask): over 19,077
 *   two-sided out-of-the-money Deribit quotes the median relative spread is 0.085, the 90th percentile 0.55,
 *   the 99th 1.2; the 2% above 1 are one-tick far-wing quotes (bid 0.0001, ask 0.0003 coin) that say
 *   almost nothing about vol.
 * - `maxQuoteAgeMs` 15 minutes: per-row quote times (Deribit ticker dumps) span 2–3 minutes in a good file.
 * - `maxLastTradeAgeMs` 7 days: on the SPX chain, strikes whose last trade is weeks or years old carry
 *   quotes nobody has acted on.
 */

export type DropReason =
  | 'no_forward'
  | 'expiry_too_close'
  | 'no_quote'
  | 'no_bid'
  | 'no_ask'
  | 'crossed'
  | 'outside_bounds'
  | 'stale'
  | 'wide_spread'
  | 'in_the_money_side'
  | 'no_implied_vol';

/** All reason codes, in the order the checks run (reports list them in this order). */
export const dropReasons: readonly DropReason[] = [
  'no_forward',
  'expiry_too_close',
  'no_quote',
  'no_bid',
  'no_ask',
  'crossed',
  'outside_bounds',
  'stale',
  'wide_spread',
  'in_the_money_side',
  'no_implied_vol',
];

export const dropReasonText: Readonly<Record<DropReason, string>> = {
  no_forward: 'no forward could be established for the expiry',
  expiry_too_close: 'expiry closer than the minimum time to expiry',
  no_quote: 'neither a bid nor an ask',
  no_bid: 'no bid (one-sided)',
  no_ask: 'no ask (one-sided)',
  crossed: 'bid above ask',
  outside_bounds: 'ask below intrinsic value or bid above the maximum (no-arbitrage bounds)',
  stale: 'quote or last trade older than the staleness limit',
  wide_spread: 'bid–ask spread wider than the limit relative to the mid',
  in_the_money_side: 'in-the-money side of the strike (the surface uses the out-of-the-money option)',
  no_implied_vol: 'mid price has no Black-76 implied vol',
};

export interface QuoteFilterOptions {
  readonly minTimeToExpiryYears: number;
  /** Largest (ask − bid)/mid kept. */
  readonly maxRelativeSpread: number;
  /** Largest age of a per-row quote time before the snapshot time; null switches the check off. */
  readonly maxQuoteAgeMs: number | null;
  /** Largest age of the last trade before the snapshot time; null switches the check off. */
  readonly maxLastTradeAgeMs: number | null;
  /** Keep only the out-of-the-money option at each strike (calls at K ≥ F, puts at K < F). */
  readonly outOfTheMoneyOnly: boolean;
}

export const defaultQuoteFilterOptions: QuoteFilterOptions = {
  minTimeToExpiryYears: 1 / (365 * 24),
  maxRelativeSpread: 1,
  maxQuoteAgeMs: 15 * 60_000,
  maxLastTradeAgeMs: 7 * 86_400_000,
  outOfTheMoneyOnly: true,
};

/** A count per reason code, all present (zero where nothing was dropped). */
export function emptyDropCounts(): Record<DropReason, number> {
  const counts = {} as Record<DropReason, number>;
  for (const reason of dropReasons) counts[reason] = 0;
  return counts;
}
