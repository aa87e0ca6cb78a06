/**
 * Quasi-explicit calibration of raw SVI (De Marco & Martini, "Quasi-explicit calibration of Gatheral's SVI
 * model", Zeliade white paper, 2009). For fixed (m, σ) the smile is linear in (a, d, c) = (a, ρbσ, bσ) and
 * the weighted least squares in them is solved exactly under the domain constraints (svi-linear-fit.ts,
 * the paper's §3). What is left is a two-dimensional problem: minimise the inner optimum f(m, σ). It is
 * searched deterministically: a coarse 7 × 6 grid over m in the quote range and ln σ, then the bounded
 * Nelder–Mead of src/core/optimize from the best grid node, in (m, ln σ), restarted once from its answer
 * (the usual guard against a collapsed simplex). On 60 seeded noisy slices the result matched a brute-force
 * 50 × 50 scan of f over the whole box every time (a 12-slice version of that check is a test).
 *
 * Data: total variances w_i = midVol_i²·T at k_i = logMoneyness_i, weights ω_i ≥ 0 (caller's; zero drops a
 * quote). Quotes with a non-finite or non-positive vol or weight are left out. Cost: ½ Σ ω_i (w(k_i) − w_i)²
 * (the least-squares.ts convention), in total variance squared.
 * Accuracy (svi-quasi-explicit.test.ts, tested at 1e-6 and 1e-10): noise-free SVI smiles from 2 days to
 * 1 year are recovered to ~1e-11 relative in the parameters and ~1e-12 relative in w (NM's xtol 1e-11 in
 * (m, ln σ) sets it; ~330 inner solves). Noisy smiles stop earlier on ftol 1e-10 (~180 solves): there the
 * data, not the search, limit the parameters.
 */
import type { SmileSlice } from '../calibration/smile-slice.ts';
import type { SviParams } from './svi.ts';
import { LEE_MAX_WING_SLOPE, SVI_MAX_ABS_RHO, sviMBounds, sviSigmaBounds, sviSliceScales } from './svi-domain.ts';
import type { SviLevelFloor } from './svi-linear-fit.ts';
import { createSviLinearSolver } from './svi-linear-fit.ts';
import { nelderMead } from '../optimize/nelder-mead.ts';

export interface SviQuasiExplicitOptions {
  /**
   * The lower bound on a in the inner problem: 'zeliade' (a ≥ 0, the paper's domain) or 'positive-variance'
   * (a + bσ(1 − |ρ|) ≥ 0, a polyhedral sufficient condition for min w ≥ 0 that also admits a < 0). Default
   * 'positive-variance': it contains the paper's domain, so the fit is never worse.
   */
  readonly levelFloor?: SviLevelFloor;
  /** S in the wing bound b(1 + |ρ|) ≤ S; default 2 (Lee). The paper's domain uses 4. */
  readonly maxWingSlope?: number;
  /** Grid nodes in m and in ln σ before Nelder–Mead (default 7 × 6). */
  readonly gridM?: number;
  readonly gridSigma?: number;
  /** Budget of inner solves for the Nelder–Mead stage (default 600). */
  readonly maxEvaluations?: number;
  /** Nelder–Mead's xtol in (m, ln σ) and ftol in the cost (default 1e-11 and 1e-10; see Accuracy above). */
  readonly tolerance?: number;
}

export type SviQuasiExplicitFailure = 'too-few-quotes' | 'invalid-input';

export type SviQuasiExplicitResult =
  | {
      readonly ok: true;
      readonly params: SviParams;
      /** ½ Σ ω_i (w(k_i) − w_i)² at `params`, with the caller's weights. */
      readonly cost: number;
      /** Inner (linear) solves spent: grid nodes plus Nelder–Mead evaluations. */
      readonly evaluations: number;
    }
  | { readonly ok: false; readonly reason: SviQuasiExplicitFailure; readonly detail: string };

/** Fewer usable quotes than SVI's 5 parameters leave the fit undetermined. */
export const SVI_MIN_QUOTES = 5;

