/**
 * Merton jump-diffusion for calibration: packed (sigma, lambda, nu, delta); σ ∈ [0.01, 5], λ ∈ [0, 50] per
 * year, ν ∈ [−1, 1], δ ∈ [0.001, 1]. Analytic price gradient (../../pricing/fourier/jump-gradient.ts). Start: σ from the longest expiry's ATM vol (jumps matter least there),
 * scaled by 0.7 and 0.9, crossed with the jump grid of jump-starts.ts.
 */
import { merton, type MertonParams } from '../../pricing/fourier/merton.ts';
import type { ModelSpec } from '../model-spec.ts';
import { box } from '../model-spec.ts';
import { lognormalJumpCandidates } from './jump-starts.ts';
import { mertonSliceWithGradientInto } from '../../pricing/fourier/jump-gradient.ts';

export function createMertonSpec(): ModelSpec<MertonParams> {
  const { lower, upper } = box([0.01, 0, -1, 0.001], [5, 50, 1, 1]);
  return {
    name: 'merton',
    model: merton,
    packedNames: ['sigma', 'lambda', 'nu', 'delta'],
    lower,
    upper,
    pack: (p) => Float64Array.of(p.sigma, p.lambda, p.nu, p.delta),
    unpack: (x) => ({ sigma: x[0]!, lambda: x[1]!, nu: x[2]!, delta: x[3]! }),
    sliceWithGradientInto: (x, forward, T, strikes, isCall, prices, jacobian, workspace, pricing) => {
      mertonSliceWithGradientInto({ sigma: x[0]!, lambda: x[1]!, nu: x[2]!, delta: x[3]! }, forward, T, strikes, isCall, prices, jacobian, workspace, pricing);
    },
    startCandidates: (shape) => {
      const vol = shape.length > 0 ? shape[shape.length - 1]!.atmVol : 0.6;
      return [0.7, 0.9].flatMap((f) => lognormalJumpCandidates(shape).map((j) => ({ sigma: f * vol, ...j })));
    },
  };
}
