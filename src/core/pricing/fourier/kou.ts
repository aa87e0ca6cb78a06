/**
 * Kou (2002, "A jump-diffusion model for option pricing", Management Science 48, 1086–1101) double
 * exponential jump diffusion on the forward: Black-76 diffusion σ plus compound-Poisson jumps at rate λ
 * whose log size is +Exp(η₁) with probability p and −Exp(η₂) otherwise, compensated so E[F_T] = F:
 *
 *   ζ(w) = p·η₁/(η₁ − w) + (1 − p)·η₂/(η₂ + w) − 1,
 *   ln M(w) = ½σ²T(w² − w) + λT·[ζ(w) − w·ζ(1)],
 *
 * finite for −η₂ < Re w < η₁ (poles at η₁ and −η₂); η₁ > 1 makes E[e^J] and so E[F_T] finite.
 * σ > 0 is required (see merton.ts).
 */

import { assertParam } from './model.ts';
import type { FourierModel } from './model.ts';

export interface KouParams {
  /** Diffusion volatility σ > 0 (annualised decimal). */
  readonly sigma: number;
  /** Jump intensity λ ≥ 0 (jumps per year). */
  readonly lambda: number;
  /** Probability p ∈ [0, 1] that a jump is upward. */
  readonly p: number;
  /** Rate η₁ > 1 of the upward exponential log jump (mean up jump 1/η₁). */
  readonly eta1: number;
  /** Rate η₂ > 0 of the downward exponential log jump (mean down jump 1/η₂). */
  readonly eta2: number;
}

export function validateKouParams(p: KouParams): KouParams {
  assertParam('kou', 'sigma', p.sigma, 0, 100, true);
  assertParam('kou', 'lambda', p.lambda, 0, 1e4);
  assertParam('kou', 'p', p.p, 0, 1);
  assertParam('kou', 'eta1', p.eta1, 1, 1e6, true);
  assertParam('kou', 'eta2', p.eta2, 0, 1e6, true);
  return p;
}

/** ln M(w) = ln E[e^{wX}] at complex w: out[0] = Re, out[1] = Im. Unchecked. */
export function kouLogMgfInto(p: KouParams, T: number, wRe: number, wIm: number, out: Float64Array): void {
  const hv = 0.5 * p.sigma * p.sigma * T;
  let re = hv * (wRe * wRe - wIm * wIm - wRe);
  let im = hv * (2 * wRe * wIm - wIm);
  if (p.lambda > 0) {
    const { eta1, eta2 } = p;
    // p·η₁/(η₁ − w) and (1 − p)·η₂/(η₂ + w)
    const aRe = eta1 - wRe;
    const aDen = aRe * aRe + wIm * wIm;
    const bRe = eta2 + wRe;
    const bDen = bRe * bRe + wIm * wIm;
    // ζ(w) − w ζ(1), written so that it is O(w²) at w → 0 without cancellation of the constants:
    // p η₁/(η₁ − w) − p = p w/(η₁ − w), (1 − p) η₂/(η₂ + w) − (1 − p) = −(1 − p) w/(η₂ + w).
    const zeta1 = p.p / (eta1 - 1) - (1 - p.p) / (eta2 + 1);
    const upRe = (p.p * (wRe * aRe - wIm * wIm)) / aDen;
    const upIm = (p.p * (wIm * aRe + wRe * wIm)) / aDen;
    const dnRe = (-(1 - p.p) * (wRe * bRe + wIm * wIm)) / bDen;
    const dnIm = (-(1 - p.p) * (wIm * bRe - wRe * wIm)) / bDen;
    const lt = p.lambda * T;
    re += lt * (upRe + dnRe - wRe * zeta1);
    im += lt * (upIm + dnIm - wIm * zeta1);
  }
  out[0] = re;
  out[1] = im;
}

/** ln φ(u) at complex u: out[0] = Re, out[1] = Im. Unchecked. */
export function kouLogCfInto(p: KouParams, T: number, uRe: number, uIm: number, out: Float64Array): void {
  kouLogMgfInto(p, T, -uIm, uRe, out);
}

export const kou: FourierModel<KouParams> = {
  name: 'kou',
  validate: validateKouParams,
  logCfInto: kouLogCfInto,
  momentStripInto: (p, _T, out) => {
    out[0] = p.lambda > 0 ? -p.eta2 : -Infinity;
    out[1] = p.lambda > 0 ? p.eta1 : Infinity;
  },
  contourTilt: 0,
  bendDrift: () => 0,
};
