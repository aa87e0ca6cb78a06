/**
 * The `fit` use case for whole-surface models (SSVI, eSSVI): every usable expiry of one currency is fitted
 * at once under the parameter constraints that exclude butterfly and calendar arbitrage
 * (src/core/surface/calibrate-surface.ts), then reported per expiry in the common fit document.
 *
 * Expiries with fewer than MIN_SURFACE_QUOTES kept quotes are left out of the surface (entries with
 * `ok: false` and the reason): with the bid–ask-aware loss one nearly empty slice can pull the shared
 * parameters of every other slice. The solver statistics of each entry are those of the whole surface fit.
 */
import type { ExpirySlice } from '../core/market/resolve-chain.ts';
import { smileSliceFromExpiry, type SmileSlice } from '../core/calibration/smile-slice.ts';
import type { SmileObjectiveOptions } from '../core/calibration/smile-objective.ts';
import { calibrateEssvi, calibrateSsvi } from '../core/surface/calibrate-surface.ts';
import { failedExpiry, fittedExpiry, type ExpiryOutcome } from './fit-document.ts';

export const MIN_SURFACE_QUOTES = 5;

export type SurfaceModelName = 'ssvi' | 'essvi';

export function fitSurfaceExpiries(
  slices: readonly ExpirySlice[],
  model: SurfaceModelName,
  options: Partial<SmileObjectiveOptions>,
  clock: () => number,
): ExpiryOutcome[] {
  const usable: { readonly index: number; readonly smile: SmileSlice }[] = [];
  const outcomes: (ExpiryOutcome | null)[] = slices.map((slice, index) => {
    const smile = smileSliceFromExpiry(slice);
    if (smile === null) return failedExpiry(slice, slice.forward === null ? 'no forward for this expiry' : 'no quote survived the filters');
    if (smile.count < MIN_SURFACE_QUOTES) {
      return failedExpiry(slice, `${smile.count} quotes: fewer than ${MIN_SURFACE_QUOTES}, left out of the surface`);
    }
    usable.push({ index, smile });
    return null;
  });
  if (usable.length === 0) return outcomes.map((o, i) => o ?? failedExpiry(slices[i]!, 'no usable expiry'));

  const started = clock();
  const fit = model === 'ssvi' ? calibrateSsvi(usable.map((u) => u.smile), options) : calibrateEssvi(usable.map((u) => u.smile), options);
  const timeMs = clock() - started;
  if (!fit.ok) {
    for (const u of usable) outcomes[u.index] = failedExpiry(slices[u.index]!, `surface fit failed: ${fit.reason}`);
    return outcomes.map((o) => o!);
  }
  const global = model === 'ssvi' && 'eta' in fit.params ? { eta: fit.params.eta, gamma: fit.params.gamma } : {};
  usable.forEach((u, j) => {
    const e = fit.perExpiry[j]!;
    const T = e.timeToExpiryYears;
    outcomes[u.index] = fittedExpiry(
      slices[u.index]!,
      {
        params: { theta: e.theta, rho: e.rho, psi: e.psi, ...global },
        standardErrors: null,
        fitVol: e.fitVol,
        statistics: e.statistics,
        solver: { ...fit.solver, timeMs },
      },
      (k) => fit.surface.totalVariance(k, T),
    );
  });
  return outcomes.map((o) => o!);
}
