/**
 * Analytic gradient of the Heston log-characteristic function with respect to (v0, κ, θ, σ, ρ), and the
 * price Jacobian of a slice built on it, for calibration.
 *
 * Following Cui, del Baño Rollin & Germano ("Full and fast calibration of the Heston stochastic
 * volatility model", European J. Operational Research 263 (2017) 625–638, §3), the gradient is obtained
 * analytically from the same continuous (little-trap) representation as the value, sharing all its
 * subexpressions, and the price gradient is the same Fourier integral with ∂ln φ/∂θᵢ·φ in place of φ
 * (their eq. 21–22) — the contour does not depend on the parameters' values in the result (Cauchy), so
 * differentiating under the integral is exact. Where Cui et al. differentiate their A/B/D form, this file
 * differentiates the σ → 0-stable form of ./heston.ts by the chain rule (same value, same cost, but no
 * 1/σ² and so a finite gradient at σ = 0, where a flat-smile calibration ends):
 *
 *   ∂ψ/∂v0 = D,  ∂ψ/∂θ = κ(qT − 2·z/σ²·ln(1 + z)/z),
 *   and κ, σ, ρ through β = κ − ρσw and σ² (∂β/∂κ = 1, ∂β/∂σ = −ρw, ∂β/∂ρ = −σw, ∂σ²/∂σ = 2σ).
 *
 * Checked against central finite differences of the characteristic function and of prices in
 * heston-gradient.test.ts. Gradient order everywhere: HESTON_GRADIENT_ORDER.
 */

import { complexDivInto, complexExpm1Into, complexLog1pInto, complexSqrtInto } from '../../numerics/complex.ts';
import type { HestonParams } from './heston.ts';
import { heston } from './heston.ts';
import type { FourierPricingOptions } from './price.ts';
import { sliceInto } from './price.ts';
import type { FourierWorkspace } from './workspace.ts';

/** Order of the gradient components (and of the Jacobian's columns). */
export const HESTON_GRADIENT_ORDER = ['v0', 'kappa', 'theta', 'sigma', 'rho'] as const;
export const HESTON_GRADIENT_SIZE = 5;

const t2 = new Float64Array(2);
/** Intermediates of the value, kept for the chain rule (see the S_* indices). */
const S = new Float64Array(40);
const W_RE = 0, W_IM = 1, B_RE = 2, B_IM = 3, DL_RE = 4, DL_IM = 5, D_RE = 6, D_IM = 7, BD_RE = 8, BD_IM = 9;
const Q_RE = 10, Q_IM = 11, G_RE = 12, G_IM = 13, E_RE = 14, E_IM = 15, EM_RE = 16, EM_IM = 17;
const DEN_RE = 18, DEN_IM = 19, DD_RE = 20, DD_IM = 21, DEN2_RE = 22, DEN2_IM = 23, ZS_RE = 24, ZS_IM = 25;
const Z_RE = 26, Z_IM = 27, LZ_RE = 28, LZ_IM = 29, LZP_RE = 30, LZP_IM = 31;

/** d/dz of ln(1 + z)/z, given z and ln(1 + z)/z; a series for |z| < 0.05 (no cancellation). */
function lzDerivativeInto(zRe: number, zIm: number, lRe: number, lIm: number): void {
  if (zRe * zRe + zIm * zIm < 0.0025) {
    // Σ_{n≥1} (−1)ⁿ n zⁿ⁻¹/(n + 1), Horner from n = 16.
    let re = 0;
    let im = 0;
    for (let n = 16; n >= 1; n--) {
      const c = ((n % 2 === 0 ? 1 : -1) * n) / (n + 1);
      const nr = re * zRe - im * zIm + c;
      im = re * zIm + im * zRe;
      re = nr;
    }
    S[LZP_RE] = re;
    S[LZP_IM] = im;
    return;
  }
  // (1/(1 + z) − L)/z
  complexDivInto(1, 0, 1 + zRe, zIm, t2);
  complexDivInto(t2[0]! - lRe, t2[1]! - lIm, zRe, zIm, t2);
  S[LZP_RE] = t2[0]!;
  S[LZP_IM] = t2[1]!;
}

