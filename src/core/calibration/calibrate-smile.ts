/**
 * Calibrates one per-expiry smile model (any SmileModel: SVI, SABR, ...) to one SmileSlice:
 * the model's deterministic start, then bounded Levenberg–Marquardt on the residuals of
 * smile-objective.ts with the model's analytic gradient. Returns an immutable result with the fit
 * statistics a trader reads (RMSE against the mid in vol points, share of quotes inside the bid–ask spread,
 * worst error), the solver's statistics and the parameters' standard errors; or, when the slice cannot be
 * fitted, a typed failure with the reason. Never throws for market data, never returns NaN.
 *
 * Vol-space residuals come from the model's total variance: σ = √(w/T), ∂σ/∂x = ∂w/∂x / (2σT).
 */
import type { SmileModel } from '../smile/smile-model.ts';
import type { SmileSlice } from './smile-slice.ts';
import type { LeastSquaresProblem, StopReason } from '../optimize/least-squares.ts';
import { levenbergMarquardt, covarianceFromJacobian } from '../optimize/levenberg-marquardt.ts';
import { defaultSmileObjectiveOptions, objectiveOptionsProblem, objectiveTargets, quoteResidual, type SmileObjectiveOptions } from './smile-objective.ts';
import { checkButterfly } from '../smile/butterfly.ts';
import { withExtraRows, type ExtraRows } from '../optimize/extra-rows.ts';
import { packedPriorRows, priorCost, type ParameterPrior } from '../refine/parameter-prior.ts';

export interface SmileFitOptions extends SmileObjectiveOptions {
  readonly maxIterations: number;
  /**
   * Keep the fit free of butterfly arbitrage (Durrleman g ≥ 0) over the quoted log-moneyness range widened
   * to [−noArbitrageRange, noArbitrageRange]. An optimum with arbitrage is moved along the constraint by a
   * penalty on the density's negative part (models with an analytic density: SVI), or else blended toward a
   * flat smile until it has none and refined with steps into arbitrage rejected.
   * Default: the model's own (SVI 1.5, the fit document's check range; SABR 0, the quotes: its β = 1 wings
   * are reported, not constrained). Measured on every 5th Deribit snapshot (54): SVI free of arbitrage on
   * [−1.5, 1.5] keeps 94.7% (BTC) / 98.8% (ETH) of quotes inside the spread, against 95.2% / 98.8% when
   * constrained over the quotes only (141 of 634 BTC slices then had arbitrage in [−1.5, 1.5]), and 88.8% /
   * 98.4% with the blend path alone, which costs short expiries a fifth of their quotes.
   */
  readonly noButterfly: boolean;
  readonly noArbitrageRange?: number;
  /** Packed start (e.g. yesterday's parameters); the model's own initial guess when absent. */
  readonly start?: Float64Array;
  /**
   * Temporal regularisation toward a previous calibration (../refine/parameter-prior.ts), on the packed
   * vector. The fit statistics, cost and standard errors reported are those of the data alone.
   */
  readonly prior?: ParameterPrior;
}

export const defaultSmileFitOptions: SmileFitOptions = {
  ...defaultSmileObjectiveOptions,
  maxIterations: 200,
  noButterfly: true,
};

/** Largest noArbitrageRange accepted: |k| = 10 is a strike e^10 ≈ 22,000 times the forward. */
export const MAX_NO_ARBITRAGE_RANGE = 10;

/** Grid points of the no-butterfly check during calibration (the reports use a finer grid). */
const BUTTERFLY_GRID_STEPS = 120;
/**
 * Calibrated smiles keep g(k) ≥ 1e-6 rather than ≥ 0: a fit pressed against the constraint otherwise sits at
 * g ≈ 1e-12, which an independent finite-difference check (rounding error ≈ 1e-8 in g) cannot tell from a
 * violation. The margin costs nothing measurable in fit quality.
 */
