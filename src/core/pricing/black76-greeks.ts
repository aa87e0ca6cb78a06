/**
 * Analytic Black-76 greeks (Haug, "The Complete Guide to Option Pricing Formulas", 2nd ed., ch. 2,
 * with cost of carry b = 0), for V = D·[F·Φ(d1) − K·Φ(d2)] (call) or D·[K·Φ(−d2) − F·Φ(−d1)] (put), s = σ√T:
 *
 *   deltaForward = ∂V/∂F   = D·Φ(d1) (call), −D·Φ(−d1) (put)
 *   deltaSpot    = ∂V/∂S   = deltaForward·∂F/∂S, with ∂F/∂S = e^{(r−q)T} = F/S passed as `forwardPerSpot`
 *   gamma        = ∂²V/∂F² = D·φ(d1)/(F·s)
 *   vega         = ∂V/∂σ   = D·F·φ(d1)·√T            (per unit of vol: per 1.00, not per 1%; Deribit's
 *                                                      `vega` column is this / 100, in USD)
 *   theta        = ∂V/∂t   = −D·F·φ(d1)·σ/(2√T) + r·V, r = −ln(D)/T
 *   vanna        = ∂²V/∂F∂σ = −D·φ(d1)·d2/σ
 *   volga        = ∂²V/∂σ² = vega·d1·d2/σ
 *
 * Theta convention: the change in value per year of calendar time passing (t = now, T shrinking), with
 * the forward F and σ held fixed and the discount factor rolling down at its own constant rate
 * r = −ln(D)/T (D = e^{−rT}). It is usually negative; divide by 365 for a per-day figure. Deribit's zero
 * rates (D = 1) leave only the first term.
 *
 * Units: quote currency per unit of underlying, like the price (./black76.ts); deltas are
 * dimensionless, gamma per quote-currency unit of F. Accuracy: each formula is a product of terms with a
 * few ulp of error each (φ, Φ from ../numerics/normal.ts) and no cancellation; the rounding of d1 adds a
 * relative error of about ulp·d1² through φ(d1), and vanna (d2) and volga (d1·d2) lose relative accuracy
 * only where those factors pass through zero. Checked against finite differences in the tests.
 *
 * Domain: as black76Price but with T > 0 and σ > 0 strictly (at expiry or zero vol the greeks are
 * distributions, not numbers); anything else throws RangeError. For valid inputs the results are never
 * NaN: d1, d2 are clamped to ±40 where φ = 0 exactly, so far wings give 0 rather than ∞·0. Gamma and
 * vanna can overflow to ±Infinity only in the meaningless limit s < ~1e-300 at the money.
 */

import type { OptionType } from '../market/option-quote.ts';
import { normCdf, normPdf } from '../numerics/normal.ts';
import { assertBlack76Inputs, black76Price, clampD } from './black76.ts';

export interface Black76Greeks {
  readonly deltaForward: number;
  readonly deltaSpot: number;
  readonly gamma: number;
  readonly vega: number;
  readonly theta: number;
  readonly vanna: number;
  readonly volga: number;
}

/** Slot of each greek in the array filled by black76GreeksInto (from `offset`). */
export const GREEK_SLOT = {
  deltaForward: 0,
  deltaSpot: 1,
  gamma: 2,
  vega: 3,
  theta: 4,
  vanna: 5,
  volga: 6,
} as const;

/** Number of slots black76GreeksInto writes. */
export const GREEK_COUNT = 7;

/**
 * Writes the seven greeks (order of GREEK_SLOT) into out[offset … offset + 6], allocating nothing; for
 * hot loops over many options. `forwardPerSpot` = ∂F/∂S = e^{(r−q)T} (1 when the spot is the forward).
 * Throws RangeError on invalid inputs or when the slots do not fit in `out`.
 */
export function black76GreeksInto(
  out: Float64Array,
  offset: number,
  forward: number,
  strike: number,
  timeYears: number,
  vol: number,
  type: OptionType,
  discountFactor = 1,
  forwardPerSpot = 1,
): void {
  assertBlack76Inputs(forward, strike, timeYears, vol, discountFactor);
  if (!(timeYears > 0 && vol > 0)) {
    throw new RangeError(`greeks need timeYears > 0 and vol > 0, got timeYears=${timeYears}, vol=${vol}`);
  }
  if (!(forwardPerSpot > 0 && forwardPerSpot < Infinity)) {
    throw new RangeError(`forwardPerSpot must be finite and > 0, got ${forwardPerSpot}`);
  }
  if (!(Number.isInteger(offset) && offset >= 0 && offset + GREEK_COUNT <= out.length)) {
    throw new RangeError(`offset ${offset} leaves no room for ${GREEK_COUNT} greeks in length ${out.length}`);
  }
  const sqrtT = Math.sqrt(timeYears);
  const s = vol * sqrtT;
  if (s === 0) throw new RangeError(`vol·√timeYears underflows to 0 (vol=${vol}, timeYears=${timeYears})`);
  const d1 = clampD(Math.log(forward / strike) / s + 0.5 * s);
  const d2 = clampD(d1 - s);
  const pdf = normPdf(d1);
  const deltaForward = type === 'call' ? discountFactor * normCdf(d1) : -discountFactor * normCdf(-d1);
  const vega = discountFactor * forward * pdf * sqrtT;
  // r·V with r = −ln(D)/T, as (−ln D·V)/T so that V = 0 gives 0 even for a vanishing T; skipped at
  // D = 1 (Deribit), saving a price evaluation.
  const carry = discountFactor === 1
    ? 0
    : (-Math.log(discountFactor) * black76Price(forward, strike, timeYears, vol, type, discountFactor)) / timeYears;

  out[offset + GREEK_SLOT.deltaForward] = deltaForward;
  out[offset + GREEK_SLOT.deltaSpot] = deltaForward * forwardPerSpot;
  out[offset + GREEK_SLOT.gamma] = (discountFactor * pdf) / (forward * s);
  out[offset + GREEK_SLOT.vega] = vega;
  out[offset + GREEK_SLOT.theta] = (-discountFactor * forward * pdf * vol) / (2 * sqrtT) + carry;
  out[offset + GREEK_SLOT.vanna] = (-discountFactor * pdf * d2) / vol;
  out[offset + GREEK_SLOT.volga] = (vega * d1 * d2) / vol;
}

/** The seven Black-76 greeks as a frozen object; arguments and errors as black76GreeksInto. */
export function black76Greeks(
  forward: number,
  strike: number,
  timeYears: number,
  vol: number,
  type: OptionType,
  discountFactor = 1,
  forwardPerSpot = 1,
): Black76Greeks {
  const g = new Float64Array(GREEK_COUNT);
  black76GreeksInto(g, 0, forward, strike, timeYears, vol, type, discountFactor, forwardPerSpot);
  return Object.freeze({
    deltaForward: g[GREEK_SLOT.deltaForward]!,
    deltaSpot: g[GREEK_SLOT.deltaSpot]!,
    gamma: g[GREEK_SLOT.gamma]!,
    vega: g[GREEK_SLOT.vega]!,
    theta: g[GREEK_SLOT.theta]!,
    vanna: g[GREEK_SLOT.vanna]!,
    volga: g[GREEK_SLOT.volga]!,
  });
}
