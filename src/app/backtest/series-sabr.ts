/**
 * SABR as a backtest series model (series-models.ts): every expiry of a snapshot calibrated on its own,
 * with the options `volcal fit --model sabr` uses (calibrate-smile.ts defaults: Huber to the mid at half a
 * spread, spread weights, vol space, no butterfly arbitrage over the quotes; β fixed at 1, the lognormal
 * backbone, ../../core/smile/sabr.ts).
 *
 * Refinement is per expiry date, since a listed expiry keeps its date while its time to expiry shrinks:
 * - warm start: the previous calibration's (α, ρ, ν) of the same expiry date; a new listing (or a warm fit
 *   that fails) starts from the model's own initial guess;
 * - prior (strength λ > 0): the rows of ../../core/refine/parameter-prior.ts on (α, ρ, ν) toward the
 *   previous values of the same expiry date, scaled by their standard errors (Jacobian of the quotes at the
 *   previous optimum); a new listing has none.
 * α is forward-normalised, close to the ATM vol; under sticky log-moneyness the smile σ(k) is carried
 * over as it is, so the targets are the previous values themselves (the T-correction of Hagan's formula
 * moves the smile by O(ν²Δt), well inside a day's standard errors).
 *
 * A slice that does not fit is left out and its reason counted in the state (`failures`); the series fit
 * fails only when no slice fits. Statistics are pooled over the fitted slices (calibrate-model.ts
 * pooledStatistics); solver figures are summed, and `converged` means every slice converged.
 *
 * Reported parameters are constant-maturity values (ATM vol, ρ, ν at 7, 30, 90 and 180 days), linear in T
 * between the neighbouring fitted expiries and flat beyond the ends, as for eSSVI: listed expiries change
 * every day. ATM vol is Hagan's σ_B at k = 0, T-correction included.
 *
 * State (plain JSON): per fitted slice its expiry date, time to expiry, forward, α, ρ, ν, β and the
 * standard errors of α, ρ, ν (null when not finite).
 */
import type { SmileSlice } from '../../core/calibration/smile-slice.ts';
import { calibrateSmile, type SmileFit, type SmileFitOptions } from '../../core/calibration/calibrate-smile.ts';
import { createSabrModel, type SabrModel, type SabrParams } from '../../core/smile/sabr.ts';
import { packedPrior, priorCost, type ParameterPrior } from '../../core/refine/parameter-prior.ts';
import type { FittedSmiles } from '../../core/refine/out-of-sample.ts';
import type { SeriesFitRequest, SeriesFitResult, SeriesModel, SeriesState } from './series-models.ts';
import { finiteOrNull, stateNumber as num, stateNumberOrNaN as numOrNaN } from './state-values.ts';
import { statisticsFromADay } from './scored-statistics.ts';

/** β of the backtest's SABR: `volcal fit --model sabr`'s default. */
export const SABR_SERIES_BETA = 1;

const TENORS_DAYS = [7, 30, 90, 180] as const;

/**
 * Typical sizes of α, ρ and ν for the prior's scales (parameter-prior.ts packedPrior): the floor of a
 * scale is 1e-3 of it (α 0.1 vol point and ρ 0.001, as eSSVI's ATM vol and ρ in surface-prior.ts; ν 1e-3
 * of its own value), and a parameter with no standard error is pulled with this scale (a weak pull).
 */
function typicalSizes(nu: number): Float64Array {
  return Float64Array.of(1, 1, Math.max(nu, 0.1));
}

/** One fitted expiry of a state (standard errors NaN when unknown). */
export interface SabrStateSlice {
  readonly expiryMs: number;
  readonly timeToExpiryYears: number;
  readonly forward: number;
  readonly alpha: number;
  readonly rho: number;
  readonly nu: number;
  readonly beta: number;
  readonly alphaError: number;
  readonly rhoError: number;
  readonly nuError: number;
}

export function createSabrSeriesModel(beta = SABR_SERIES_BETA): SeriesModel {
  const model = createSabrModel(beta);
  return {
    name: 'sabr',
    minTimeToExpiryYears: 0,
    fit: (request) => fitSabrSeries(model, request),
    smiles: (state) => sabrSmiles(state),
  };
}