const BUTTERFLY_MARGIN = 1e-6;
/**
 * Levenberg–Marquardt's ftol and xtol for smile fits (its defaults are 1e-12). The cost is in spreads²; the
 * last iterations at tight tolerances only shave digits off it. Measured on every 13th Deribit snapshot (21,
 * expiry > 1 day, Huber loss, 462 slices per model): 1e-8 → 1e-6 took SVI from 24 to 18.5 (BTC) and 10 to 6
 * (ETH) iterations per slice and SABR from 8.8 to 6.6 and 6.8 to 5.4, with the pooled shares inside the
 * spread within 0.03 point and the RMSEs within 0.0005 vol point. (Earlier, 1e-10 → 1e-8 on every 5th
 * snapshot and 1e-12 → 1e-10 on every 10th: the same shares, summed cost +5e-7 relative.)
 */
const SOLVER_TOLERANCE = 1e-6;

export interface SolverStatistics {
  readonly iterations: number;
  readonly evaluations: number;
  readonly stopReason: StopReason;
  readonly converged: boolean;
  /** ½ Σ r² at the optimum, in the objective's weighted units. */
  readonly cost: number;
}

export interface SmileFitStatistics {
  readonly quotes: number;
  /** Root-mean-square of fitted − mid vol, in vol points (1 = 1%). */
  readonly rmseVolPoints: number;
  readonly maxAbsErrorVolPoints: number;
  /** Two-sided quotes (bid and ask vols both exist) whose fitted vol lies in [bid IV, ask IV]. */
  readonly twoSidedQuotes: number;
  readonly insideSpreadShare: number;
}

export interface SmileFit<P> {
  readonly ok: true;
  readonly model: string;
  readonly params: P;
  readonly packed: Float64Array;
  /** Fitted implied vol at each quote, in slice order. */
  readonly fitVol: Float64Array;
  readonly statistics: SmileFitStatistics;
  readonly solver: SolverStatistics;
  /** Standard errors per parameter name (null when the Jacobian is singular at the optimum). */
  readonly standardErrors: Readonly<Record<string, number>> | null;
}

export interface SmileFitFailure {
  readonly ok: false;
  readonly model: string;
  readonly reason: string;
}

export type SmileFitResult<P> = SmileFit<P> | SmileFitFailure;

