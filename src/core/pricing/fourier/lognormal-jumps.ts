/**
 * Compensated compound-Poisson jumps with normally distributed log-jump sizes (Merton 1976), shared by
 * Merton and Bates: jumps arrive at rate λ per year, each multiplies F by e^J, J ~ N(ν, δ²). The
 * compensator −λ(e^{ν+δ²/2} − 1)·t in the drift keeps F a martingale, so the contribution to ln M(w) is
 *
 *   λT·[(e^{νw + δ²w²/2} − 1) − w·(e^{ν+δ²/2} − 1)],
 *
 * entire in w (no moment explosion from the jumps).
 */

import { assertParam } from './model.ts';

export interface LognormalJumpParams {
  /** Jump intensity λ ≥ 0 (jumps per year). */
  readonly lambda: number;
  /** Mean log jump ν (decimal; −0.1 ≈ a 10% drop). */
  readonly nu: number;
  /** Standard deviation δ ≥ 0 of the log jump. */
  readonly delta: number;
}

/** Largest |ν| and δ accepted: e^{δ²w²/2} must stay finite on the pricer's contours. */
export const JUMP_SIZE_MAX = 5;
/** Largest jump intensity accepted (per year). */
export const JUMP_INTENSITY_MAX = 1e4;

export function validateLognormalJumps(model: string, p: LognormalJumpParams): void {
  assertParam(model, 'lambda', p.lambda, 0, JUMP_INTENSITY_MAX);
  assertParam(model, 'nu', p.nu, -JUMP_SIZE_MAX, JUMP_SIZE_MAX);
  assertParam(model, 'delta', p.delta, 0, JUMP_SIZE_MAX);
}

/** Adds the jump term of ln M(w) at complex w to out[0], out[1]. Unchecked. */
export function addLognormalJumpLogMgf(
  p: LognormalJumpParams, T: number, wRe: number, wIm: number, out: Float64Array,
): void {
  if (p.lambda === 0) return;
  const hd2 = 0.5 * p.delta * p.delta;
  // e^{νw + δ²w²/2} − 1 with the exponent a = νw + ½δ²w²
  const aRe = p.nu * wRe + hd2 * (wRe * wRe - wIm * wIm);
  const aIm = p.nu * wIm + hd2 * 2 * wRe * wIm;
  const m = Math.exp(aRe);
  const em1Re = Math.expm1(aRe) * Math.cos(aIm) - 2 * Math.sin(0.5 * aIm) ** 2;
  const em1Im = m * Math.sin(aIm);
  const comp = Math.expm1(p.nu + hd2);
  const lt = p.lambda * T;
  out[0] = out[0]! + lt * (em1Re - wRe * comp);
  out[1] = out[1]! + lt * (em1Im - wIm * comp);
}

/**
 * The jump term's envelope gap (model.ts envelopeGap): with a = νw + ½δ²w², Re of the term is
 * λT·(e^{Re a}·cos(Im a) − 1 − Re w·(e^{ν+δ²/2} − 1)); replacing cos(Im a) by 1 gives
 * λT·(e^{Re a} − 1 − Re w·(…)), which falls with |Im w| (Re a = νRe w + ½δ²(Re w² − Im w²)). The gap is
 * the difference, λT·e^{Re a}·(1 − cos Im a) ≥ 0. Unchecked.
 */
export function lognormalJumpEnvelopeGap(p: LognormalJumpParams, T: number, wRe: number, wIm: number): number {
  if (p.lambda === 0) return 0;
  const hd2 = 0.5 * p.delta * p.delta;
  const aRe = p.nu * wRe + hd2 * (wRe * wRe - wIm * wIm);
  const aIm = p.nu * wIm + hd2 * 2 * wRe * wIm;
  const half = Math.sin(0.5 * aIm);
  return p.lambda * T * Math.exp(aRe) * 2 * half * half; // 1 − cos x = 2 sin²(x/2), exact for small x
}
