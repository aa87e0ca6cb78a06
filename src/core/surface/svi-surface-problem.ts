/**
 * The joint raw-SVI surface fit as one least-squares problem (svi-surface.ts): 5N parameters, slice i's
 * packed (a, b, ρ, m, σ) at x[5i … 5i + 4]; one data row per quote of every slice, the same residual as
 * the per-slice fits (smile-objective.ts: error space, weights, loss), then the penalty rows of
 * svi-surface-penalties.ts. Each data row depends on its own slice's five parameters only, so the
 * Jacobian is block-sparse; it is stored dense (LevenbergMarquardt's format), zeroed once per evaluation,
 * and only the non-zero blocks are written.
 *
 * w is evaluated with the unchecked formula (no Lee-bound rejection: the penalty rows carry it); a point
 * where w ≤ 0 at a quote is rejected (the vol σ = √(w/T) does not exist there).
 */
import type { SmileSlice } from '../calibration/smile-slice.ts';
import type { ObjectiveTargets, SmileObjectiveOptions } from '../calibration/smile-objective.ts';
import { objectiveTargets, quoteResidual } from '../calibration/smile-objective.ts';
import type { Bounds, LeastSquaresProblem } from '../optimize/least-squares.ts';
import { sviModel } from '../smile/svi.ts';
import {
  createSviSurfacePenalties,
  SVI_PARAMETER_COUNT,
  sviTotalVarianceAt,
  sviTotalVarianceGradientAt,
  type PenaltyWeights,
  type PenaltyWorst,
  type SviSurfacePenaltyOptions,
} from './svi-surface-penalties.ts';

export interface SviSurfaceProblem {
  readonly parameterCount: number;
  /** Rows 0 … dataRows − 1 of every stage's problem are the quotes, slice by slice in slice order. */
  readonly dataRows: number;
  /** Each slice's box from sviModel.bounds, concatenated. */
  readonly bounds: Bounds;
  /**
   * The least-squares problem of one penalty stage: the data rows, then the penalty rows selected at x for
   * weight W (svi-surface-penalties.ts; every grid point's row with `everyRow`). Valid until the next call.
   */
  stage(weights: PenaltyWeights, x: Float64Array, everyRow?: boolean): LeastSquaresProblem;
  /** Grid points the last stage() left out whose rows would be active at x. */
  missed(x: Float64Array): number;
  /** The worst value of each condition over every grid point at x. */
  worst(x: Float64Array): PenaltyWorst;
  /** The data rows alone at x (false where w ≤ 0 at a quote). */
  dataResiduals(x: Float64Array, out: Float64Array): boolean;
}

export function createSviSurfaceProblem(
  slices: readonly SmileSlice[],
  objective: SmileObjectiveOptions,
  penaltyOptions: SviSurfacePenaltyOptions,
): SviSurfaceProblem {
  const n = slices.length;
  const P = SVI_PARAMETER_COUNT * n;
  const targets: ObjectiveTargets[] = slices.map((s) => objectiveTargets(s, objective));
  const rowStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) rowStart[i + 1] = rowStart[i]! + slices[i]!.count;
  const dataRows = rowStart[n]!;
  const penalties = createSviSurfacePenalties(slices, penaltyOptions);
  const lower = new Float64Array(P);
  const upper = new Float64Array(P);
  slices.forEach((slice, i) => {
    const box = sviModel.bounds(slice);
    lower.set(box.lower, SVI_PARAMETER_COUNT * i);
    upper.set(box.upper, SVI_PARAMETER_COUNT * i);
  });
  const volSpace = objective.errorSpace === 'vol';
  const pair = new Float64Array(2);
  const gradient = new Float64Array(SVI_PARAMETER_COUNT);

  const dataResiduals = (x: Float64Array, out: Float64Array): boolean => {
    for (let i = 0; i < n; i++) {
      const slice = slices[i]!;
      const T = slice.timeToExpiryYears;
      const o = SVI_PARAMETER_COUNT * i;
      for (let q = 0; q < slice.count; q++) {
        const w = sviTotalVarianceAt(x, o, slice.logMoneyness[q]!);
        if (!(w > 0) || !Number.isFinite(w)) return false;
        quoteResidual(volSpace ? Math.sqrt(w / T) : w, q, targets[i]!, objective, pair);
        out[rowStart[i]! + q] = pair[0]!;
      }
    }
    return true;
  };

  // min w = a + bσ√(1 − ρ²) > 0 for every slice (svi-domain.ts): a domain check, so that w, g and every
  // calendar ratio are finite at every grid point, selected for the stage or not. It does not stall the fit
  // as a Lee-bound check would: no fitted slice sits on it.
  const positive = (x: Float64Array): boolean => {
    for (let o = 0; o < P; o += SVI_PARAMETER_COUNT) {
      const rho = x[o + 2]!;
      if (!(x[o]! + x[o + 1]! * x[o + 4]! * Math.sqrt(Math.max(0, 1 - rho * rho)) > 0)) return false;
    }
    return true;
  };
  const residuals = (x: Float64Array, out: Float64Array): boolean =>
    positive(x) && dataResiduals(x, out) && penalties.residuals(x, out, dataRows);
  const jacobian = (x: Float64Array, out: Float64Array): void => {
    out.fill(0);
    for (let i = 0; i < n; i++) {
      const slice = slices[i]!;
      const T = slice.timeToExpiryYears;
      const o = SVI_PARAMETER_COUNT * i;
      for (let q = 0; q < slice.count; q++) {
        const w = sviTotalVarianceGradientAt(x, o, slice.logMoneyness[q]!, gradient);
        if (!(w > 0)) continue; // not reached: such an x is rejected by the residuals
        const value = volSpace ? Math.sqrt(w / T) : w;
        quoteResidual(value, q, targets[i]!, objective, pair);
        // Vol space: ∂σ/∂x = ∂w/∂x / (2σT).
        const scale = volSpace ? pair[1]! / (2 * value * T) : pair[1]!;
        const row = (rowStart[i]! + q) * P + o;
        for (let p = 0; p < SVI_PARAMETER_COUNT; p++) out[row + p] = scale * gradient[p]!;
      }
    }
    penalties.jacobianNonZeros(x, out, dataRows);
  };

  return {
    parameterCount: P,
    dataRows,
    bounds: { lower, upper },
    stage(weights, x, everyRow = false) {
      const rows = penalties.configure(weights, x, everyRow);
      return { parameterCount: P, residualCount: dataRows + rows, residuals, jacobian };
    },
    worst: (x) => penalties.worst(x),
    missed: (x) => penalties.missed(x),
    dataResiduals,
  };
}