export function calibrateSmile<P>(
  model: SmileModel<P>,
  slice: SmileSlice,
  options: Partial<SmileFitOptions> = {},
): SmileFitResult<P> {
  const opts: SmileFitOptions = { ...defaultSmileFitOptions, ...options };
  const n = model.parameterNames.length;
  const m = slice.count;
  const T = slice.timeToExpiryYears;
  const fail = (reason: string): SmileFitFailure => ({ ok: false, model: model.name, reason });
  const badOption = objectiveOptionsProblem(opts);
  if (badOption !== null) return fail(badOption);
  if (!(Number.isInteger(opts.maxIterations) && opts.maxIterations >= 1)) return fail(`maxIterations ${opts.maxIterations} is not an integer ≥ 1`);
  if (opts.noArbitrageRange !== undefined && !(opts.noArbitrageRange >= 0 && opts.noArbitrageRange <= MAX_NO_ARBITRAGE_RANGE)) {
    return fail(`noArbitrageRange ${opts.noArbitrageRange} is not in [0, ${MAX_NO_ARBITRAGE_RANGE}]`);
  }
  if (m < n + 1) return fail(`${m} quotes cannot pin ${n} parameters (need at least ${n + 1})`);
  if (!(T > 0)) return fail(`time to expiry ${T} years is not positive`);

  const targets = objectiveTargets(slice, opts);
  const gradient = new Float64Array(n);
  const pair = new Float64Array(2);
  const volSpace = opts.errorSpace === 'vol';

  /** Fitted value in the error space and its gradient (into `gradient`); NaN-free: false outside the domain. */
  const fitted = (x: Float64Array, i: number, withGradient: boolean): number => {
    const k = slice.logMoneyness[i]!;
    const w = withGradient ? model.totalVarianceWithGradient(x, k, T, gradient) : model.totalVariance(x, k, T);
    if (!(w > 0) || !Number.isFinite(w)) return Number.NaN;
    if (!volSpace) return w;
    const sigma = Math.sqrt(w / T);
    if (withGradient) for (let j = 0; j < n; j++) gradient[j] = gradient[j]! / (2 * sigma * T);
    return sigma;
  };

  const range = opts.noArbitrageRange ?? model.defaultNoArbitrageRange ?? 0;
  let kFrom = -range;
  let kTo = range;
  for (let i = 0; i < m; i++) {
    kFrom = Math.min(kFrom, slice.logMoneyness[i]!);
    kTo = Math.max(kTo, slice.logMoneyness[i]!);
  }
  const butterflyFree = (x: Float64Array): boolean =>
    (model.minimumDensityFactor?.(x, T, kFrom, kTo, BUTTERFLY_GRID_STEPS) ??
      checkButterfly((k) => model.totalVariance(x, k, T), kFrom, kTo, BUTTERFLY_GRID_STEPS).minimumG) >= BUTTERFLY_MARGIN;

  const problem: LeastSquaresProblem = {
    parameterCount: n,
    residualCount: m,
    residuals: (x, out) => {
      if (constrained && !butterflyFree(x)) return false;
      for (let i = 0; i < m; i++) {
        const value = fitted(x, i, false);
        if (Number.isNaN(value)) return false;
        quoteResidual(value, i, targets, opts, pair);
        out[i] = pair[0]!;
      }
      return true;
    },
    jacobian: (x, out) => {
      for (let i = 0; i < m; i++) {
        const value = fitted(x, i, true);
        if (Number.isNaN(value)) {
          for (let j = 0; j < n; j++) out[i * n + j] = 0;
          continue;
        }
        quoteResidual(value, i, targets, opts, pair);
        for (let j = 0; j < n; j++) out[i * n + j] = pair[1]! * gradient[j]!;
      }
    },
  };

  if (opts.prior !== undefined && (opts.prior.center.length !== n || opts.prior.scale.length !== n)) {
    return fail(`the prior has ${opts.prior.center.length} values; ${model.name} has ${n}`);
  }
  const solvedProblem = withExtraRows(problem, opts.prior === undefined ? null : packedPriorRows(opts.prior));
  const bounds = model.bounds(slice);
  // With the no-butterfly constraint on: the unconstrained fit first (the constraint often does not bind);
  // if its optimum has arbitrage, the penalty path moves it to the nearest good arbitrage-free smile, and
  // the blend path is the fallback for a model without an analytic density or when the penalty fails.
  type Solved = ReturnType<typeof levenbergMarquardt>;
  const solve = (problemToSolve: typeof solvedProblem, from: Float64Array, maxIterations = opts.maxIterations): Solved =>
    levenbergMarquardt(problemToSolve, from, { maxIterations, bounds, ftol: SOLVER_TOLERANCE, xtol: SOLVER_TOLERANCE });
  /**
   * From an optimum with arbitrage: the density's shortfall below a small margin as penalty rows of growing
   * weight (butterflyPenaltyRows), so the fit slides along the constraint to the best arbitrage-free smile
   * near it; stops at the first weight whose optimum is free. Null without the model's analytic density.
   */
  const penaltyPath = (from: Float64Array): Solved | null => {
    const density = model.densityFactorWithGradient?.bind(model);
    if (density === undefined) return null;
    let x = from;
    let last: Solved | null = null;
    let evaluations = 0;
    let iterations = 0;
    for (const weight of PENALTY_WEIGHTS) {
      const run = solve(withExtraRows(solvedProblem, butterflyPenaltyRows(density, T, kFrom, kTo, slice, weight, n)), x);
      if (run.stopReason === 'invalid_start') return null;
      evaluations += run.evaluations;
      iterations += run.iterations;
      x = run.x;
      last = run;
      if (butterflyFree(x)) break;
    }
    if (last === null) return null;
    // A shortfall the last weight left (rare, and tiny): blended toward flat just enough to be free.
    const free = butterflyFree(x) ? x : repairStart(model, x, T, butterflyFree);
    if (free === null) return null;
    // The data problem at the penalised optimum (its cost, residuals and Jacobian), with the search's record.
    const atOptimum = solve(solvedProblem, free, 0);
    if (atOptimum.stopReason === 'invalid_start') return null;
    // The search's stop reason describes x; after a blend toward flat the point is another, and is reported
    // as not converged (the blend is the smallest that removes the shortfall, not an optimum).
    const converged = free === x && last.converged;
    return { ...atOptimum, iterations, evaluations: evaluations + atOptimum.evaluations, stopReason: last.stopReason, converged };
  };
  /**
   * The fallback: the optimum blended toward a flat smile just enough to be free (repairStart), then refined
   * with steps into arbitrage rejected. Starting the constrained fit from the model's own guess instead left
   * some steep short-dated smiles stuck far from the quotes.
   */
  const blendPath = (from: Float64Array): Solved | null => {
    const repaired = repairStart(model, from, T, butterflyFree);
    if (repaired === null) return null;
    constrained = true; // from here on the residuals reject steps into arbitrage
    const run = solve(solvedProblem, repaired);
    return run.stopReason === 'invalid_start' ? null : run;
  };

  let constrained = false;
  const start = opts.start ?? model.initialGuess(slice);
  let solved = levenbergMarquardt(solvedProblem, start, { maxIterations: opts.maxIterations, bounds, ftol: SOLVER_TOLERANCE, xtol: SOLVER_TOLERANCE });
  if (solved.stopReason === 'invalid_start') return fail('the model is undefined at the start parameters');
  if (opts.noButterfly && !butterflyFree(solved.x)) {
    const first = solved;
    const constrainedFit = penaltyPath(first.x) ?? blendPath(first.x);
    if (constrainedFit === null) return fail('the fit has butterfly arbitrage and the model cannot flatten it');
    solved = { ...constrainedFit, iterations: constrainedFit.iterations + first.iterations, evaluations: constrainedFit.evaluations + first.evaluations };
  }

  const x = Float64Array.from(solved.x);
  const fitVol = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const w = model.totalVariance(x, slice.logMoneyness[i]!, T);
    if (!(w > 0) || !Number.isFinite(w)) return fail(`the fitted total variance is not positive at k = ${slice.logMoneyness[i]}`);
    fitVol[i] = Math.sqrt(w / T);
  }
  // Statistics of the data rows alone: the first m residuals and Jacobian rows (the prior's come after).
  const dataCost = opts.prior === undefined ? solved.cost : Math.max(solved.cost - priorCost(opts.prior, x), 0);
  const covariance = covarianceFromJacobian(solved.jacobian.subarray(0, m * n), m, n, dataCost);
  const standardErrors = covariance.ok
    ? Object.fromEntries(model.parameterNames.map((name, j) => [name, covariance.standardErrors[j]!]))
    : null;
  return {
    ok: true,
    model: model.name,
    params: model.unpack(x),
    packed: x,
    fitVol,
    statistics: fitStatistics(slice, fitVol),
    solver: {
      iterations: solved.iterations,
      evaluations: solved.evaluations,
      stopReason: solved.stopReason,
      converged: solved.converged,
      cost: dataCost,
    },
    standardErrors,
  };
}

