/**
 * Merton (1976, "Option pricing when underlying stock returns are discontinuous", J. Financial Economics
 * 3, 125–144) jump diffusion on the forward: Black-76 diffusion with volatility σ plus compensated
 * lognormal jumps (./lognormal-jumps.ts):
 *
 *   ln M(w) = ½σ²T(w² − w) + λT·[(e^{νw+δ²w²/2} − 1) − w(e^{ν+δ²/2} − 1)],
 *
 * entire in w. σ > 0 is required: without diffusion the law of X has an atom and its characteristic
 * function does not decay, which a Fourier pricer cannot invert.
 */

import { addLognormalJumpLogMgf, lognormalJumpEnvelopeGap, validateLognormalJumps } from './lognormal-jumps.ts';
import type { LognormalJumpParams } from './lognormal-jumps.ts';
import { assertParam } from './model.ts';
import type { FourierModel } from './model.ts';

export interface MertonParams extends LognormalJumpParams {
  /** Diffusion volatility σ > 0 (annualised decimal). */
  readonly sigma: number;
}

export function validateMertonParams(p: MertonParams): MertonParams {
  assertParam('merton', 'sigma', p.sigma, 0, 100, true);
  validateLognormalJumps('merton', p);
  return p;
}

/** ln M(w) = ln E[e^{wX}] at complex w: out[0] = Re, out[1] = Im. Unchecked. */
export function mertonLogMgfInto(p: MertonParams, T: number, wRe: number, wIm: number, out: Float64Array): void {
  const hv = 0.5 * p.sigma * p.sigma * T;
  out[0] = hv * (wRe * wRe - wIm * wIm - wRe);
  out[1] = hv * (2 * wRe * wIm - wIm);
  addLognormalJumpLogMgf(p, T, wRe, wIm, out);
}

/** ln φ(u) at complex u: out[0] = Re, out[1] = Im. Unchecked. */
export function mertonLogCfInto(p: MertonParams, T: number, uRe: number, uIm: number, out: Float64Array): void {
  mertonLogMgfInto(p, T, -uIm, uRe, out);
}

export const merton: FourierModel<MertonParams> = {
  name: 'merton',
  validate: validateMertonParams,
  logCfInto: mertonLogCfInto,
  momentStripInto: (_p, _T, out) => {
    out[0] = -Infinity;
    out[1] = Infinity;
  },
  contourTilt: 0,
  bendDrift: () => 0,
  envelopeGap: lognormalJumpEnvelopeGap,
};
