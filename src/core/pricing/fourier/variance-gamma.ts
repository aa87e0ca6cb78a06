/**
 * Variance gamma (Madan, Carr & Chang, "The variance gamma process and option pricing", European
 * Finance Review 2 (1998) 79–105): X = ωT + θG_T + σW(G_T), with G a gamma clock of mean rate 1 and
 * variance rate ν (G_T ~ Gamma(shape T/ν, scale ν)). With the martingale drift
 * ω = ln(1 − θν − σ²ν/2)/ν (MCC eq. 21–22):
 *
 *   ln M(w) = ωT·w − (T/ν)·ln(1 − θνw − ½σ²νw²),
 *
 * finite between the two real roots w₋ < 0 < 1 < w₊ of 1 − θνw − ½σ²νw² (which needs
 * 1 − θν − σ²ν/2 > 0, i.e. E[e^X] finite). The base of the logarithm is never a negative real off the
 * real axis (its imaginary part −Im w·ν(θ + σ²Re w) vanishes only on the line Re w = −θ/σ², where the
 * base is ≥ 1), so the principal logarithm is analytic in each open half plane: the pricer may bend its
 * contour there (contourTilt), which it needs because |M| decays only like |w|^{−2T/ν}.
 */

import { complexLog1pInto } from '../../numerics/complex.ts';
import { assertParam } from './model.ts';
import type { FourierModel } from './model.ts';

export interface VarianceGammaParams {
  /** Volatility σ > 0 of the subordinated Brownian motion (annualised decimal). */
  readonly sigma: number;
  /** Variance rate ν > 0 of the gamma clock (years). */
  readonly nu: number;
  /** Drift θ of the subordinated Brownian motion (skew; negative = left skew). */
  readonly theta: number;
}

export function validateVarianceGammaParams(p: VarianceGammaParams): VarianceGammaParams {
  assertParam('varianceGamma', 'sigma', p.sigma, 0, 100, true);
  assertParam('varianceGamma', 'nu', p.nu, 0, 100, true);
  assertParam('varianceGamma', 'theta', p.theta, -100, 100);
  const base = 1 - p.theta * p.nu - 0.5 * p.sigma * p.sigma * p.nu;
  if (!(base > 0)) {
    throw new RangeError(
      `varianceGamma: theta·nu + sigma²·nu/2 must be < 1 (E[F_T] finite), got theta = ${p.theta}, nu = ${p.nu}, sigma = ${p.sigma}`,
    );
  }
  return p;
}

const t2 = new Float64Array(2);

/** ln M(w) = ln E[e^{wX}] at complex w: out[0] = Re, out[1] = Im. Unchecked. */
export function varianceGammaLogMgfInto(
  p: VarianceGammaParams, T: number, wRe: number, wIm: number, out: Float64Array,
): void {
  const { sigma, nu, theta } = p;
  const hs = 0.5 * sigma * sigma * nu;
  const omega = Math.log1p(-theta * nu - hs) / nu;
  // ln(1 + a), a = −θνw − ½σ²νw²
  const aRe = -theta * nu * wRe - hs * (wRe * wRe - wIm * wIm);
  const aIm = -theta * nu * wIm - hs * 2 * wRe * wIm;
  complexLog1pInto(aRe, aIm, t2);
  const r = T / nu;
  out[0] = omega * T * wRe - r * t2[0]!;
  out[1] = omega * T * wIm - r * t2[1]!;
}

/** ln φ(u) at complex u: out[0] = Re, out[1] = Im. Unchecked. */
export function varianceGammaLogCfInto(
  p: VarianceGammaParams, T: number, uRe: number, uIm: number, out: Float64Array,
): void {
  varianceGammaLogMgfInto(p, T, -uIm, uRe, out);
}

/** Real roots w₋ < 0 < 1 < w₊ of 1 − θνw − ½σ²νw² (the moment strip). */
export function varianceGammaMomentStripInto(p: VarianceGammaParams, _T: number, out: Float64Array): void {
  const a = 0.5 * p.sigma * p.sigma * p.nu;
  const b = p.theta * p.nu;
  // a w² + b w − 1 = 0; roots in the cancellation-free form.
  const disc = Math.sqrt(b * b + 4 * a);
  const big = b >= 0 ? -b - disc : -b + disc; // = 2a·(root of larger magnitude)
  const r1 = big / (2 * a);
  const r2 = -2 / big;
  out[0] = Math.min(r1, r2);
  out[1] = Math.max(r1, r2);
}

/** tan 30°: the far contour is bent 30° from vertical (see price.ts). */
const VG_TILT = Math.tan(Math.PI / 6);

export const varianceGamma: FourierModel<VarianceGammaParams> = {
  name: 'varianceGamma',
  validate: validateVarianceGammaParams,
  logCfInto: varianceGammaLogCfInto,
  momentStripInto: varianceGammaMomentStripInto,
  contourTilt: VG_TILT,
  bendDrift: (p, T) => (Math.log1p(-p.theta * p.nu - 0.5 * p.sigma * p.sigma * p.nu) / p.nu) * T,
};