/**
 * Weights of the no-butterfly penalty, in the cost's units (squared spreads): a density shortfall of 0.01
 * costs half a squared spread at the first, 50 at the last. Measured on every 5th Deribit snapshot (54, SVI,
 * no arbitrage on [−1.5, 1.5]): BTC 94.7% of quotes inside the spread, against 88.8% for blending toward flat
 * alone; two weights (1e4, 1e6) gave 94.5%.
 */
const PENALTY_WEIGHTS = [1e2, 1e4, 1e6] as const;
/**
 * The penalty's grid: 61 points over the whole range and 30 over the quotes (where a short expiry's
 * curvature lives). The final check (BUTTERFLY_GRID_STEPS, with refinement) catches a dip between them, and
 * a blend toward flat removes it. 61 + 30 against 121 + 60 points: 94.8% against 94.7% inside (BTC, every
 * 5th snapshot), at half the density evaluations.
 */
const PENALTY_GRID = 60;
const PENALTY_QUOTE_GRID = 30;
/** g must clear this on the penalty's grid (a little above the check's margin, so the end is feasible). */
const PENALTY_MARGIN = 1e-4;

/**
 * Rows √w·min(0, g(k_j) − margin) on a grid over [kFrom, kTo] and over the quotes (PENALTY_GRID):
 * zero where the density is comfortably positive, growing with its negative part, with the exact Jacobian
 * (zero rows where inactive). Rejects x where w ≤ 0 on the grid.
 */
