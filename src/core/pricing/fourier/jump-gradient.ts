/**
 * Analytic gradients of the lognormal-jump models' log-characteristic functions, and their slice price
 * Jacobians for calibration: Bates (Heston's five parameters, then λ, ν, δ) and Merton (σ, λ, ν, δ).
 *
 * The compensated jump term (./lognormal-jumps.ts) is J(w) = λT·[(e^a − 1) − w·c] with
 * a = νw + ½δ²w² and c = e^{ν+δ²/2} − 1, entire in w, so its derivatives are closed forms:
 *   ∂J/∂λ = T·[(e^a − 1) − w·c],  ∂J/∂ν = λT·w·(e^a − e^{ν+δ²/2}),  ∂J/∂δ = λTδ·(w²e^a − w·e^{ν+δ²/2}).
 * Merton's diffusion part is ½σ²T(w² − w), with ∂/∂σ = σT(w² − w). Heston's part comes from
 * ./heston-gradient.ts. The price Jacobian is the same contour integral with ∂ln M/∂θ·M in place of M
 * (as there). Checked against central differences of the values and of prices in jump-gradient.test.ts.
 */
import type { BatesParams } from './bates.ts';
import { bates } from './bates.ts';
import { hestonLogMgfGradientInto } from './heston-gradient.ts';
import type { LognormalJumpParams } from './lognormal-jumps.ts';
import type { MertonParams } from './merton.ts';
import { merton } from './merton.ts';
import { sliceWithGradient } from './slice-gradient.ts';

export const BATES_GRADIENT_ORDER = ['v0', 'kappa', 'theta', 'sigma', 'rho', 'lambda', 'nu', 'delta'] as const;
export const MERTON_GRADIENT_ORDER = ['sigma', 'lambda', 'nu', 'delta'] as const;

/** Adds J(w) to psi and writes ∂J/∂(λ, ν, δ) into grad[o..o+5] (re, im pairs). Unchecked. */
function addJumpGradient(p: LognormalJumpParams, T: number, wRe: number, wIm: number, psi: Float64Array, grad: Float64Array, o: number): void {
  const hd2 = 0.5 * p.delta * p.delta;
  const w2Re = wRe * wRe - wIm * wIm;
  const w2Im = 2 * wRe * wIm;
  const aRe = p.nu * wRe + hd2 * w2Re;
  const aIm = p.nu * wIm + hd2 * w2Im;
  const m = Math.exp(aRe);
  const eaRe = m * Math.cos(aIm);
  const eaIm = m * Math.sin(aIm);
  // e^a − 1 without cancellation for small a.
  const em1Re = Math.expm1(aRe) * Math.cos(aIm) - 2 * Math.sin(0.5 * aIm) ** 2;
  const em1Im = eaIm;
  const mean = Math.exp(p.nu + hd2);
  const comp = Math.expm1(p.nu + hd2);
  const lt = p.lambda * T;
  const baseRe = em1Re - wRe * comp;
  const baseIm = em1Im - wIm * comp;
  psi[0] = psi[0]! + lt * baseRe;
  psi[1] = psi[1]! + lt * baseIm;
  grad[o] = T * baseRe;
  grad[o + 1] = T * baseIm;
  // ∂ν: λT·w·(e^a − e^{ν+δ²/2})
  const dRe = eaRe - mean;
  const dIm = eaIm;
  grad[o + 2] = lt * (wRe * dRe - wIm * dIm);
  grad[o + 3] = lt * (wRe * dIm + wIm * dRe);
  // ∂δ: λTδ·(w²·e^a − w·e^{ν+δ²/2})
  const ld = lt * p.delta;
  grad[o + 4] = ld * (w2Re * eaRe - w2Im * eaIm - wRe * mean);
  grad[o + 5] = ld * (w2Re * eaIm + w2Im * eaRe - wIm * mean);
}

/** ln M(w) of Bates into psi, and its gradient in BATES_GRADIENT_ORDER into grad[0..15]. Unchecked. */
export function batesLogMgfGradientInto(p: BatesParams, T: number, wRe: number, wIm: number, psi: Float64Array, grad: Float64Array): void {
  hestonLogMgfGradientInto(p, T, wRe, wIm, psi, grad);
  addJumpGradient(p, T, wRe, wIm, psi, grad, 10);
}

/** ln M(w) of Merton into psi, and its gradient in MERTON_GRADIENT_ORDER into grad[0..7]. Unchecked. */
export function mertonLogMgfGradientInto(p: MertonParams, T: number, wRe: number, wIm: number, psi: Float64Array, grad: Float64Array): void {
  const qRe = wRe * wRe - wIm * wIm - wRe; // w² − w
  const qIm = 2 * wRe * wIm - wIm;
  const half = 0.5 * p.sigma * p.sigma * T;
  psi[0] = half * qRe;
  psi[1] = half * qIm;
  grad[0] = p.sigma * T * qRe;
  grad[1] = p.sigma * T * qIm;
  addJumpGradient(p, T, wRe, wIm, psi, grad, 2);
}

/** Bates prices of one expiry's strikes and their Jacobian (row-major per strike, BATES_GRADIENT_ORDER). */
export const batesSliceWithGradientInto = sliceWithGradient(bates, batesLogMgfGradientInto, BATES_GRADIENT_ORDER.length);

/** Merton prices of one expiry's strikes and their Jacobian (row-major per strike, MERTON_GRADIENT_ORDER). */
export const mertonSliceWithGradientInto = sliceWithGradient(merton, mertonLogMgfGradientInto, MERTON_GRADIENT_ORDER.length);
