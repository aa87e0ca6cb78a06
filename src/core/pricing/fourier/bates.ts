/**
 * Bates (1996, "Jumps and stochastic volatility", Rev. Financial Studies 9, 69–107): Heston plus
 * compensated lognormal jumps (./lognormal-jumps.ts), independent of the diffusion, so
 * ln M(w) = ln M_Heston(w) + λT·[(e^{νw+δ²w²/2} − 1) − w(e^{ν+δ²/2} − 1)] and E[F_T] = F.
 * The jumps are entire in w, so the moment strip is Heston's.
 */

import { hestonLogMgfInto, hestonMomentStripInto, validateHestonParams } from './heston.ts';
import type { HestonParams } from './heston.ts';
import { addLognormalJumpLogMgf, lognormalJumpEnvelopeGap, validateLognormalJumps } from './lognormal-jumps.ts';
import type { LognormalJumpParams } from './lognormal-jumps.ts';
import type { FourierModel } from './model.ts';

export interface BatesParams extends HestonParams, LognormalJumpParams {}

export function validateBatesParams(p: BatesParams): BatesParams {
  validateHestonParams(p, 'bates');
  validateLognormalJumps('bates', p);
  return p;
}

/** ln M(w) = ln E[e^{wX}] at complex w: out[0] = Re, out[1] = Im. Unchecked. */
export function batesLogMgfInto(p: BatesParams, T: number, wRe: number, wIm: number, out: Float64Array): void {
  hestonLogMgfInto(p, T, wRe, wIm, out);
  addLognormalJumpLogMgf(p, T, wRe, wIm, out);
}

/** ln φ(u) at complex u: out[0] = Re, out[1] = Im. Unchecked. */
export function batesLogCfInto(p: BatesParams, T: number, uRe: number, uIm: number, out: Float64Array): void {
  batesLogMgfInto(p, T, -uIm, uRe, out);
}

export const bates: FourierModel<BatesParams> = {
  name: 'bates',
  validate: validateBatesParams,
  logCfInto: batesLogCfInto,
  momentStripInto: hestonMomentStripInto,
  contourTilt: 0,
  bendDrift: () => 0,
  envelopeGap: lognormalJumpEnvelopeGap,
};