/** The usable quotes of a slice, compacted, and the inner problem evaluated at any (m, σ). */
interface InnerProblem {
  readonly k: Float64Array;
  readonly w: Float64Array;
  readonly weight: Float64Array;
  readonly aMax: number;
  readonly maxWingSlope: number;
  /** The inner optimum at (m, σ), its (a, d, c) in `abc`. */
  solve(m: number, sigma: number, abc: Float64Array): number;
}

function innerProblem(
  k: Float64Array,
  w: Float64Array,
  weight: Float64Array,
  ys: Float64Array,
  zs: Float64Array,
  levelFloor: SviLevelFloor,
  maxWingSlope: number,
): InnerProblem {
  let aMax = 0;
  for (let i = 0; i < k.length; i++) aMax = Math.max(aMax, w[i]!);
  const normal = new Float64Array(6);
  const rhs = new Float64Array(3);
  const solveLinear = createSviLinearSolver({ maxWingSlope, maxAbsRho: SVI_MAX_ABS_RHO, aMax, levelFloor });
  return {
    k,
    w,
    weight,
    aMax,
    maxWingSlope,
    solve(m: number, sigma: number, abc: Float64Array): number {
      let s0 = 0;
      let sy = 0;
      let sz = 0;
      let syy = 0;
      let syz = 0;
      let szz = 0;
      let r0 = 0;
      let ry = 0;
      let rz = 0;
      const inverseSigma = 1 / sigma;
      for (let i = 0; i < k.length; i++) {
        const y = (k[i]! - m) * inverseSigma;
        const z = Math.sqrt(y * y + 1);
        ys[i] = y;
        zs[i] = z;
        const om = weight[i]!;
        const omY = om * y;
        const omZ = om * z;
        s0 += om;
        sy += omY;
        sz += omZ;
        syy += omY * y;
        syz += omY * z;
        szz += omZ * z;
        const ow = om * w[i]!;
        r0 += ow;
        ry += ow * y;
        rz += ow * z;
      }
      normal[0] = s0;
      normal[1] = sy;
      normal[2] = sz;
      normal[3] = syy;
      normal[4] = syz;
      normal[5] = szz;
      rhs[0] = r0;
      rhs[1] = ry;
      rhs[2] = rz;
      solveLinear(normal, rhs, sigma, abc);
      // The cost from the residuals, not from ½xᵀHx − gᵀx + ½s: that difference cancels to ~ε·Σω w², which
      // would cap the recovery of an exact fit at ~1e-8 relative in w.
      const a = abc[0]!;
      const d = abc[1]!;
      const c = abc[2]!;
      let value = 0;
      for (let i = 0; i < k.length; i++) {
        const r = a + d * ys[i]! + c * zs[i]! - w[i]!;
        value += weight[i]! * r * r;
      }
      return 0.5 * value;
    },
  };
}

/**
 * SVI parameters from the inner solution (a, d, c) at σ. The polytope's faces hold only up to rounding, so
 * the conversion lands exactly inside the model's domain: ρ clamped to ±ρ_max, b to S/(1 + |ρ|), and a raised
 * to −bσ√(1 − ρ²) if the minimum variance came out a few ulp below zero.
 */
function paramsFromLinear(abc: Float64Array, m: number, sigma: number, maxWingSlope: number): SviParams {
  let a = abc[0]!;
  const d = abc[1]!;
  const c = abc[2]!;
  if (!(c > 0)) return { a: Math.max(a, 0), b: 0, rho: 0, m, sigma };
  const rho = Math.min(SVI_MAX_ABS_RHO, Math.max(-SVI_MAX_ABS_RHO, d / c));
  const b = Math.min(c / sigma, maxWingSlope / (1 + Math.abs(rho)));
  const lift = b * sigma * Math.sqrt(1 - rho * rho);
  if (a + lift < 0) a = -lift;
  return { a, b, rho, m, sigma };
}

/** ½ Σ ω (w(k) − w)² at p, computed directly (the reported cost). */
function directCost(problem: InnerProblem, p: SviParams): number {
  let cost = 0;
  for (let i = 0; i < problem.k.length; i++) {
    const x = problem.k[i]! - p.m;
    const r = p.a + p.b * (p.rho * x + Math.sqrt(x * x + p.sigma * p.sigma)) - problem.w[i]!;
    cost += 0.5 * problem.weight[i]! * r * r;
  }
  return cost;
}

