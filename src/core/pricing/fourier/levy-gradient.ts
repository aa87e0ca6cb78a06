/**
 * Analytic gradients of the Kou and variance-gamma log-characteristic functions, and their slice price
 * Jacobians for calibration (the same contour integral with ∂ln M/∂θ·M in place of M, as in
 * ./heston-gradient.ts). Written on the exact forms of ./kou.ts and ./variance-gamma.ts:
 *
 * Kou, ln M = ½σ²T(w² − w) + λT[p·U − (1 − p)·V − w·ζ₁], U = w/(η₁ − w), V = w/(η₂ + w),
 *   ζ₁ = p/(η₁ − 1) − (1 − p)/(η₂ + 1):
 *   ∂σ = σT(w² − w),  ∂λ = T[pU − (1 − p)V − wζ₁],  ∂p = λT[U + V − w(1/(η₁ − 1) + 1/(η₂ + 1))],
 *   ∂η₁ = λTp·w[1/(η₁ − 1)² − 1/(η₁ − w)²],  ∂η₂ = λT(1 − p)·w[1/(η₂ + w)² − 1/(η₂ + 1)²].
 * Variance gamma, ln M = ωTw − (T/ν)·ln A(w), A(w) = 1 − θνw − ½σ²νw², ω = ln A(1)/ν:
 *   ∂σ = σT(w²/A(w) − w/A(1)),  ∂θ = T(w/A(w) − w/A(1)),
 *   ∂ν = Tw·∂ω/∂ν + (T/ν²)·ln A(w) + (T/ν)(θw + ½σ²w²)/A(w),  ∂ω/∂ν = −(θ + ½σ²)/(νA(1)) − ω/ν.
 * Checked against central differences of the values and of prices in levy-gradient.test.ts.
 */
import { complexDivInto } from '../../numerics/complex.ts';
import type { KouParams } from './kou.ts';
import { kou, kouLogMgfInto } from './kou.ts';
import type { VarianceGammaParams } from './variance-gamma.ts';
import { varianceGamma, varianceGammaLogMgfInto } from './variance-gamma.ts';
import { sliceWithGradient } from './slice-gradient.ts';

export const KOU_GRADIENT_ORDER = ['sigma', 'lambda', 'p', 'eta1', 'eta2'] as const;
export const VARIANCE_GAMMA_GRADIENT_ORDER = ['sigma', 'nu', 'theta'] as const;

const u2 = new Float64Array(2);
const v2 = new Float64Array(2);

/** ln M(w) of Kou into psi, and its gradient in KOU_GRADIENT_ORDER into grad[0..9]. Unchecked. */
export function kouLogMgfGradientInto(p: KouParams, T: number, wRe: number, wIm: number, psi: Float64Array, grad: Float64Array): void {
  kouLogMgfInto(p, T, wRe, wIm, psi);
  const { sigma, lambda, eta1, eta2 } = p;
  const q = p.p;
  const mRe = wRe * wRe - wIm * wIm - wRe; // w² − w
  const mIm = 2 * wRe * wIm - wIm;
  grad[0] = sigma * T * mRe;
  grad[1] = sigma * T * mIm;
  complexDivInto(wRe, wIm, eta1 - wRe, -wIm, u2); // U = w/(η₁ − w)
  complexDivInto(wRe, wIm, eta2 + wRe, wIm, v2); // V = w/(η₂ + w)
  const zeta1 = q / (eta1 - 1) - (1 - q) / (eta2 + 1);
  grad[2] = T * (q * u2[0]! - (1 - q) * v2[0]! - wRe * zeta1);
  grad[3] = T * (q * u2[1]! - (1 - q) * v2[1]! - wIm * zeta1);
  const lt = lambda * T;
  const c = 1 / (eta1 - 1) + 1 / (eta2 + 1);
  grad[4] = lt * (u2[0]! + v2[0]! - wRe * c);
  grad[5] = lt * (u2[1]! + v2[1]! - wIm * c);
  // w/(η₁ − w)² = U/(η₁ − w); w/(η₂ + w)² = V/(η₂ + w)
  complexDivInto(u2[0]!, u2[1]!, eta1 - wRe, -wIm, u2);
  complexDivInto(v2[0]!, v2[1]!, eta2 + wRe, wIm, v2);
  const e1 = 1 / ((eta1 - 1) * (eta1 - 1));
  const e2 = 1 / ((eta2 + 1) * (eta2 + 1));
  grad[6] = lt * q * (wRe * e1 - u2[0]!);
  grad[7] = lt * q * (wIm * e1 - u2[1]!);
  grad[8] = lt * (1 - q) * (v2[0]! - wRe * e2);
  grad[9] = lt * (1 - q) * (v2[1]! - wIm * e2);
}

/** ln M(w) of variance gamma into psi, and its gradient in VARIANCE_GAMMA_GRADIENT_ORDER into grad[0..5]. Unchecked. */
export function varianceGammaLogMgfGradientInto(
  p: VarianceGammaParams, T: number, wRe: number, wIm: number, psi: Float64Array, grad: Float64Array,
): void {
  const { sigma, nu, theta } = p;
  const hs = 0.5 * sigma * sigma * nu;
  const a1 = 1 - theta * nu - hs; // A(1)
  const omega = Math.log1p(-theta * nu - hs) / nu;
  varianceGammaLogMgfInto(p, T, wRe, wIm, psi);
  const r = T / nu;
  // ln A(w) back from the value: ψ = ωTw − r·ln A(w).
  const lRe = (omega * T * wRe - psi[0]!) / r;
  const lIm = (omega * T * wIm - psi[1]!) / r;
  const w2Re = wRe * wRe - wIm * wIm;
  const w2Im = 2 * wRe * wIm;
  const aRe = -theta * nu * wRe - hs * w2Re; // A(w) − 1
  const aIm = -theta * nu * wIm - hs * w2Im;
  const AwRe = 1 + aRe;
  const AwIm = aIm;
  complexDivInto(wRe, wIm, AwRe, AwIm, u2); // w/A(w)
  complexDivInto(w2Re, w2Im, AwRe, AwIm, v2); // w²/A(w)
  // σ
  grad[0] = sigma * T * (v2[0]! - wRe / a1);
  grad[1] = sigma * T * (v2[1]! - wIm / a1);
  // ν
  const dOmega = -(theta + 0.5 * sigma * sigma) / (nu * a1) - omega / nu;
  const bRe = theta * u2[0]! + 0.5 * sigma * sigma * v2[0]!; // (θw + ½σ²w²)/A(w)
  const bIm = theta * u2[1]! + 0.5 * sigma * sigma * v2[1]!;
  grad[2] = T * wRe * dOmega + (r / nu) * lRe + r * bRe;
  grad[3] = T * wIm * dOmega + (r / nu) * lIm + r * bIm;
  // θ
  grad[4] = T * (u2[0]! - wRe / a1);
  grad[5] = T * (u2[1]! - wIm / a1);
}

/** Kou prices of one expiry's strikes and their Jacobian (row-major per strike, KOU_GRADIENT_ORDER). */
export const kouSliceWithGradientInto = sliceWithGradient(kou, kouLogMgfGradientInto, KOU_GRADIENT_ORDER.length);

/** Variance-gamma prices of one expiry's strikes and their Jacobian (row-major, VARIANCE_GAMMA_GRADIENT_ORDER). */
export const varianceGammaSliceWithGradientInto = sliceWithGradient(
  varianceGamma, varianceGammaLogMgfGradientInto, VARIANCE_GAMMA_GRADIENT_ORDER.length,
);
