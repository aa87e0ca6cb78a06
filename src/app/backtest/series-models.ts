/**
 * The models a backtest can replay (eSSVI and the stochastic models), behind one shape: fit a snapshot's
 * slices (from the global start, or warm from the last calibration's state, with or without the prior
 * toward it), report parameters a history can plot, and turn a stored state back into the smiles that
 * predict the next snapshot (src/core/refine/out-of-sample.ts).
 *
 * State is what a record's `state` column holds (plain JSON numbers): for eSSVI the slices (expiry date,
 * time to expiry, θ, ρ, ψ and their standard errors); for the stochastic models the packed vector and its
 * standard errors. Reported eSSVI parameters are read off the surface at fixed tenors (ATM vol, ρ and ψ at
 * 7, 30, 90 and 180 days): the listed expiries change every day, constant-maturity quantities do not.
 */
import type { SmileSlice } from '../../core/calibration/smile-slice.ts';
import type { SmileFitStatistics } from '../../core/calibration/calibrate-smile.ts';
import { calibrateEssvi } from '../../core/surface/calibrate-surface.ts';
import { createEssviSurface } from '../../core/surface/volatility-surface.ts';
import { createEssviSpec } from '../../core/surface/essvi-spec.ts';
import { estimateSlices } from '../../core/surface/surface-initial-guess.ts';
import { calibrateModel } from '../../core/calibration/calibrate-model.ts';
import { statisticsFromADay } from './scored-statistics.ts';
import { modelImpliedVols } from '../../core/calibration/model-smile.ts';
import { stochasticModelSpec, type StochasticModelName } from '../../core/calibration/model-specs/index.ts';
import { surfacePrior, type PriorSlice } from '../../core/refine/surface-prior.ts';
import { packedPrior } from '../../core/refine/parameter-prior.ts';
import type { FittedSmiles } from '../../core/refine/out-of-sample.ts';
import { sabrSeriesModel } from './series-sabr.ts';
import { finiteOrNull, stateNumber as num, stateNumberOrNaN as numOrNaN } from './state-values.ts';

export const backtestModelNames = ['essvi', 'sabr', 'heston', 'bates', 'merton', 'kou', 'vg'] as const;
export type BacktestModelName = (typeof backtestModelNames)[number];

export function isBacktestModelName(name: string): name is BacktestModelName {
  return (backtestModelNames as readonly string[]).includes(name);
}

/** Plain-JSON state of a calibration, enough to warm-start the next one and to predict. */
export type SeriesState = Readonly<Record<string, unknown>>;

export interface SeriesFitRequest {
  readonly slices: readonly SmileSlice[];
  /** The last calibration's state (null: none, fit from the global start). */
  readonly previous: SeriesState | null;
  /** Start from the previous state (true) or from the model's deterministic global start. */
  readonly warm: boolean;
  /** Prior strength toward the previous state; 0 or null previous: none. */
  readonly strength: number;
}

export interface SeriesFit {
  readonly ok: true;
  readonly params: Readonly<Record<string, number>>;
  readonly statistics: SmileFitStatistics;
  readonly solver: { readonly iterations: number; readonly evaluations: number; readonly stopReason: string; readonly converged: boolean; readonly cost: number; readonly penaltyCost: number };
  readonly state: SeriesState;
  /** Largest move of a parameter from the previous state, in the previous standard errors (NaN: none). */
  readonly driftInStandardErrors: number;
  /**
   * Free parameters the fit estimated (for the information criteria): 3 per expiry for eSSVI and SABR,
   * the packed vector's length for the stochastic models, not the count of reported constant-maturity values.
   */
  readonly parameterCount: number;
}

export type SeriesFitResult = SeriesFit | { readonly ok: false; readonly reason: string };