/** Value pass: ln M(w) into psi, intermediates into S. Same formula as hestonLogMgfInto. */
function valuePass(p: HestonParams, T: number, wRe: number, wIm: number, psi: Float64Array): void {
  const { v0, kappa, theta, sigma, rho } = p;
  const s2 = sigma * sigma;
  const bRe = kappa - rho * sigma * wRe;
  const bIm = -rho * sigma * wIm;
  const dlRe = wRe * wRe - wIm * wIm - wRe;
  const dlIm = 2 * wRe * wIm - wIm;
  complexSqrtInto(bRe * bRe - bIm * bIm - s2 * dlRe, 2 * bRe * bIm - s2 * dlIm, t2);
  const dRe = t2[0]!;
  const dIm = t2[1]!;
  const bdRe = bRe + dRe;
  const bdIm = bIm + dIm;
  complexDivInto(dlRe, dlIm, bdRe, bdIm, t2);
  const qRe = t2[0]!;
  const qIm = t2[1]!;
  complexDivInto(s2 * qRe, s2 * qIm, bdRe, bdIm, t2);
  const gRe = t2[0]!;
  const gIm = t2[1]!;
  complexExpm1Into(-dRe * T, -dIm * T, t2);
  const emRe = -t2[0]!;
  const emIm = -t2[1]!;
  const eRe = 1 - emRe;
  const eIm = -emIm;
  const qemRe = qRe * emRe - qIm * emIm;
  const qemIm = qRe * emIm + qIm * emRe;
  const denRe = 1 - (gRe * eRe - gIm * eIm);
  const denIm = -(gRe * eIm + gIm * eRe);
  complexDivInto(qemRe, qemIm, denRe, denIm, t2);
  const DRe = t2[0]!;
  const DIm = t2[1]!;
  const den2Re = bdRe * (1 - gRe) + bdIm * gIm;
  const den2Im = bdIm * (1 - gRe) - bdRe * gIm;
  complexDivInto(qemRe, qemIm, den2Re, den2Im, t2);
  const zsRe = t2[0]!;
  const zsIm = t2[1]!;
  const zRe = s2 * zsRe;
  const zIm = s2 * zsIm;
  let lRe = 1;
  let lIm = 0;
  if (zRe !== 0 || zIm !== 0) {
    complexLog1pInto(zRe, zIm, t2);
    complexDivInto(t2[0]!, t2[1]!, zRe, zIm, t2);
    lRe = t2[0]!;
    lIm = t2[1]!;
  }
  lzDerivativeInto(zRe, zIm, lRe, lIm);
  const kt = kappa * theta;
  psi[0] = kt * (qRe * T - 2 * (zsRe * lRe - zsIm * lIm)) + v0 * DRe;
  psi[1] = kt * (qIm * T - 2 * (zsRe * lIm + zsIm * lRe)) + v0 * DIm;
  S[W_RE] = wRe; S[W_IM] = wIm; S[B_RE] = bRe; S[B_IM] = bIm; S[DL_RE] = dlRe; S[DL_IM] = dlIm;
  S[D_RE] = dRe; S[D_IM] = dIm; S[BD_RE] = bdRe; S[BD_IM] = bdIm; S[Q_RE] = qRe; S[Q_IM] = qIm;
  S[G_RE] = gRe; S[G_IM] = gIm; S[E_RE] = eRe; S[E_IM] = eIm; S[EM_RE] = emRe; S[EM_IM] = emIm;
  S[DEN_RE] = denRe; S[DEN_IM] = denIm; S[DD_RE] = DRe; S[DD_IM] = DIm; S[DEN2_RE] = den2Re; S[DEN2_IM] = den2Im;
  S[ZS_RE] = zsRe; S[ZS_IM] = zsIm; S[Z_RE] = zRe; S[Z_IM] = zIm; S[LZ_RE] = lRe; S[LZ_IM] = lIm;
}

/**
 * Chain rule for one parameter given ∂β (complex), ∂σ² and ∂(κθ) (real); writes ∂ψ into grad[o], grad[o+1].
 * The v0 coefficient is the parameter-independent v0 (∂v0 = 0 for κ, σ, ρ).
 */
