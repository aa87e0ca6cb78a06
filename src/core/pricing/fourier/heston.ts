/**
 * Heston (1993) stochastic volatility on the forward: dF/F = √v dW₁, dv = κ(θ − v)dt + σ√v dW₂,
 * d⟨W₁, W₂⟩ = ρ dt. Characteristic function of X = ln(F_T/F) in the "little trap" form of Albrecher,
 * Mayer, Schoutens & Tistaert ("The little Heston trap", Wilmott Magazine, January 2007, eq. 2), which
 * keeps the principal logarithm continuous for long expiries. In the exponent variable w = iu:
 *
 *   β = κ − ρσw,  d = √(β² − σ²(w² − w)) (Re d ≥ 0),  g = (β − d)/(β + d),
 *   ln M(w) = κθ/σ²·[(β − d)T − 2 ln((1 − g e^{−dT})/(1 − g))] + v0·(β − d)/σ²·(1 − e^{−dT})/(1 − g e^{−dT}).
 *
 * Written without the 1/σ² that makes the textbook form 0/0 as σ → 0: with q = (w² − w)/(β + d)
 * = (β − d)/σ², g = σ²q/(β + d) and z = g(1 − e^{−dT})/(1 − g),
 *
 *   ln M(w) = κθ·[qT − 2·(z/σ²)·ln(1 + z)/z] + v0·q(1 − e^{−dT})/(1 − g e^{−dT}),
 *
 * with ln(1 + z)/z and 1 − e^{−dT} evaluated by log1p and expm1. At σ = 0 exactly this is the Black-76
 * exponent (w² − w)/2·∫₀ᵀ E[v_t]dt, and it stays accurate for σ down to 0 (checked in heston.test.ts).
 * The one cancellation left is β + d → 0, which happens only at w → 1 when κ < ρσ (or w → 0); the
 * pricer never evaluates there.
 *
 * Units: v0, θ variances per year (decimal², 0.36 = 60% vol), κ per year, σ per √year, ρ dimensionless.
 */

import { complexDivInto, complexExpm1Into, complexLog1pInto, complexSqrtInto } from '../../numerics/complex.ts';
import { assertParam } from './model.ts';
import type { FourierModel } from './model.ts';

export interface HestonParams {
  /** Initial variance v₀ ≥ 0 (per year). */
  readonly v0: number;
  /** Mean-reversion speed κ > 0 (per year). */
  readonly kappa: number;
  /** Long-run variance θ ≥ 0 (per year). */
  readonly theta: number;
  /** Volatility of variance σ ≥ 0 (per √year). */
  readonly sigma: number;
  /** Correlation ρ ∈ [−1, 1] of the forward's and the variance's Brownian motions. */
  readonly rho: number;
}

/** Largest parameter magnitude accepted: beyond it exponentials overflow for any useful expiry. */
export const HESTON_PARAM_MAX = 1e4;

/** Returns `p` when it is a valid Heston parameter set; throws a RangeError naming the bad field otherwise. */
export function validateHestonParams(p: HestonParams, model = 'heston'): HestonParams {
  assertParam(model, 'v0', p.v0, 0, HESTON_PARAM_MAX);
  assertParam(model, 'kappa', p.kappa, 0, HESTON_PARAM_MAX, true);
  assertParam(model, 'theta', p.theta, 0, HESTON_PARAM_MAX);
  assertParam(model, 'sigma', p.sigma, 0, HESTON_PARAM_MAX);
  assertParam(model, 'rho', p.rho, -1, 1);
  if (!(p.v0 > 0 || p.theta > 0)) {
    throw new RangeError(`${model}: v0 and theta cannot both be 0 (no diffusion), got v0 = ${p.v0}, theta = ${p.theta}`);
  }
  return p;
}

const t2 = new Float64Array(2);

/**
 * Where hestonLogMgfStagesInto records the value's intermediates (complex values as re, im pairs), for the
 * analytic gradient (./heston-gradient.ts), which differentiates the same expressions by the chain rule.
 */