function butterflyPenaltyRows(
  density: (x: Float64Array, k: number, T: number, gradient: Float64Array) => number,
  T: number,
  kFrom: number,
  kTo: number,
  slice: SmileSlice,
  weight: number,
  n: number,
): ExtraRows {
  const kLo = slice.logMoneyness[0]!;
  const kHi = slice.logMoneyness[slice.count - 1]!;
  const grid = new Float64Array(PENALTY_GRID + PENALTY_QUOTE_GRID + 1);
  for (let j = 0; j <= PENALTY_GRID; j++) grid[j] = kFrom + ((kTo - kFrom) * j) / PENALTY_GRID;
  for (let j = 0; j < PENALTY_QUOTE_GRID; j++) grid[PENALTY_GRID + 1 + j] = kLo + ((kHi - kLo) * (j + 0.5)) / PENALTY_QUOTE_GRID;
  const root = Math.sqrt(weight);
  const gradient = new Float64Array(n);
  return {
    count: grid.length,
    residuals: (x, out, offset) => {
      for (let j = 0; j < grid.length; j++) {
        const g = density(x, grid[j]!, T, gradient);
        if (g === Number.NEGATIVE_INFINITY) return false;
        out[offset + j] = g < PENALTY_MARGIN ? root * (g - PENALTY_MARGIN) : 0;
      }
      return true;
    },
    jacobian: (x, out, offset) => {
      for (let j = 0; j < grid.length; j++) {
        const g = density(x, grid[j]!, T, gradient);
        const active = g < PENALTY_MARGIN && g !== Number.NEGATIVE_INFINITY;
        for (let p = 0; p < n; p++) out[(offset + j) * n + p] = active ? root * gradient[p]! : 0;
      }
    },
  };
}

/**
 * The largest blend toward a flat smile (model.towardFlat) that is free of butterfly arbitrage, by bisection
 * on the blend fraction (the flat end is arbitrage-free by construction). Null when the model cannot flatten.
 */
function repairStart<P>(
  model: SmileModel<P>,
  start: Float64Array,
  timeYears: number,
  butterflyFree: (x: Float64Array) => boolean,
): Float64Array | null {
  if (model.towardFlat === undefined) return null;
  let feasible = model.towardFlat(start, 0, timeYears);
  if (!butterflyFree(feasible)) return null;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 20; i++) {
    const mid = (lo + hi) / 2;
    const candidate = model.towardFlat(start, mid, timeYears);
    if (butterflyFree(candidate)) {
      lo = mid;
      feasible = candidate;
    } else {
      hi = mid;
    }
  }
  return feasible;
}

/** RMSE and worst error against the mid (vol points) and the share of two-sided quotes fitted inside the spread. */
export function fitStatistics(slice: SmileSlice, fitVol: Float64Array): SmileFitStatistics {
  let sumSq = 0;
  let maxAbs = 0;
  let twoSided = 0;
  let inside = 0;
  for (let i = 0; i < slice.count; i++) {
    const e = fitVol[i]! - slice.midVol[i]!;
    sumSq += e * e;
    maxAbs = Math.max(maxAbs, Math.abs(e));
    const bid = slice.bidVol[i]!;
    const ask = slice.askVol[i]!;
    if (bid > 0 && Number.isFinite(ask)) {
      twoSided++;
      if (fitVol[i]! >= bid && fitVol[i]! <= ask) inside++;
    }
  }
  return {
    quotes: slice.count,
    rmseVolPoints: 100 * Math.sqrt(sumSq / Math.max(slice.count, 1)),
    maxAbsErrorVolPoints: 100 * maxAbs,
    twoSidedQuotes: twoSided,
    insideSpreadShare: twoSided > 0 ? inside / twoSided : 0,
  };
}
