/**
 * The SABR smile model per expiry (Hagan, Kumar, Lesniewski & Woodward, "Managing smile risk", Wilmott
 * Magazine 2002) as a SmileModel: β fixed per model instance, parameters packed as [α, ρ, ν].
 *
 *   w(k) = σ_B(k)²·T, σ_B Hagan's lognormal expansion (eq. 2.17a–b, ./sabr-vol.ts), ∂w/∂x = 2σT·∂σ/∂x.
 *
 * α is forward-normalised (Hagan's α / F^(1−β)), an annualised decimal vol close to the ATM vol for any β:
 * the SmileModel interface sees k and T only, and SABR is scale-invariant in F, so nothing is lost.
 * Where Hagan's T-correction drives σ ≤ 0 (the expansion has failed: large ν²T with |ρ| > 0.82) the model
 * returns w = σ·|σ|·T ≤ 0, continuous with its gradient, which the calibrator treats as "rejected".
 * Packed parameters outside the domain (α ≤ 0, |ρ| ≥ 1, ν < 0, or not finite) give w = 0, gradient 0.
 */

import type { SmileSlice } from '../calibration/smile-slice.ts';
import type { SmileModel } from './smile-model.ts';
import { sabrBounds } from './sabr-bounds.ts';
import { sabrInitialGuess } from './sabr-initial-guess.ts';
import { sabrVol, sabrVolKDerivatives, sabrVolWithGradient } from './sabr-vol.ts';

export { SABR_ALPHA_MAX, SABR_ALPHA_MIN, SABR_RHO_MAX, sabrBounds, sabrNuMax } from './sabr-bounds.ts';

export interface SabrParams {
  /** Forward-normalised initial vol α/F^(1−β) (annualised decimal); > 0. */
  readonly alpha: number;
  /** Correlation of the forward and its vol; |ρ| ≤ 0.999. */
  readonly rho: number;
  /** Vol of vol (annualised); ≥ 0. */
  readonly nu: number;
}

export interface SabrModel extends SmileModel<SabrParams> {
  /** The CEV exponent β ∈ [0, 1], fixed for this model. */
  readonly beta: number;
}

function inDomain(alpha: number, rho: number, nu: number): boolean {
  return alpha > 0 && alpha < Infinity && rho > -1 && rho < 1 && nu >= 0 && nu < Infinity;
}

/** The SABR model with fixed β ∈ [0, 1] (default 1, the lognormal backbone). Throws RangeError otherwise. */
export function createSabrModel(beta = 1): SabrModel {
  if (!(beta >= 0 && beta <= 1)) throw new RangeError(`SABR beta must be in [0, 1], got ${beta}`);
  const scratch = new Float64Array(3);
  const derivatives = new Float64Array(3);
  return {
    name: beta === 1 ? 'sabr' : `sabr(beta=${beta})`,
    beta,
    parameterNames: ['alpha', 'rho', 'nu'],
    bounds: (slice: SmileSlice) => sabrBounds(slice.timeToExpiryYears),
    pack: (p: SabrParams) => Float64Array.of(p.alpha, p.rho, p.nu),
    unpack: (x: Float64Array) => ({ alpha: x[0]!, rho: x[1]!, nu: x[2]! }),
    totalVariance(x: Float64Array, k: number, timeYears: number): number {
      const alpha = x[0]!;
      const rho = x[1]!;
      const nu = x[2]!;
      if (!inDomain(alpha, rho, nu)) return 0;
      const sigma = sabrVol(alpha, rho, nu, beta, k, timeYears);
      return sigma * Math.abs(sigma) * timeYears;
    },
    totalVarianceWithGradient(x: Float64Array, k: number, timeYears: number, gradient: Float64Array): number {
      const alpha = x[0]!;
      const rho = x[1]!;
      const nu = x[2]!;
      if (!inDomain(alpha, rho, nu)) {
        gradient.fill(0, 0, 3);
        return 0;
      }
      const sigma = sabrVolWithGradient(alpha, rho, nu, beta, k, timeYears, scratch);
      const scale = 2 * Math.abs(sigma) * timeYears; // ∂(σ|σ|T)/∂σ
      gradient[0] = scale * scratch[0]!;
      gradient[1] = scale * scratch[1]!;
      gradient[2] = scale * scratch[2]!;
      return sigma * Math.abs(sigma) * timeYears;
    },
    initialGuess: (slice: SmileSlice) => sabrInitialGuess(slice, beta),
    minimumDensityFactor(x: Float64Array, timeYears: number, kFrom: number, kTo: number, steps: number): number {
      // Durrleman's g from the closed-form σ, σ′, σ″ (sabr-vol.ts): w = σ²T, w′ = 2σσ′T, w″ = 2(σ′² + σσ″)T.
      // One Hagan evaluation per grid point where finite differences of w (butterfly.ts) need three.
      const alpha = x[0]!;
      const rho = x[1]!;
      const nu = x[2]!;
      if (!inDomain(alpha, rho, nu)) return Number.NEGATIVE_INFINITY;
      const n = Math.max(1, Math.floor(steps));
      let minimum = Number.POSITIVE_INFINITY;
      for (let i = 0; i <= n; i++) {
        const k = kFrom + ((kTo - kFrom) * i) / n;
        const sigma = sabrVolKDerivatives(alpha, rho, nu, beta, k, timeYears, derivatives);
        if (!(sigma > 0)) return Number.NEGATIVE_INFINITY;
        const s1 = derivatives[1]!;
        const w = sigma * sigma * timeYears;
        const w1 = 2 * sigma * s1 * timeYears;
        const w2 = 2 * (s1 * s1 + sigma * derivatives[2]!) * timeYears;
        const a = 1 - (k * w1) / (2 * w);
        const g = a * a - 0.25 * w1 * w1 * (1 / w + 0.25) + 0.5 * w2;
        if (Number.isNaN(g)) return Number.NEGATIVE_INFINITY;
        if (g < minimum) minimum = g;
      }
      return minimum;
    },
    // ν (vol of vol) carries the smile's curvature and, through ρν, its skew: ν = 0 is Black-76 at α for
    // β = 1 (a flat smile) and the CEV backbone otherwise.
    towardFlat: (x: Float64Array, fraction: number) => Float64Array.of(x[0]!, x[1]!, fraction * x[2]!),
  };
}
