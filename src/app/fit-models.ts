/**
 * The `fit` use case for the stochastic models (Heston, Bates, Merton, Kou, variance gamma): every usable
 * expiry of one currency is fitted at once (src/core/calibration/calibrate-model.ts), then each expiry is
 * reported in the common fit document with the model's implied smile (model-smile.ts) for the grid and
 * the model-independent arbitrage checks.
 *
 * Expiries under MIN_MODEL_EXPIRY_DAYS, or with fewer than MIN_MODEL_QUOTES kept quotes, are left out with
 * their reason: a diffusion cannot produce the smile of an option expiring in hours (its ATM curvature
 * grows like 1/T), and one such slice would dominate the whole fit's cost.
 */
import type { ExpirySlice } from '../core/market/resolve-chain.ts';
import { smileSliceFromExpiry, type SmileSlice } from '../core/calibration/smile-slice.ts';
import { calibrateModel, type ModelFitOptions, type ParameterCorrelations } from '../core/calibration/calibrate-model.ts';
import { modelSmile } from '../core/calibration/model-smile.ts';
import { stochasticModelSpec, type StochasticModelName } from '../core/calibration/model-specs/index.ts';
import { CHECK_POINTS, failedExpiry, fittedExpiry, GRID_POINTS, type ExpiryOutcome } from './fit-document.ts';

export const MIN_MODEL_QUOTES = 5;
/** Expiries shorter than this are left out (a use case reads no environment: STYLE.md principle 3). */
export const MIN_MODEL_EXPIRY_DAYS = 1;

export interface ModelFitSummary {
  readonly params: Readonly<Record<string, number>>;
  readonly standardErrors: Readonly<Record<string, number>> | null;
  readonly correlations: ParameterCorrelations | null;
  readonly unidentified: readonly string[];
}

export interface FitModelsOptions extends Partial<ModelFitOptions> {
  readonly feller?: boolean;
}

export function fitModelExpiries(
  slices: readonly ExpirySlice[],
  name: StochasticModelName,
  options: FitModelsOptions,
  clock: () => number,
): { readonly outcomes: ExpiryOutcome[]; readonly summary: ModelFitSummary | null } {
  const usable: { readonly index: number; readonly smile: SmileSlice }[] = [];
  const outcomes: (ExpiryOutcome | null)[] = slices.map((slice, index) => {
    const smile = smileSliceFromExpiry(slice);
    if (smile === null) return failedExpiry(slice, slice.forward === null ? 'no forward for this expiry' : 'no quote survived the filters');
    if (slice.timeToExpiryYears * 365 < MIN_MODEL_EXPIRY_DAYS) {
      return failedExpiry(slice, `under ${MIN_MODEL_EXPIRY_DAYS} day to expiry: left out of the ${name} fit`);
    }
    if (smile.count < MIN_MODEL_QUOTES) return failedExpiry(slice, `${smile.count} quotes: fewer than ${MIN_MODEL_QUOTES}, left out of the ${name} fit`);
    usable.push({ index, smile });
    return null;
  });
  const finish = (): ExpiryOutcome[] => outcomes.map((o, i) => o ?? failedExpiry(slices[i]!, 'no usable expiry'));
  if (usable.length === 0) return { outcomes: finish(), summary: null };

  const spec = stochasticModelSpec(name, { feller: options.feller === true });
  const started = clock();
  const fit = calibrateModel(spec, usable.map((u) => u.smile), options);
  const timeMs = clock() - started;
  if (!fit.ok) {
    for (const u of usable) outcomes[u.index] = failedExpiry(slices[u.index]!, `${name} fit failed: ${fit.reason}`);
    return { outcomes: finish(), summary: null };
  }
  const params = fit.params as Readonly<Record<string, number>>;
  const points = [...CHECK_POINTS, ...GRID_POINTS];
  usable.forEach((u, j) => {
    const e = fit.perExpiry[j]!;
    const smile = modelSmile(spec.model, fit.params, e.timeToExpiryYears, points);
    outcomes[u.index] = fittedExpiry(
      slices[u.index]!,
      { params, standardErrors: fit.standardErrors, fitVol: e.fitVol, statistics: e.statistics, solver: { ...fit.solver, timeMs } },
      (k) => smile.totalVariance(k),
      { from: smile.from, to: smile.to },
    );
  });
  return {
    outcomes: finish(),
    summary: { params, standardErrors: fit.standardErrors, correlations: fit.correlations, unidentified: fit.unidentified },
  };
}
