/**
 * Bates (Heston plus lognormal jumps) for calibration: packed (v0, kappa, theta, sigma, rho, lnLambda, nu,
 * lnDelta), the Heston box plus λ ∈ [0.001, 200] per year, ν ∈ [−1, 1], δ ∈ [0.001, 1]; the optional Feller
 * condition as in heston-spec.ts. Analytic price gradient (../../pricing/fourier/jump-gradient.ts).
 *
 * λ and δ are packed as logarithms. Crypto fits slide along a valley where λδ² (the jumps' variance rate)
 * is nearly constant — in the February 2026 crash from λ ≈ 3 to its bound 200 as δ falls from 0.17 to
 * 0.03 — which is a straight line in (ln λ, ln δ) and a curve in (λ, δ). Measured (mean over fits, every
 * 25th snapshot and the whole crash window, BTC and ETH): iterations 45 → 30 (calm) and 54 → 44 (crash),
 * RMSE 2.814 → 2.805 and 4.909 → 4.914 vol points, inside share unchanged to 0.1 point. The standard errors of
 * lnLambda and lnDelta are the relative errors of λ and δ.
 *
 * Start: the Heston start with σ halved (jumps carry part of the short-expiry smile) crossed with the jump
 * grid of jump-starts.ts.
 */
import { bates, type BatesParams } from '../../pricing/fourier/bates.ts';
import type { ModelSpec } from '../model-spec.ts';
import { chainFellerColumns, createHestonSpec, type HestonSpecOptions } from './heston-spec.ts';
import { batesSliceWithGradientInto } from '../../pricing/fourier/jump-gradient.ts';
import { lognormalJumpCandidates } from './jump-starts.ts';

const LAMBDA_MIN = 1e-3;
const LAMBDA_MAX = 200;
const DELTA_MIN = 1e-3;

export function createBatesSpec(options: HestonSpecOptions = {}): ModelSpec<BatesParams> {
  const base = createHestonSpec(options);
  const lower = Float64Array.of(...base.lower, Math.log(LAMBDA_MIN), -1, Math.log(DELTA_MIN));
  const upper = Float64Array.of(...base.upper, Math.log(LAMBDA_MAX), 1, 0);
  return {
    name: 'bates',
    model: bates,
    packedNames: [...base.packedNames, 'lnLambda', 'nu', 'lnDelta'],
    lower,
    upper,
    pack: (p) => Float64Array.of(...base.pack(p), Math.log(Math.max(p.lambda, LAMBDA_MIN)), p.nu, Math.log(Math.max(p.delta, DELTA_MIN))),
    unpack: (x) => ({ ...base.unpack(x), lambda: Math.exp(x[5]!), nu: x[6]!, delta: Math.exp(x[7]!) }),
    startCandidates: (shape) => {
      // Heston's own start (its first candidate) with σ halved, crossed with the jump grid. On 18 real fits
      // (every 30th snapshot, BTC and ETH) adding Heston's other two candidates (σ/2, 2σ) tripled the
      // candidate pricings for a worse mean RMSE (3.27 against 3.20 vol points).
      const diffusion = base.startCandidates(shape)[0]!;
      return lognormalJumpCandidates(shape).map((j) => ({ ...diffusion, sigma: diffusion.sigma / 2, ...j }));
    },
    sliceWithGradientInto: (x, forward, T, strikes, isCall, prices, jacobian, workspace, pricing) => {
      const params = { ...base.unpack(x), lambda: Math.exp(x[5]!), nu: x[6]!, delta: Math.exp(x[7]!) };
      batesSliceWithGradientInto(params, forward, T, strikes, isCall, prices, jacobian, workspace, pricing);
      // ∂/∂ln λ = λ·∂/∂λ, ∂/∂ln δ = δ·∂/∂δ.
      for (let i = 0; i < strikes.length; i++) {
        jacobian[i * 8 + 5] = jacobian[i * 8 + 5]! * params.lambda;
        jacobian[i * 8 + 7] = jacobian[i * 8 + 7]! * params.delta;
      }
      if (options.feller === true) chainFellerColumns(x, jacobian, strikes.length, 8);
    },
  };
}