type Prepared =
  | { readonly ok: true; readonly problem: InnerProblem; readonly weightScale: number }
  | { readonly ok: false; readonly reason: SviQuasiExplicitFailure; readonly detail: string };

/** Validates the inputs and compacts the usable quotes (finite k, positive finite vol and weight). */
function prepare(slice: SmileSlice, weights: Float64Array, options: SviQuasiExplicitOptions): Prepared {
  const T = slice.timeToExpiryYears;
  if (!(T > 0) || !Number.isFinite(T)) {
    return { ok: false, reason: 'invalid-input', detail: `time to expiry ${T} years is not a positive number` };
  }
  if (weights.length !== slice.count) {
    return { ok: false, reason: 'invalid-input', detail: `${weights.length} weights for ${slice.count} quotes` };
  }
  let count = 0;
  for (let i = 0; i < slice.count; i++) if (usable(slice, weights, i)) count++;
  if (count < SVI_MIN_QUOTES) {
    return {
      ok: false,
      reason: 'too-few-quotes',
      detail: `${count} usable quotes (finite k, positive vol and weight); SVI needs at least ${SVI_MIN_QUOTES}`,
    };
  }
  // The quotes' arrays and the inner solve's scratch as views of one buffer (one off-heap store, not five).
  const buffer = new Float64Array(5 * count);
  const k = buffer.subarray(0, count);
  const w = buffer.subarray(count, 2 * count);
  const weight = buffer.subarray(2 * count, 3 * count);
  let weightSum = 0;
  for (let i = 0, q = 0; i < slice.count; i++) {
    if (!usable(slice, weights, i)) continue;
    k[q] = slice.logMoneyness[i]!;
    w[q] = slice.midVol[i]! * slice.midVol[i]! * T;
    weight[q] = weights[i]!;
    weightSum += weights[i]!;
    q++;
  }
  // Weights normalised to mean 1 (the minimiser does not change; the cost is scaled back by the caller).
  const weightScale = weightSum / count;
  for (let q = 0; q < count; q++) weight[q] = weight[q]! / weightScale;
  const levelFloor = options.levelFloor ?? 'positive-variance';
  const ys = buffer.subarray(3 * count, 4 * count);
  const zs = buffer.subarray(4 * count, 5 * count);
  const problem = innerProblem(k, w, weight, ys, zs, levelFloor, options.maxWingSlope ?? LEE_MAX_WING_SLOPE);
  return { ok: true, problem, weightScale };
}

/** Quote i enters the fit: finite k, positive finite mid vol and weight. */
function usable(slice: SmileSlice, weights: Float64Array, i: number): boolean {
  const k = slice.logMoneyness[i]!;
  const vol = slice.midVol[i]!;
  const om = weights[i]!;
  return Number.isFinite(k) && vol > 0 && Number.isFinite(vol) && om > 0 && Number.isFinite(om);
}

/**
 * Fits raw SVI to the slice's mid total variances with the given per-quote weights (length slice.count).
 * Deterministic; never NaN; a slice with fewer than 5 usable quotes, or inputs of the wrong shape, give a
 * typed failure.
 */
export function sviQuasiExplicit(slice: SmileSlice, weights: Float64Array, options: SviQuasiExplicitOptions = {}): SviQuasiExplicitResult {
  const prepared = prepare(slice, weights, options);
  if (!prepared.ok) return prepared;
  const { problem, weightScale } = prepared;
  const search = searchMSigma(problem, options);
  const abc = new Float64Array(3);
  problem.solve(search.m, search.sigma, abc);
  const params = paramsFromLinear(abc, search.m, search.sigma, problem.maxWingSlope);
  return { ok: true, params, cost: directCost(problem, params) * weightScale, evaluations: search.evaluations };
}

/**
 * The inner problem alone: the best SVI with the given (m, σ), i.e. the outer objective f(m, σ) and its
 * minimiser. For diagnostics (profiles of f) and as an oracle for the outer search in tests.
 */
