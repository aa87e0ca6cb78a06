/**
 * Price and deltas of an inverse (coin-settled) option, as on Deribit's BTC and ETH options: the holder
 * of a call receives max(F_T − K, 0)/F_T coins at expiry, F_T the settlement price in USD. Its USD value
 * today is the Black-76 USD value V (./black76.ts, Deribit uses zero rates: D = 1), so its coin price is
 *
 *   c = V/F.
 *
 * Deltas. Differentiating c = V/F with Δ = ∂V/∂F (the Black forward delta, D·Φ(d1) or −D·Φ(−d1)):
 *
 *   ∂c/∂F = (Δ − c)/F                       coins per USD move of F          (coinDeltaPerUsd)
 *   F·∂c/∂F = Δ − c                         coins per relative move dF/F     (deltaPremiumAdjusted)
 *
 * Δ − c is the premium-adjusted delta: of the option's USD exposure Δ, an amount c is the coin premium
 * itself (c coins gain c·dF USD when F moves), so a trader whose P&L is counted in coin hedges Δ − c
 * coins of futures. Substituting c gives forms without cancellation, used here:
 *   call: Δ − c = D·(K/F)·Φ(d2),   put: Δ − c = −D·(K/F)·Φ(−d2).
 *
 * What Deribit shows. Deribit's API documents the ticker's `greeks.delta` as "the Black Scholes Delta"
 * and its account-level DeltaTotal as using "Net Transaction Delta = Black Scholes Delta − Mark Price"
 * (Deribit API v2, ticker and account-summary schemas). The real snapshots agree: the `delta` column
 * of the shared Deribit snapshots (data/deribit_znmahbub) matches `deltaBlack` (Φ(d1), Φ(d1) − 1)
 * recomputed from (underlying, strike, T = clock time to expiry/365 days, mark IV) with median abs
 * error 7.5e-5 and 99th percentile 2.4e-3 on the 2025-12-30T17:31Z snapshot (5.1e-4 for expiries of
 * 18 days and more; the larger residual of the shortest, highest-gamma expiries fits a delta computed at
 * an underlying a few 1e-4 away from the recorded one), while Δ − c misses by a median of 0.06 and up
 * to 4.2 (inverse-greeks.deribit.test.ts; four later snapshots, 2026-02 to 2026-08, agree, with
 * residual medians 1e-4 to 1e-3). So per-instrument
 * Deribit deltas are deltaBlack; deltaPremiumAdjusted is what Deribit's portfolio delta sums.
 *
 * Units: F, K in USD, T in years, σ annualised decimal; priceInCoin in coins per option on one coin.
 * Domain and errors as black76Greeks: T > 0 and σ > 0, otherwise RangeError. Accuracy: that of the
 * Black-76 price and Φ, a few ulp per factor, no cancellation beyond the price's own (see black76.ts).
 */

import type { OptionType } from '../market/option-quote.ts';
import { normCdf } from '../numerics/normal.ts';
import { assertBlack76Inputs, black76Price, clampD } from './black76.ts';

export interface InverseOptionGreeks {
  /** c = V/F, in coins. */
  readonly priceInCoin: number;
  /** Black forward delta ∂V/∂F of the USD value: what Deribit reports per instrument as `delta`. */
  readonly deltaBlack: number;
  /** Δ − c = F·∂c/∂F: Deribit's "net transaction" (premium-adjusted) delta, in coins. */
  readonly deltaPremiumAdjusted: number;
  /** ∂c/∂F, coins per USD change of the forward. */
  readonly coinDeltaPerUsd: number;
}

/**
 * Coin price and deltas of an inverse option on the forward `forward` (USD); `discountFactor`
 * defaults to 1 (Deribit). Throws RangeError for invalid inputs or T = 0 or σ = 0.
 */
export function inverseOptionGreeks(
  forward: number,
  strike: number,
  timeYears: number,
  vol: number,
  type: OptionType,
  discountFactor = 1,
): InverseOptionGreeks {
  assertBlack76Inputs(forward, strike, timeYears, vol, discountFactor);
  const s = vol * Math.sqrt(timeYears);
  if (!(s > 0)) {
    throw new RangeError(`inverse deltas need vol·√timeYears > 0, got vol=${vol}, timeYears=${timeYears}`);
  }
  const d1 = clampD(Math.log(forward / strike) / s + 0.5 * s);
  const d2 = clampD(d1 - s);
  const moneyness = strike / forward;
  const isCall = type === 'call';
  const deltaBlack = isCall ? discountFactor * normCdf(d1) : -discountFactor * normCdf(-d1);
  const deltaPremiumAdjusted = isCall
    ? discountFactor * moneyness * normCdf(d2)
    : -discountFactor * moneyness * normCdf(-d2);
  return Object.freeze({
    priceInCoin: black76Price(forward, strike, timeYears, vol, type, discountFactor) / forward,
    deltaBlack,
    deltaPremiumAdjusted,
    coinDeltaPerUsd: deltaPremiumAdjusted / forward,
  });
}
