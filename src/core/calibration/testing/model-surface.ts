/**
 * Test and benchmark data: a surface of a characteristic-function model's own implied vols (accurate
 * pricer, relative 1e-10, then Black-76 inversion), on a grid of expiries and strikes spaced in standard
 * deviations (k = z·σ_ref·√T), with optional seeded uniform noise and a symmetric spread around each mid.
 * Throws when a generated price has no implied vol (the grid is then too wide for the model).
 */
import type { FourierModel } from '../../pricing/fourier/model.ts';
import { priceEuropean } from '../../pricing/fourier/price.ts';
import { impliedVolatility } from '../../pricing/implied-vol.ts';
import { createRng } from '../../numerics/random.ts';
import { smileSliceFromArrays, type SmileSlice } from '../smile-slice.ts';

export interface ModelSurfaceOptions {
  readonly days: readonly number[];
  readonly strikes: number;
  /** Strikes from −width to +width standard deviations at referenceVol. */
  readonly widthStdevs?: number;
  readonly referenceVol?: number;
  /** Offset added to every k (keeps a strike off k = 0 exactly when wanted). */
  readonly shift?: number;
  /** Uniform noise in vol, ± this much. */
  readonly noiseVol?: number;
  /** Half-spread in vol around each mid; bid/ask equal the mid when absent. */
  readonly halfSpreadVol?: number;
  readonly seed?: number;
}

export function modelSurface<P>(model: FourierModel<P>, params: P, options: ModelSurfaceOptions): SmileSlice[] {
  const rng = createRng(options.seed ?? 7);
  const width = options.widthStdevs ?? 2;
  const reference = options.referenceVol ?? 0.6;
  return options.days.map((days) => {
    const T = days / 365;
    const n = options.strikes;
    const k = Array.from({ length: n }, (_, i) => (-width + (2 * width * i) / (n - 1)) * reference * Math.sqrt(T) + (options.shift ?? 0));
    const vol = k.map((x) => {
      const type = x >= 0 ? 'call' : 'put';
      const strike = Math.exp(x);
      const iv = impliedVolatility(priceEuropean(model, params, 1, strike, T, type), 1, strike, T, type);
      if (!iv.ok) throw new RangeError(`${model.name}: no implied vol at k = ${x}, T = ${T} (${iv.reason})`);
      return iv.vol + (options.noiseVol ?? 0) * rng.uniform(-1, 1);
    });
    const half = options.halfSpreadVol;
    return smileSliceFromArrays({
      timeToExpiryYears: T,
      forward: 1,
      logMoneyness: k,
      midVol: vol,
      ...(half !== undefined ? { bidVol: vol.map((v) => v - half), askVol: vol.map((v) => v + half) } : {}),
    });
  });
}
