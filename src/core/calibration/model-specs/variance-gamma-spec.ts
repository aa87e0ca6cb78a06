/**
 * Variance gamma for calibration: packed (sigma, nu, theta); σ ∈ [0.01, 5], ν ∈ [1e-4, 5] years,
 * θ ∈ [−3, 3]. The finite-mean condition θν + σ²ν/2 < 1 is not a box: points within 1e-6 of breaking it
 * are rejected (`inDomain`). Analytic price gradient (../../pricing/fourier/levy-gradient.ts). Start: σ from the longest ATM vol, ν over a small grid, θ's sign from the skew.
 */
import { varianceGamma, type VarianceGammaParams } from '../../pricing/fourier/variance-gamma.ts';
import type { ModelSpec } from '../model-spec.ts';
import { box } from '../model-spec.ts';
import { shortReferenceExpiry } from './heston-spec.ts';
import { varianceGammaSliceWithGradientInto } from '../../pricing/fourier/levy-gradient.ts';

export function createVarianceGammaSpec(): ModelSpec<VarianceGammaParams> {
  const { lower, upper } = box([0.01, 1e-4, -3], [5, 5, 3]);
  return {
    name: 'vg',
    model: varianceGamma,
    packedNames: ['sigma', 'nu', 'theta'],
    lower,
    upper,
    pack: (p) => Float64Array.of(p.sigma, p.nu, p.theta),
    unpack: (x) => ({ sigma: x[0]!, nu: x[1]!, theta: x[2]! }),
    sliceWithGradientInto: (x, forward, T, strikes, isCall, prices, jacobian, workspace, pricing) => {
      varianceGammaSliceWithGradientInto({ sigma: x[0]!, nu: x[1]!, theta: x[2]! }, forward, T, strikes, isCall, prices, jacobian, workspace, pricing);
    },
    inDomain: (x) => x[2]! * x[1]! + 0.5 * x[0]! * x[0]! * x[1]! < 1 - 1e-6,
    startCandidates: (shape) => {
      const vol = shape.length > 0 ? shape[shape.length - 1]!.atmVol : 0.6;
      const skew = shape.length > 0 ? shape[shortReferenceExpiry(shape)]!.atmSkew : -0.1;
      const sign = skew > 0 ? 1 : -1;
      return [0.05, 0.2, 0.8].flatMap((nu) => [0.1, 0.4].map((t) => ({ sigma: vol, nu, theta: sign * t })));
    },
  };
}
