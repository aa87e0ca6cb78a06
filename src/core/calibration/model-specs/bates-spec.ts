/**
 * Bates (Heston plus lognormal jumps) for calibration: packed (v0, kappa, theta, sigma, rho, lambda, nu,
 * delta), the Heston box plus λ ∈ [0, 200] per year, ν ∈ [−1, 1], δ ∈ [0.001, 1]; the optional Feller
 * condition as in heston-spec.ts. Analytic price gradient (../../pricing/fourier/jump-gradient.ts).
 * Start: the Heston start with σ halved (jumps carry part of the short-expiry smile) crossed with the jump
 * grid of jump-starts.ts.
 */
import { bates, type BatesParams } from '../../pricing/fourier/bates.ts';
import type { ModelSpec } from '../model-spec.ts';
import { chainFellerColumns, createHestonSpec, type HestonSpecOptions } from './heston-spec.ts';
import { batesSliceWithGradientInto } from '../../pricing/fourier/jump-gradient.ts';
import { lognormalJumpCandidates } from './jump-starts.ts';

export function createBatesSpec(options: HestonSpecOptions = {}): ModelSpec<BatesParams> {
  const base = createHestonSpec(options);
  const lower = Float64Array.of(...base.lower, 0, -1, 0.001);
  const upper = Float64Array.of(...base.upper, 200, 1, 1);
  return {
    name: 'bates',
    model: bates,
    packedNames: [...base.packedNames, 'lambda', 'nu', 'delta'],
    lower,
    upper,
    pack: (p) => Float64Array.of(...base.pack(p), p.lambda, p.nu, p.delta),
    unpack: (x) => ({ ...base.unpack(x), lambda: x[5]!, nu: x[6]!, delta: x[7]! }),
    startCandidates: (shape) => {
      // Heston's own start (its first candidate) with σ halved, crossed with the jump grid. On 18 real fits
      // (every 30th snapshot, BTC and ETH) adding Heston's other two candidates (σ/2, 2σ) tripled the
      // candidate pricings for a worse mean RMSE (3.27 against 3.20 vol points).
      const diffusion = base.startCandidates(shape)[0]!;
      return lognormalJumpCandidates(shape).map((j) => ({ ...diffusion, sigma: diffusion.sigma / 2, ...j }));
    },
    sliceWithGradientInto: (x, forward, T, strikes, isCall, prices, jacobian, workspace, pricing) => {
      const params = { ...base.unpack(x), lambda: x[5]!, nu: x[6]!, delta: x[7]! };
      batesSliceWithGradientInto(params, forward, T, strikes, isCall, prices, jacobian, workspace, pricing);
      if (options.feller === true) chainFellerColumns(x, jacobian, strikes.length, 8);
    },
  };
}