function chain(p: HestonParams, T: number, dbRe: number, dbIm: number, ds2: number, dkt: number, grad: Float64Array, o: number): void {
  const s2 = p.sigma * p.sigma;
  const kt = p.kappa * p.theta;
  // ∂d = (2β∂β − ∂σ²·Δ)/(2d)
  const nRe = 2 * (S[B_RE]! * dbRe - S[B_IM]! * dbIm) - ds2 * S[DL_RE]!;
  const nIm = 2 * (S[B_RE]! * dbIm + S[B_IM]! * dbRe) - ds2 * S[DL_IM]!;
  complexDivInto(nRe, nIm, 2 * S[D_RE]!, 2 * S[D_IM]!, t2);
  const ddRe = t2[0]!;
  const ddIm = t2[1]!;
  const dbdRe = dbRe + ddRe;
  const dbdIm = dbIm + ddIm;
  // ∂q = −q·∂bd/bd
  complexDivInto(dbdRe, dbdIm, S[BD_RE]!, S[BD_IM]!, t2);
  const rRe = t2[0]!; // ∂bd/bd
  const rIm = t2[1]!;
  const qRe = S[Q_RE]!;
  const qIm = S[Q_IM]!;
  const dqRe = -(qRe * rRe - qIm * rIm);
  const dqIm = -(qRe * rIm + qIm * rRe);
  // ∂g = (∂σ²·q + σ²∂q)/bd − g·∂bd/bd
  complexDivInto(ds2 * qRe + s2 * dqRe, ds2 * qIm + s2 * dqIm, S[BD_RE]!, S[BD_IM]!, t2);
  const gRe = S[G_RE]!;
  const gIm = S[G_IM]!;
  const dgRe = t2[0]! - (gRe * rRe - gIm * rIm);
  const dgIm = t2[1]! - (gRe * rIm + gIm * rRe);
  // ∂E = −T·E·∂d, ∂em = −∂E
  const eRe = S[E_RE]!;
  const eIm = S[E_IM]!;
  const dERe = -T * (eRe * ddRe - eIm * ddIm);
  const dEIm = -T * (eRe * ddIm + eIm * ddRe);
  const emRe = S[EM_RE]!;
  const emIm = S[EM_IM]!;
  // ∂(q·em) = ∂q·em − q·∂E
  const dnumRe = dqRe * emRe - dqIm * emIm - (qRe * dERe - qIm * dEIm);
  const dnumIm = dqRe * emIm + dqIm * emRe - (qRe * dEIm + qIm * dERe);
  // ∂den = −(∂g·E + g·∂E);  ∂D = (∂num − D·∂den)/den
  const ddenRe = -(dgRe * eRe - dgIm * eIm + gRe * dERe - gIm * dEIm);
  const ddenIm = -(dgRe * eIm + dgIm * eRe + gRe * dEIm + gIm * dERe);
  const DRe = S[DD_RE]!;
  const DIm = S[DD_IM]!;
  complexDivInto(
    dnumRe - (DRe * ddenRe - DIm * ddenIm), dnumIm - (DRe * ddenIm + DIm * ddenRe), S[DEN_RE]!, S[DEN_IM]!, t2,
  );
  const dDRe = t2[0]!;
  const dDIm = t2[1]!;
  // den2 = bd(1 − g): ∂den2 = ∂bd(1 − g) − bd·∂g;  ∂zs = (∂num − zs·∂den2)/den2
  const bdRe = S[BD_RE]!;
  const bdIm = S[BD_IM]!;
  const dden2Re = dbdRe * (1 - gRe) + dbdIm * gIm - (bdRe * dgRe - bdIm * dgIm);
  const dden2Im = dbdIm * (1 - gRe) - dbdRe * gIm - (bdRe * dgIm + bdIm * dgRe);
  const zsRe = S[ZS_RE]!;
  const zsIm = S[ZS_IM]!;
  complexDivInto(
    dnumRe - (zsRe * dden2Re - zsIm * dden2Im), dnumIm - (zsRe * dden2Im + zsIm * dden2Re), S[DEN2_RE]!, S[DEN2_IM]!, t2,
  );
  const dzsRe = t2[0]!;
  const dzsIm = t2[1]!;
  // ∂z = ∂σ²·zs + σ²·∂zs;  ∂(zs·L) = ∂zs·L + zs·L′·∂z
  const dzRe = ds2 * zsRe + s2 * dzsRe;
  const dzIm = ds2 * zsIm + s2 * dzsIm;
  const lRe = S[LZ_RE]!;
  const lIm = S[LZ_IM]!;
  const lpRe = S[LZP_RE]!;
  const lpIm = S[LZP_IM]!;
  const lpdzRe = lpRe * dzRe - lpIm * dzIm;
  const lpdzIm = lpRe * dzIm + lpIm * dzRe;
  const dT2Re = dzsRe * lRe - dzsIm * lIm + (zsRe * lpdzRe - zsIm * lpdzIm);
  const dT2Im = dzsRe * lIm + dzsIm * lRe + (zsRe * lpdzIm + zsIm * lpdzRe);
  const t2Re = zsRe * lRe - zsIm * lIm;
  const t2Im = zsRe * lIm + zsIm * lRe;
  grad[o] = dkt * (qRe * T - 2 * t2Re) + kt * (dqRe * T - 2 * dT2Re) + p.v0 * dDRe;
  grad[o + 1] = dkt * (qIm * T - 2 * t2Im) + kt * (dqIm * T - 2 * dT2Im) + p.v0 * dDIm;
}

