/**
 * Black-76 price of a European option on a forward (F. Black, "The pricing of commodity contracts",
 * J. Financial Economics 3 (1976) 167–179; Haug, "The Complete Guide to Option Pricing Formulas",
 * 2nd ed., ch. 1, Black-76 on futures):
 *
 *   call = D·[F·Φ(d1) − K·Φ(d2)],  put = D·[K·Φ(−d2) − F·Φ(−d1)],
 *   d1 = ln(F/K)/s + s/2,  d2 = d1 − s,  s = σ√T.
 *
 * Units: forward F and strike K in the quote currency (USD for Deribit), T in years, σ an annualised
 * decimal vol, D the discount factor to expiry (1 = undiscounted, which is what Deribit uses). The
 * result is in the quote currency per unit of underlying; a Deribit coin premium is this / F.
 *
 * Numerical care. Only the out-of-the-money side is evaluated by the formula; the in-the-money side
 * is intrinsic + the OTM value of the other type (put–call parity), a sum of two non-negative terms.
 * So price ≥ intrinsic always holds, and the far ITM wing keeps full accuracy. The OTM value is
 * a difference of two terms of the same sign, so even with Φ accurate to a few ulp in the tails
 * (../numerics/normal.ts) its relative error grows as the two terms close in: measured against 60-digit
 * references (black76.test.ts) it stays below 16·ulp·(1 + d1²)/min(s, 1); the worst cases seen are
 * 4e-11 at d1 ≈ 19, s ≈ 0.01 (a price 1e-81 of F) and 4e-7 at 20 sd with s = 1e-6, while at the
 * money it is ulp/s. Its absolute error stays a few ulp of max(F, K). Where
 * the time value underflows the price is exactly the intrinsic value, never below it. d1 and d2 are
 * clamped to ±40, where Φ is already exactly 0 or 1 in double precision, so s → 0 and K = 0 give the
 * limits rather than NaN. The result is finally clamped into the no-arbitrage band
 * [D·intrinsic, D·F] for calls, [D·intrinsic, D·K] for puts, which only ever moves it by rounding.
 *
 * Inputs: invalid inputs throw a RangeError naming the bad value (an invalid input is a bug in the
 * caller, not an expected market condition). Valid means finite with F > 0, K ≥ 0, T ≥ 0, σ ≥ 0,
 * D > 0. For valid inputs the result is finite and never NaN. T = 0 or σ = 0 give D·intrinsic.
 */

import type { OptionType } from '../market/option-quote.ts';
import { normCdf } from '../numerics/normal.ts';

/** |d| beyond which Φ(d) is exactly 0 or 1 in double precision (Φ(−38.5) underflows to 0). */
export const D_CLAMP = 40;

/**
 * Throws a RangeError unless the Black-76 inputs are in the documented domain. Shared by the pricing
 * functions of this folder; cheap (five comparisons).
 */
export function assertBlack76Inputs(
  forward: number,
  strike: number,
  timeYears: number,
  vol: number,
  discountFactor: number,
): void {
  if (!(forward > 0 && forward < Infinity)) throw new RangeError(`forward must be finite and > 0, got ${forward}`);
  if (!(strike >= 0 && strike < Infinity)) throw new RangeError(`strike must be finite and ≥ 0, got ${strike}`);
  if (!(timeYears >= 0 && timeYears < Infinity)) {
    throw new RangeError(`timeYears must be finite and ≥ 0, got ${timeYears}`);
  }
  if (!(vol >= 0 && vol < Infinity)) throw new RangeError(`vol must be finite and ≥ 0, got ${vol}`);
  if (!(discountFactor > 0 && discountFactor < Infinity)) {
    throw new RangeError(`discountFactor must be finite and > 0, got ${discountFactor}`);
  }
}

/** Clamps d into [−D_CLAMP, D_CLAMP]; leaves Φ(d) and φ(d) unchanged in double precision. */
export function clampD(d: number): number {
  return d < -D_CLAMP ? -D_CLAMP : d > D_CLAMP ? D_CLAMP : d;
}

/**
 * Undiscounted out-of-the-money value: the call when K ≥ F, the put when K < F. Never negative.
 * Assumes s = σ√T > 0.
 */
function otmValue(forward: number, strike: number, s: number): number {
  const d1 = clampD(Math.log(forward / strike) / s + 0.5 * s);
  const d2 = clampD(d1 - s);
  const v = strike >= forward
    ? forward * normCdf(d1) - strike * normCdf(d2)
    : strike * normCdf(-d2) - forward * normCdf(-d1);
  return v > 0 ? v : 0;
}

/**
 * Black-76 price (quote currency) of a European option on a forward; `discountFactor` defaults to 1
 * (undiscounted, Deribit's convention). Throws RangeError on invalid inputs (see module comment).
 */
export function black76Price(
  forward: number,
  strike: number,
  timeYears: number,
  vol: number,
  type: OptionType,
  discountFactor = 1,
): number {
  assertBlack76Inputs(forward, strike, timeYears, vol, discountFactor);
  const isCall = type === 'call';
  const intrinsic = isCall ? Math.max(forward - strike, 0) : Math.max(strike - forward, 0);
  const s = vol * Math.sqrt(timeYears);
  if (s === 0 || strike === 0) return discountFactor * intrinsic;
  // The OTM option of the pair; the ITM one differs from it by exactly its intrinsic value (parity).
  const undiscounted = intrinsic + otmValue(forward, strike, s);
  const upper = isCall ? forward : strike;
  return discountFactor * Math.min(undiscounted, upper);
}
