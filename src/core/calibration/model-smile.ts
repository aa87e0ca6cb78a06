/**
 * A fitted characteristic-function model seen as a smile: total variance w(k) = σ_BS(k)²·T of one expiry,
 * from the model's price (../pricing/fourier, relative 1e-11) and the Black-76 inversion. What the fit
 * document's model-independent checks (butterfly on a dense grid, calendar between expiries) and its grid
 * evaluate for the stochastic models.
 *
 * Where the out-of-the-money price is below MEANINGFUL_PRICE (a fraction of the forward), the implied vol
 * carries no information — a one-day option at k = 1.5 is priced below 1e-300 — and w is reported as NaN:
 * the `from`/`to` range says where w is defined (the contiguous run of such points around the money among
 * those asked for). Inside it, w comes from prices accurate to 1e-11 relative, which keeps Durrleman's
 * finite-difference g (step 1e-4) accurate to about 1e-11·w/1e-8 ≈ 1e-3·w.
 *
 * Values asked for in `points` (and their ±h neighbours for the g check) are priced up front in one slice
 * call sharing its contours; any other k is priced on demand by the single-option path and memoised.
 */
import type { FourierModel } from '../pricing/fourier/model.ts';
import { priceEuropean, priceSliceInto } from '../pricing/fourier/price.ts';
import { createFourierWorkspace } from '../pricing/fourier/workspace.ts';
import { impliedVolatility } from '../pricing/implied-vol.ts';

/** OTM price, as a fraction of the forward, below which the implied vol is not reported. */
export const MEANINGFUL_PRICE = 1e-10;
const PRICE_TOLERANCE = 1e-11;

export interface ModelSmile {
  /** w(k); NaN where the out-of-the-money price is below MEANINGFUL_PRICE. */
  totalVariance(k: number): number;
  /** The range around the money, among the precomputed points, where w is defined. */
  readonly from: number;
  readonly to: number;
}

export function modelSmile<P>(
  model: FourierModel<P>,
  params: P,
  timeToExpiryYears: number,
  points: readonly number[],
  neighbourStep = 1e-4,
): ModelSmile {
  const T = timeToExpiryYears;
  const memo = new Map<number, number>();
  const wOf = (k: number, price: number): number => {
    if (!(price >= MEANINGFUL_PRICE)) return Number.NaN;
    const iv = impliedVolatility(price, 1, Math.exp(k), T, k >= 0 ? 'call' : 'put');
    return iv.ok ? iv.vol * iv.vol * T : Number.NaN;
  };

  const all = [...new Set(points.flatMap((k) => [k, k + neighbourStep, k - neighbourStep]))];
  if (all.length > 0) {
    const strikes = Float64Array.from(all, (k) => Math.exp(k));
    const isCall = Uint8Array.from(all, (k) => (k >= 0 ? 1 : 0));
    const prices = new Float64Array(all.length);
    priceSliceInto(model, params, 1, T, strikes, isCall, prices, createFourierWorkspace(all.length, 0), { relativeTolerance: PRICE_TOLERANCE });
    all.forEach((k, i) => memo.set(k, wOf(k, prices[i]!)));
  }

  const totalVariance = (k: number): number => {
    const known = memo.get(k);
    if (known !== undefined) return known;
    const w = wOf(k, priceEuropean(model, params, 1, Math.exp(k), T, k >= 0 ? 'call' : 'put', { relativeTolerance: PRICE_TOLERANCE }));
    memo.set(k, w);
    return w;
  };

  // The defined run around the money: walk out from the point nearest k = 0 while w and its neighbours exist.
  const sorted = [...new Set(points)].sort((a, b) => a - b);
  const defined = (k: number): boolean =>
    Number.isFinite(totalVariance(k)) && Number.isFinite(totalVariance(k + neighbourStep)) && Number.isFinite(totalVariance(k - neighbourStep));
  let centre = 0;
  for (let i = 1; i < sorted.length; i++) if (Math.abs(sorted[i]!) < Math.abs(sorted[centre]!)) centre = i;
  let lo = centre;
  let hi = centre;
  if (sorted.length === 0 || !defined(sorted[centre]!)) return { totalVariance, from: 0, to: 0 };
  while (lo > 0 && defined(sorted[lo - 1]!)) lo--;
  while (hi < sorted.length - 1 && defined(sorted[hi + 1]!)) hi++;
  return { totalVariance, from: sorted[lo]!, to: sorted[hi]! };
}

/**
 * The model's implied vols at the given log-moneyness values of one expiry, in one slice pricing call:
 * NaN where the out-of-the-money price is below MEANINGFUL_PRICE or has no implied vol. For predictions
 * (../refine/out-of-sample.ts), where no arbitrage check needs the neighbours modelSmile prices.
 */
export function modelImpliedVols<P>(model: FourierModel<P>, params: P, timeToExpiryYears: number, logMoneyness: Float64Array): Float64Array {
  const n = logMoneyness.length;
  const T = timeToExpiryYears;
  const strikes = logMoneyness.map((k) => Math.exp(k));
  const isCall = Uint8Array.from(logMoneyness, (k) => (k >= 0 ? 1 : 0));
  const prices = new Float64Array(n);
  const out = new Float64Array(n);
  if (n === 0) return out;
  priceSliceInto(model, params, 1, T, strikes, isCall, prices, createFourierWorkspace(n, 0), { relativeTolerance: PRICE_TOLERANCE });
  for (let i = 0; i < n; i++) {
    const price = prices[i]!;
    const iv = price >= MEANINGFUL_PRICE ? impliedVolatility(price, 1, strikes[i]!, T, isCall[i] === 1 ? 'call' : 'put') : null;
    out[i] = iv !== null && iv.ok ? iv.vol : Number.NaN;
  }
  return out;
}