/**
 * ln M(w) into psi[0..1] and its gradient in HESTON_GRADIENT_ORDER into grad[0..9] (re, im pairs), at
 * complex w (exponent variable, M(w) = E[e^{wX}]). Unchecked (validated params, T > 0).
 */
export function hestonLogMgfGradientInto(
  p: HestonParams, T: number, wRe: number, wIm: number, psi: Float64Array, grad: Float64Array,
): void {
  valuePass(p, T, wRe, wIm, psi);
  // v0: D
  grad[0] = S[DD_RE]!;
  grad[1] = S[DD_IM]!;
  // θ: κ(qT − 2 zs·L)
  const zl = S[ZS_RE]! * S[LZ_RE]! - S[ZS_IM]! * S[LZ_IM]!;
  const zlIm = S[ZS_RE]! * S[LZ_IM]! + S[ZS_IM]! * S[LZ_RE]!;
  grad[4] = p.kappa * (S[Q_RE]! * T - 2 * zl);
  grad[5] = p.kappa * (S[Q_IM]! * T - 2 * zlIm);
  // κ: ∂β = 1, ∂(κθ) = θ
  chain(p, T, 1, 0, 0, p.theta, grad, 2);
  // σ: ∂β = −ρw, ∂σ² = 2σ
  chain(p, T, -p.rho * wRe, -p.rho * wIm, 2 * p.sigma, 0, grad, 6);
  // ρ: ∂β = −σw
  chain(p, T, -p.sigma * wRe, -p.sigma * wIm, 0, 0, grad, 8);
}

/** ln φ(u) and ∂ ln φ(u)/∂θᵢ at complex u (φ(u) = M(iu)); same layout as hestonLogMgfGradientInto. */
export function hestonLogCfGradientInto(
  p: HestonParams, T: number, uRe: number, uIm: number, psi: Float64Array, grad: Float64Array,
): void {
  hestonLogMgfGradientInto(p, T, -uIm, uRe, psi, grad);
}

/**
 * Heston prices of one expiry's strikes (as priceSliceInto) and their Jacobian: jacobian[i·5 + j] =
 * ∂price_i/∂θ_j, θ in HESTON_GRADIENT_ORDER (row-major per strike). Allocation-free given the workspace
 * (createFourierWorkspace(n, ≥ 5)). Default relative tolerance 1e-8 on the prices.
 */
export function priceSliceWithGradientInto(
  params: HestonParams, forward: number, timeToExpiryYears: number, strikes: Float64Array, isCall: Uint8Array,
  out: Float64Array, jacobian: Float64Array, workspace: FourierWorkspace, options: FourierPricingOptions = {},
): void {
  sliceInto(
    heston, params, forward, timeToExpiryYears, strikes, isCall, out, workspace, options,
    hestonLogMgfGradientInto, HESTON_GRADIENT_SIZE, jacobian,
  );
}