export const HESTON_STAGE = {
  W: 0, B: 2, DL: 4, D: 6, BD: 8, Q: 10, G: 12, E: 14, EM: 16, DEN: 18, DD: 20, DEN2: 22, ZS: 24, Z: 26, LZ: 28,
} as const;
/** Length of a stages array (HESTON_STAGE's pairs, with room for the gradient's own scratch after them). */
export const HESTON_STAGE_LENGTH = 40;

/**
 * ln M(w) = ln E[e^{wX}] for complex w = wRe + i·wIm: out[0] = Re, out[1] = Im. Unchecked: validated
 * params, T > 0. See the module comment for the formula.
 */
export function hestonLogMgfInto(p: HestonParams, T: number, wRe: number, wIm: number, out: Float64Array): void {
  hestonLogMgfStagesInto(p, T, wRe, wIm, out, null);
}

/** hestonLogMgfInto, also writing the intermediates into `stages` (HESTON_STAGE layout) when given. */
export function hestonLogMgfStagesInto(
  p: HestonParams, T: number, wRe: number, wIm: number, out: Float64Array, stages: Float64Array | null,
): void {
  const { v0, kappa, theta, sigma, rho } = p;
  const s2 = sigma * sigma;
  // β = κ − ρσw
  const bRe = kappa - rho * sigma * wRe;
  const bIm = -rho * sigma * wIm;
  // Δ = w² − w
  const dlRe = wRe * wRe - wIm * wIm - wRe;
  const dlIm = 2 * wRe * wIm - wIm;
  // d = √(β² − σ²Δ)
  complexSqrtInto(bRe * bRe - bIm * bIm - s2 * dlRe, 2 * bRe * bIm - s2 * dlIm, t2);
  const dRe = t2[0]!;
  const dIm = t2[1]!;
  const bdRe = bRe + dRe;
  const bdIm = bIm + dIm;
  // q = Δ/(β + d) = (β − d)/σ²
  complexDivInto(dlRe, dlIm, bdRe, bdIm, t2);
  const qRe = t2[0]!;
  const qIm = t2[1]!;
  // g = σ²q/(β + d)
  complexDivInto(s2 * qRe, s2 * qIm, bdRe, bdIm, t2);
  const gRe = t2[0]!;
  const gIm = t2[1]!;
  // em = 1 − e^{−dT} = −expm1(−dT);  E = e^{−dT} = 1 − em
  complexExpm1Into(-dRe * T, -dIm * T, t2);
  const emRe = -t2[0]!;
  const emIm = -t2[1]!;
  const eRe = 1 - emRe;
  const eIm = -emIm;
  // q·em
  const qemRe = qRe * emRe - qIm * emIm;
  const qemIm = qRe * emIm + qIm * emRe;
  // D = q·em/(1 − gE)
  const denRe = 1 - (gRe * eRe - gIm * eIm);
  const denIm = -(gRe * eIm + gIm * eRe);
  complexDivInto(qemRe, qemIm, denRe, denIm, t2);
  const DRe = t2[0]!;
  const DIm = t2[1]!;
  // z/σ² = q·em/((β + d)(1 − g))
  const den2Re = bdRe * (1 - gRe) + bdIm * gIm;
  const den2Im = bdIm * (1 - gRe) - bdRe * gIm;
  complexDivInto(qemRe, qemIm, den2Re, den2Im, t2);
  const zsRe = t2[0]!;
  const zsIm = t2[1]!;
  const zRe = s2 * zsRe;
  const zIm = s2 * zsIm;
  // ln(1 + z)/z, = 1 at z = 0
  let lRe = 1;
  let lIm = 0;
  if (zRe !== 0 || zIm !== 0) {
    complexLog1pInto(zRe, zIm, t2);
    complexDivInto(t2[0]!, t2[1]!, zRe, zIm, t2);
    lRe = t2[0]!;
    lIm = t2[1]!;
  }
  const kt = kappa * theta;
  out[0] = kt * (qRe * T - 2 * (zsRe * lRe - zsIm * lIm)) + v0 * DRe;
  out[1] = kt * (qIm * T - 2 * (zsRe * lIm + zsIm * lRe)) + v0 * DIm;
  if (stages === null) return;
  stages[0] = wRe; stages[1] = wIm; stages[2] = bRe; stages[3] = bIm; stages[4] = dlRe; stages[5] = dlIm;
  stages[6] = dRe; stages[7] = dIm; stages[8] = bdRe; stages[9] = bdIm; stages[10] = qRe; stages[11] = qIm;
  stages[12] = gRe; stages[13] = gIm; stages[14] = eRe; stages[15] = eIm; stages[16] = emRe; stages[17] = emIm;
  stages[18] = denRe; stages[19] = denIm; stages[20] = DRe; stages[21] = DIm; stages[22] = den2Re; stages[23] = den2Im;
  stages[24] = zsRe; stages[25] = zsIm; stages[26] = zRe; stages[27] = zIm; stages[28] = lRe; stages[29] = lIm;
}