export interface SeriesModel {
  readonly name: BacktestModelName;
  /** Shortest expiry fitted, in years. */
  readonly minTimeToExpiryYears: number;
  fit(request: SeriesFitRequest): SeriesFitResult;
  /** The smiles of a stored state, for out-of-sample prediction at `snapshotMs`'s successor. */
  smiles(state: SeriesState, snapshotMs: number): FittedSmiles;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;
const TENORS_DAYS = [7, 30, 90, 180] as const;

export function seriesModel(name: BacktestModelName): SeriesModel {
  if (name === 'sabr') return sabrSeriesModel;
  return name === 'essvi' ? essviSeriesModel : stochasticSeriesModel(name);
}

// ---- eSSVI --------------------------------------------------------------------------------------------

type EssviStateSlice = PriorSlice;

const essviSeriesModel: SeriesModel = {
  name: 'essvi',
  minTimeToExpiryYears: 0,
  fit({ slices, previous, warm, strength }) {
    const before = previous === null ? null : essviSlices(previous);
    const expiries = slices.map((s) => ({ expiryMs: s.expiryMs, timeToExpiryYears: s.timeToExpiryYears }));
    const prior = before !== null && strength > 0 ? surfacePrior(strength, expiries, before, { freeAtmVol: true }) : undefined;
    const start = before !== null && warm ? essviWarmStart(slices, before) : undefined;
    const fit = calibrateEssvi(slices, { ...(prior === undefined ? {} : { prior }), ...(start === undefined ? {} : { start }) });
    if (!fit.ok) return { ok: false, reason: fit.reason };
    const state: EssviStateSlice[] = fit.perExpiry.map((e) => ({
      expiryMs: e.expiryMs,
      timeToExpiryYears: e.timeToExpiryYears,
      theta: e.theta,
      rho: e.rho,
      psi: e.psi,
      atmVolError: e.standardErrors?.atmVol ?? Number.NaN,
      rhoError: e.standardErrors?.rho ?? Number.NaN,
      psiError: e.standardErrors?.psi ?? Number.NaN,
    }));
    const params: Record<string, number> = {};
    for (const days of TENORS_DAYS) {
      const T = days / 365;
      const node = fit.surface.sliceAt(T);
      params[`atmVol${days}d`] = Math.sqrt(node.theta / T);
      params[`rho${days}d`] = node.rho;
      params[`psi${days}d`] = node.psi;
    }
    return {
      ok: true,
      params,
      statistics: statisticsFromADay(fit.perExpiry),
      solver: { ...fit.solver, penaltyCost: fit.penaltyCost },
      state: { slices: state.map((s) => ({ ...s, atmVolError: finiteOrNull(s.atmVolError), rhoError: finiteOrNull(s.rhoError), psiError: finiteOrNull(s.psiError) })) },
      driftInStandardErrors: before === null ? Number.NaN : essviDrift(state, before),
      parameterCount: fit.packed.length,
    };
  },
  smiles(state) {
    const slices = essviSlices(state);
    const surface = createEssviSurface(slices);
    const byExpiry = new Map(slices.map((s) => [s.expiryMs, s.timeToExpiryYears]));
    return (expiryMs, k, out) => {
      const T = byExpiry.get(expiryMs);
      if (T === undefined) return false;
      for (let i = 0; i < k.length; i++) out[i] = surface.impliedVol(k[i]!, T);
      return true;
    };
  },
};

function essviSlices(state: SeriesState): EssviStateSlice[] {
  const raw = state.slices;
  if (!Array.isArray(raw)) throw new TypeError('eSSVI state has no slices');
  return raw.map((s: Record<string, unknown>) => ({
    expiryMs: num(s.expiryMs),
    timeToExpiryYears: num(s.timeToExpiryYears),
    theta: num(s.theta),
    rho: num(s.rho),
    psi: num(s.psi),
    atmVolError: numOrNaN(s.atmVolError),
    rhoError: numOrNaN(s.rhoError),
    psiError: numOrNaN(s.psiError),
  }));
}

/**
 * The previous surface moved to today's expiries: a listed expiry keeps its smile in vol (θ and ψ scale
 * with T, ρ kept); a new listing takes today's estimate (surface-initial-guess.ts). The spec's pack
 * projects the result onto the no-arbitrage domain.
 */
function essviWarmStart(slices: readonly SmileSlice[], before: readonly EssviStateSlice[]): Float64Array {
  const estimate = estimateSlices(slices);
  const byExpiry = new Map(before.map((s) => [s.expiryMs, s]));
  const theta = Float64Array.from(estimate.theta);
  const rho = Float64Array.from(estimate.rho);
  const psi = Float64Array.from(estimate.psi);
  slices.forEach((s, i) => {
    const p = byExpiry.get(s.expiryMs);
    if (p === undefined) return;
    const stretch = s.timeToExpiryYears / p.timeToExpiryYears;
    theta[i] = p.theta * stretch;
    rho[i] = p.rho;
    psi[i] = p.psi * stretch;
  });
  return createEssviSpec(slices.length).pack(theta, rho, psi);
}

/**
 * The drift trigger's measure: the largest move of a shape parameter (ρ, ψ) of a common expiry, in the last
 * standard errors. The ATM level is the market's to move ("levels free, shape held", docs/refinement.md):
 * counting it made ordinary market moves look like drift and send warm fits to the global start.
 */
function essviDrift(after: readonly EssviStateSlice[], before: readonly EssviStateSlice[]): number {
  const byExpiry = new Map(before.map((s) => [s.expiryMs, s]));
  let worst = Number.NaN;
  for (const a of after) {
    const b = byExpiry.get(a.expiryMs);
    if (b === undefined) continue;
    const moves = [(a.rho - b.rho) / b.rhoError, (a.psi - b.psi) / b.psiError];
    for (const move of moves) if (Number.isFinite(move)) worst = Number.isNaN(worst) ? Math.abs(move) : Math.max(worst, Math.abs(move));
  }
  return worst;
}

// ---- stochastic models --------------------------------------------------------------------------------

/**
 * The market levels of each model, which the prior leaves free (docs/refinement.md, "levels free, shape
 * held"): the instantaneous variance v0 of Heston and Bates, the diffusion σ of the jump models. The
 * short-dated ATM quotes pin them and they move with the market, as practitioners recalibrate v0 daily while
 * holding the structural parameters. Measured (Heston BTC, λ = 3, 268 snapshots): pulling v0 too cost 2.2
 * points inside the spread; leaving it free, 1.9, with out-of-sample error 4.90 → 4.81 vol points.
 */
export const LEVEL_PARAMETERS: Readonly<Record<StochasticModelName, readonly string[]>> = {
  heston: ['v0'],
  bates: ['v0'],
  merton: ['sigma'],
  kou: ['sigma'],
  vg: ['sigma'],
};

function stochasticSeriesModel(name: StochasticModelName): SeriesModel {
  const spec = stochasticModelSpec(name);
  const free = Uint8Array.from(spec.packedNames, (n) => (LEVEL_PARAMETERS[name].includes(n) ? 1 : 0));
  const typical = Float64Array.from(spec.lower, (lo, j) => {
    const hi = spec.upper[j]!;
    return Number.isFinite(hi - lo) ? Math.min(hi - lo, 10) : 1;
  });
  return {
    name,
    minTimeToExpiryYears: 1 / 365,
    fit({ slices, previous, warm, strength }) {
      const usable = slices.filter((s) => s.timeToExpiryYears >= 1 / 365 && s.count >= 5);
      if (usable.length === 0) return { ok: false, reason: 'no expiry of at least a day with 5 quotes' };
      const before = previous === null ? null : stochasticState(previous, spec.packedNames.length);
      const prior = before !== null && strength > 0 ? packedPrior(strength, before.packed, before.errors, typical, free) : undefined;
      const fit = calibrateModel(spec, usable, {
        ...(prior === undefined ? {} : { prior }),
        ...(before !== null && warm ? { start: before.packed } : {}),
      });
      if (!fit.ok) return { ok: false, reason: fit.reason };
      const errors = Float64Array.from(spec.packedNames, (n) => fit.standardErrors?.[n] ?? Number.NaN);
      // Drift is measured on the structural parameters only: the levels (LEVEL_PARAMETERS) are the market's.
      let drift = Number.NaN;
      if (before !== null) {
        for (let j = 0; j < errors.length; j++) {
          if (free[j] === 1) continue;
          const move = Math.abs(fit.packed[j]! - before.packed[j]!) / before.errors[j]!;
          if (Number.isFinite(move)) drift = Number.isNaN(drift) ? move : Math.max(drift, move);
        }
      }
      return {
        ok: true,
        params: fit.params as Readonly<Record<string, number>>,
        statistics: fit.statistics,
        solver: fit.solver,
        state: { packed: Array.from(fit.packed), standardErrors: Array.from(errors, finiteOrNull) },
        driftInStandardErrors: drift,
        parameterCount: spec.packedNames.length,
      };
    },
    smiles(state, snapshotMs) {
      const { packed } = stochasticState(state, spec.packedNames.length);
      const params = spec.model.validate(spec.unpack(packed));
      return (expiryMs, k, out) => {
        const T = (expiryMs - snapshotMs) / YEAR_MS;
        if (!(T >= 1 / 365)) return false;
        out.set(modelImpliedVols(spec.model, params, T, k));
        return true;
      };
    },
  };
}

function stochasticState(state: SeriesState, n: number): { packed: Float64Array; errors: Float64Array } {
  const packed = state.packed;
  const errors = state.standardErrors;
  if (!Array.isArray(packed) || packed.length !== n || !Array.isArray(errors) || errors.length !== n) {
    throw new TypeError(`model state must hold ${n} packed values and standard errors`);
  }
  return { packed: Float64Array.from(packed, num), errors: Float64Array.from(errors, numOrNaN) };
}
