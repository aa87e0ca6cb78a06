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

import { complexDivInto } from '../../numerics/complex.ts';
import type { HestonParams } from './heston.ts';
import { heston, hestonLogMgfStagesInto, HESTON_STAGE, HESTON_STAGE_LENGTH } from './heston.ts';
import { sliceWithGradient } from './slice-gradient.ts';

/** Order of the gradient components (and of the Jacobian's columns). */
export const HESTON_GRADIENT_ORDER = ['v0', 'kappa', 'theta', 'sigma', 'rho'] as const;
export const HESTON_GRADIENT_SIZE = 5;

const t2 = new Float64Array(2);
/** Intermediates of the value, kept for the chain rule (see the S_* indices). */
const S = new Float64Array(HESTON_STAGE_LENGTH);
const { B, DL, D, BD, Q, G, E, EM, DEN, DD, DEN2, ZS, Z, LZ } = HESTON_STAGE;
const B_RE = B, B_IM = B + 1, DL_RE = DL, DL_IM = DL + 1, D_RE = D, D_IM = D + 1;
const BD_RE = BD, BD_IM = BD + 1, Q_RE = Q, Q_IM = Q + 1, G_RE = G, G_IM = G + 1, E_RE = E, E_IM = E + 1;
const EM_RE = EM, EM_IM = EM + 1, DEN_RE = DEN, DEN_IM = DEN + 1, DD_RE = DD, DD_IM = DD + 1;
const DEN2_RE = DEN2, DEN2_IM = DEN2 + 1, ZS_RE = ZS, ZS_IM = ZS + 1, Z_RE = Z, Z_IM = Z + 1;
const LZ_RE = LZ, LZ_IM = LZ + 1;
/** d/dz of ln(1 + z)/z, after the stages (S has room: HESTON_STAGE_LENGTH). */
const LZP_RE = 30, LZP_IM = 31;

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

/** Value pass: ln M(w) into psi and its intermediates into S (heston.ts), then d/dz of ln(1 + z)/z. */
function valuePass(p: HestonParams, T: number, wRe: number, wIm: number, psi: Float64Array): void {
  hestonLogMgfStagesInto(p, T, wRe, wIm, psi, S);
  lzDerivativeInto(S[Z_RE]!, S[Z_IM]!, S[LZ_RE]!, S[LZ_IM]!);
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
export const priceSliceWithGradientInto = sliceWithGradient(heston, hestonLogMgfGradientInto, HESTON_GRADIENT_SIZE);