export function sviQuasiExplicitAt(
  slice: SmileSlice,
  weights: Float64Array,
  m: number,
  sigma: number,
  options: SviQuasiExplicitOptions = {},
): SviQuasiExplicitResult {
  if (!Number.isFinite(m) || !(sigma > 0) || !Number.isFinite(sigma)) {
    return { ok: false, reason: 'invalid-input', detail: `(m, σ) = (${m}, ${sigma}) needs a finite m and a positive σ` };
  }
  const prepared = prepare(slice, weights, options);
  if (!prepared.ok) return prepared;
  const abc = new Float64Array(3);
  prepared.problem.solve(m, sigma, abc);
  const params = paramsFromLinear(abc, m, sigma, prepared.problem.maxWingSlope);
  return { ok: true, params, cost: directCost(prepared.problem, params) * prepared.weightScale, evaluations: 1 };
}

interface SearchResult {
  readonly m: number;
  readonly sigma: number;
  readonly evaluations: number;
}

/**
 * The outer search over (m, ln σ): the grid (m over the quotes, σ from 0.005 to 2 quote ranges), then
 * bounded Nelder–Mead over the full box (svi-domain.ts) from its best node with a simplex of half a grid
 * cell, then once more from NM's answer with 2% of a cell (a restart re-opens a simplex that collapsed
 * early, McKinnon's failure mode). ln σ because σ spans orders of magnitude across expiries.
 */
function searchMSigma(problem: InnerProblem, options: SviQuasiExplicitOptions): SearchResult {
  const { kMin, kMax, span } = sviSliceScales(problem.k);
  const sigmaBox = sviSigmaBounds(span);
  const mBox = sviMBounds(span, kMin, kMax);
  const abc = new Float64Array(3);
  const gridM = Math.max(2, Math.floor(options.gridM ?? 7));
  const gridSigma = Math.max(2, Math.floor(options.gridSigma ?? 6));
  const logSigmaLo = Math.log(Math.max(sigmaBox.lower, 0.005 * span));
  const logSigmaHi = Math.log(Math.min(sigmaBox.upper, 2 * span));
  const start = Float64Array.of((kMin + kMax) / 2, (logSigmaLo + logSigmaHi) / 2);
  let best = Infinity;
  let evaluations = 0;
  for (let i = 0; i < gridM; i++) {
    const m = kMin + ((kMax - kMin) * i) / (gridM - 1);
    for (let j = 0; j < gridSigma; j++) {
      const logSigma = logSigmaLo + ((logSigmaHi - logSigmaLo) * j) / (gridSigma - 1);
      const value = problem.solve(m, Math.exp(logSigma), abc);
      evaluations++;
      if (value < best) {
        best = value;
        start[0] = m;
        start[1] = logSigma;
      }
    }
  }
  const objective = (u: Float64Array): number => problem.solve(u[0]!, Math.exp(u[1]!), abc);
  const bounds = {
    lower: Float64Array.of(mBox.lower, Math.log(sigmaBox.lower)),
    upper: Float64Array.of(mBox.upper, Math.log(sigmaBox.upper)),
  };
  const cellM = Math.max((kMax - kMin) / (gridM - 1), 1e-3 * span);
  const cellLogSigma = (logSigmaHi - logSigmaLo) / (gridSigma - 1);
  const budget = Math.max(10, Math.floor(options.maxEvaluations ?? 600));
  const first = nelderMead(objective, start, {
    bounds,
    initialStep: Float64Array.of(0.5 * cellM, 0.5 * cellLogSigma),
    maxEvaluations: Math.ceil(0.7 * budget),
    xtol: options.tolerance ?? 1e-11,
    ftol: options.tolerance ?? 1e-10,
  });
  const second = nelderMead(objective, first.x, {
    bounds,
    initialStep: Float64Array.of(0.02 * cellM, 0.02 * cellLogSigma),
    maxEvaluations: Math.max(10, budget - first.evaluations),
    xtol: options.tolerance ?? 1e-11,
    ftol: options.tolerance ?? 1e-10,
  });
  evaluations += first.evaluations + second.evaluations;
  const winner = second.value <= first.value ? second.x : first.x;
  const bestValue = Math.min(first.value, second.value);
  if (!(bestValue <= best)) return { m: start[0]!, sigma: Math.exp(start[1]!), evaluations };
  return { m: winner[0]!, sigma: Math.exp(winner[1]!), evaluations };
}
