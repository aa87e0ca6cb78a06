/**
 * Kou double-exponential jump-diffusion for calibration: packed (sigma, lambda, p, eta1, eta2); σ ∈
 * [0.01, 5], λ ∈ [0, 50] per year, p ∈ [0, 1], η₁ ∈ [1.5, 200] (mean up jump ≤ 2/3, so E[e^X] stays
 * finite with room for the pricer's contour), η₂ ∈ [0.5, 200]. Analytic price gradient
 * (../../pricing/fourier/levy-gradient.ts). Start: σ from the longest ATM vol × 0.8,
 * a grid of intensities and jump means, the up-jump probability from the skew's sign.
 */
import { kou, type KouParams } from '../../pricing/fourier/kou.ts';
import type { ModelSpec } from '../model-spec.ts';
import { box } from '../model-spec.ts';
import { shortReferenceExpiry } from './heston-spec.ts';
import { kouSliceWithGradientInto } from '../../pricing/fourier/levy-gradient.ts';

export function createKouSpec(): ModelSpec<KouParams> {
  const { lower, upper } = box([0.01, 0, 0, 1.5, 0.5], [5, 50, 1, 200, 200]);
  return {
    name: 'kou',
    model: kou,
    packedNames: ['sigma', 'lambda', 'p', 'eta1', 'eta2'],
    lower,
    upper,
    pack: (q) => Float64Array.of(q.sigma, q.lambda, q.p, q.eta1, q.eta2),
    unpack: (x) => ({ sigma: x[0]!, lambda: x[1]!, p: x[2]!, eta1: x[3]!, eta2: x[4]! }),
    sliceWithGradientInto: (x, forward, T, strikes, isCall, prices, jacobian, workspace, pricing) => {
      const params = { sigma: x[0]!, lambda: x[1]!, p: x[2]!, eta1: x[3]!, eta2: x[4]! };
      kouSliceWithGradientInto(params, forward, T, strikes, isCall, prices, jacobian, workspace, pricing);
    },
    startCandidates: (shape) => {
      const vol = shape.length > 0 ? shape[shape.length - 1]!.atmVol : 0.6;
      const skew = shape.length > 0 ? shape[shortReferenceExpiry(shape)]!.atmSkew : -0.1;
      const p = skew > 0 ? 0.6 : 0.3;
      return [
        { sigma: 0.8 * vol, lambda: 1, p, eta1: 8, eta2: 6 },
        { sigma: 0.8 * vol, lambda: 5, p, eta1: 20, eta2: 15 },
        { sigma: 0.6 * vol, lambda: 2, p, eta1: 5, eta2: 4 },
        { sigma: 0.9 * vol, lambda: 0.5, p: 0.5, eta1: 10, eta2: 10 },
      ];
    },
  };
}