export const sabrSeriesModel: SeriesModel = createSabrSeriesModel();

function fitSabrSeries(model: SabrModel, { slices, previous, warm, strength }: SeriesFitRequest): SeriesFitResult {
  const before = previous === null ? null : sabrStateSlices(previous);
  const byExpiry = new Map((before ?? []).map((s) => [s.expiryMs, s]));
  const fitted: { slice: SmileSlice; fit: SmileFit<SabrParams> }[] = [];
  const failures: Record<string, number> = {};
  let warmRetries = 0;
  let penaltyCost = 0;
  for (const slice of slices) {
    const last = byExpiry.get(slice.expiryMs);
    const prior = last !== undefined && strength > 0 ? slicePrior(strength, last) : undefined;
    const options: Partial<SmileFitOptions> = prior === undefined ? {} : { prior };
    let fit = last !== undefined && warm ? calibrateSmile(model, slice, { ...options, start: packedOf(last) }) : null;
    if (fit !== null && !fit.ok) warmRetries++;
    if (fit === null || !fit.ok) fit = calibrateSmile(model, slice, options);
    if (!fit.ok) {
      failures[fit.reason] = (failures[fit.reason] ?? 0) + 1;
      continue;
    }
    fitted.push({ slice, fit });
    if (prior !== undefined) penaltyCost += priorCost(prior, fit.packed);
  }
  if (fitted.length === 0) {
    const reasons = Object.entries(failures).map(([reason, count]) => `${count}× ${reason}`);
    return { ok: false, reason: `no expiry fitted (${reasons.length > 0 ? reasons.join('; ') : 'no slices'})` };
  }

  const state: SabrStateSlice[] = fitted
    .map(({ slice, fit }) => ({
      expiryMs: slice.expiryMs,
      timeToExpiryYears: slice.timeToExpiryYears,
      forward: slice.forward,
      alpha: fit.params.alpha,
      rho: fit.params.rho,
      nu: fit.params.nu,
      beta: model.beta,
      alphaError: fit.standardErrors?.alpha ?? Number.NaN,
      rhoError: fit.standardErrors?.rho ?? Number.NaN,
      nuError: fit.standardErrors?.nu ?? Number.NaN,
    }))
    .sort((a, b) => a.timeToExpiryYears - b.timeToExpiryYears);
  const notConverged = fitted.filter(({ fit }) => !fit.solver.converged);
  const firstStuck = notConverged[0]?.fit.solver.stopReason;
  return {
    ok: true,
    params: constantMaturityParams(model, state),
    statistics: statisticsFromADay(fitted.map(({ slice, fit }) => ({ timeToExpiryYears: slice.timeToExpiryYears, statistics: fit.statistics }))),
    solver: {
      iterations: fitted.reduce((sum, { fit }) => sum + fit.solver.iterations, 0),
      evaluations: fitted.reduce((sum, { fit }) => sum + fit.solver.evaluations, 0),
      stopReason: firstStuck === undefined ? 'converged' : `${firstStuck} (${notConverged.length} of ${fitted.length} expiries)`,
      converged: firstStuck === undefined,
      cost: fitted.reduce((sum, { fit }) => sum + fit.solver.cost, 0),
      penaltyCost,
    },
    state: {
      slices: state.map((s) => ({
        ...s,
        alphaError: finiteOrNull(s.alphaError),
        rhoError: finiteOrNull(s.rhoError),
        nuError: finiteOrNull(s.nuError),
      })),
      failures,
      warmRetries,
    },
    driftInStandardErrors: before === null ? Number.NaN : sabrDrift(state, byExpiry),
    parameterCount: 3 * fitted.length,
  };
}

function packedOf(s: SabrStateSlice): Float64Array {
  return Float64Array.of(s.alpha, s.rho, s.nu);
}

/** α (the ATM level, for β = 1) is the market's to set and is not pulled; ρ and ν are (series-models.ts LEVEL_PARAMETERS). */
const FREE_ALPHA = Uint8Array.of(1, 0, 0);

function slicePrior(strength: number, last: SabrStateSlice): ParameterPrior {
  return packedPrior(strength, packedOf(last), Float64Array.of(last.alphaError, last.rhoError, last.nuError), typicalSizes(last.nu), FREE_ALPHA);
}