/** ln φ(u), φ(u) = E[e^{iuX}], for complex u: out[0] = Re, out[1] = Im. Unchecked (see hestonLogMgfInto). */
export function hestonLogCfInto(p: HestonParams, T: number, uRe: number, uIm: number, out: Float64Array): void {
  hestonLogMgfInto(p, T, -uIm, uRe, out);
}

/**
 * Time T*(w) at which the moment E[(F_T/F)^w] of real order w becomes infinite (Infinity if never), from
 * the Riccati equation B′ = ½σ²B² − βB + ½(w² − w), B(0) = 0, of the variance coefficient (Andersen &
 * Piterbarg, "Moment explosions in stochastic volatility models", Finance Stoch. 11 (2007), Prop. 3.1,
 * rederived): explosion needs w ∉ [0, 1] and either a negative discriminant D = β² − σ²(w² − w) or β < 0.
 */
export function hestonExplosionTime(p: HestonParams, w: number): number {
  const c = w * w - w;
  if (c <= 0 || p.sigma === 0) return Infinity;
  const beta = p.kappa - p.rho * p.sigma * w;
  const disc = beta * beta - p.sigma * p.sigma * c;
  if (disc > 0) {
    if (beta >= 0) return Infinity;
    const r = Math.sqrt(disc);
    return Math.log((beta - r) / (beta + r)) / r;
  }
  if (disc === 0) return beta < 0 ? 2 / -beta : Infinity;
  const r = Math.sqrt(-disc);
  return (2 / r) * (0.5 * Math.PI + Math.atan(beta / r));
}

/** Smallest w beyond `start` (in the direction of `step`'s sign) with T*(w) ≤ T, or ±Infinity. */
function explosionMoment(p: HestonParams, T: number, start: number, sign: 1 | -1): number {
  let inside = start;
  let outside = NaN;
  for (let e = 0; e <= 60; e++) {
    const w = start + sign * 2 ** e;
    if (hestonExplosionTime(p, w) <= T) {
      outside = w;
      break;
    }
    inside = w;
  }
  if (Number.isNaN(outside)) return sign * Infinity;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (inside + outside);
    if (mid === inside || mid === outside) break;
    if (hestonExplosionTime(p, mid) <= T) outside = mid;
    else inside = mid;
  }
  return inside;
}

/** The strip (lo, hi) of real w with finite E[e^{wX}] at expiry T (see FourierModel.momentStripInto). */
export function hestonMomentStripInto(p: HestonParams, T: number, out: Float64Array): void {
  out[0] = explosionMoment(p, T, 0, -1);
  out[1] = explosionMoment(p, T, 1, 1);
}

export const heston: FourierModel<HestonParams> = {
  name: 'heston',
  validate: (p) => validateHestonParams(p),
  logCfInto: hestonLogCfInto,
  momentStripInto: hestonMomentStripInto,
  contourTilt: 0,
  bendDrift: () => 0,
};