/** ATM vol, ρ and ν at the fixed tenors, linear in T between fitted expiries (sorted by T), flat beyond. */
function constantMaturityParams(model: SabrModel, slices: readonly SabrStateSlice[]): Record<string, number> {
  const times = slices.map((s) => s.timeToExpiryYears);
  const atmVol = slices.map((s) => Math.sqrt(model.totalVariance(packedOf(s), 0, s.timeToExpiryYears) / s.timeToExpiryYears));
  const params: Record<string, number> = {};
  for (const days of TENORS_DAYS) {
    const T = days / 365;
    params[`atmVol${days}d`] = linearInTime(times, atmVol, T);
    params[`rho${days}d`] = linearInTime(times, slices.map((s) => s.rho), T);
    params[`nu${days}d`] = linearInTime(times, slices.map((s) => s.nu), T);
  }
  return params;
}

/** Linear interpolation of values at increasing times, flat beyond the first and last. */
function linearInTime(times: readonly number[], values: readonly number[], T: number): number {
  const last = times.length - 1;
  if (T <= times[0]!) return values[0]!;
  if (T >= times[last]!) return values[last]!;
  let i = 1;
  while (times[i]! < T) i++;
  const t0 = times[i - 1]!;
  const t1 = times[i]!;
  const u = t1 > t0 ? (T - t0) / (t1 - t0) : 1;
  return values[i - 1]! + u * (values[i]! - values[i - 1]!);
}

/** Largest |Δx| / SE_previous over α, ρ, ν of the expiry dates in both calibrations; NaN when none. */
function sabrDrift(after: readonly SabrStateSlice[], before: ReadonlyMap<number, SabrStateSlice>): number {
  let worst = Number.NaN;
  for (const a of after) {
    const b = before.get(a.expiryMs);
    if (b === undefined) continue;
    // ρ and ν only: α is the ATM level, the market's to move (FREE_ALPHA).
    const moves = [(a.rho - b.rho) / b.rhoError, (a.nu - b.nu) / b.nuError];
    for (const move of moves) if (Number.isFinite(move)) worst = Number.isNaN(worst) ? Math.abs(move) : Math.max(worst, Math.abs(move));
  }
  return worst;
}

/**
 * The smiles of a stored state: σ₀(k) of each stored expiry date at its stored time to expiry (sticky
 * log-moneyness: k is ln(K/F) at the snapshot being predicted), NaN where Hagan's expansion fails (σ ≤ 0);
 * false for an expiry the state does not hold.
 */
function sabrSmiles(state: SeriesState): FittedSmiles {
  const slices = sabrStateSlices(state);
  const models = new Map<number, SabrModel>();
  const byExpiry = new Map(
    slices.map((s) => {
      let model = models.get(s.beta);
      if (model === undefined) models.set(s.beta, (model = createSabrModel(s.beta)));
      return [s.expiryMs, { model, packed: packedOf(s), T: s.timeToExpiryYears }];
    }),
  );
  return (expiryMs, k, out) => {
    const smile = byExpiry.get(expiryMs);
    if (smile === undefined) return false;
    for (let i = 0; i < k.length; i++) {
      const w = smile.model.totalVariance(smile.packed, k[i]!, smile.T);
      out[i] = w > 0 && Number.isFinite(w) ? Math.sqrt(w / smile.T) : Number.NaN;
    }
    return true;
  };
}

/** The slices of a stored SABR state; throws TypeError on anything else (a state of another model). */
export function sabrStateSlices(state: SeriesState): SabrStateSlice[] {
  const raw = state.slices;
  if (!Array.isArray(raw)) throw new TypeError('SABR state has no slices');
  return raw.map((s: Record<string, unknown>) => ({
    expiryMs: num(s.expiryMs),
    timeToExpiryYears: num(s.timeToExpiryYears),
    forward: numOrNaN(s.forward),
    alpha: num(s.alpha),
    rho: num(s.rho),
    nu: num(s.nu),
    beta: num(s.beta),
    alphaError: numOrNaN(s.alphaError),
    rhoError: numOrNaN(s.rhoError),
    nuError: numOrNaN(s.nuError),
  }));
}
