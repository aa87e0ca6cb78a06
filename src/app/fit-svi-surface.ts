/**
 * The `fit` use case for the arbitrage-free raw-SVI surface (`--model svi-surface`,
 * src/core/surface/svi-surface.ts): every usable expiry of one currency is first fitted alone, as
 * `--model svi` fits it (calibrateSmile(sviModel)), and then all of them jointly from those fits, so that no
 * slice has butterfly or call-spread arbitrage and no two adjacent slices cross on k ∈ [−R, R]
 * (R = noArbitrageRange, default 1.5: the fit document's check range). Reported per expiry in the common
 * fit document (fit-document.ts), whose independent butterfly and calendar checks run on the joint slices.
 *
 * Every expiry `--model svi` fits is in the surface, those under a day included. Left out, as entries with
 * `ok: false` and the reason: expiries with no forward or no kept quote, and those whose per-slice SVI fit
 * fails (fewer than 6 quotes cannot pin 5 parameters).
 * Why expiries under a day stay in (the stochastic models leave them out, and scripts/svi-surface-real-data.ts
 * measured the surface without them): on all 268 snapshots, admitting them changed the share of two-sided
 * quotes of the expiries over a day fitted inside the spread by +0.02 point (BTC, 94.62% → 94.64%) and 0.00
 * (ETH, 98.92%), the joint fit failed on no surface either way, and the 214 BTC / 221 ETH sub-day slices
 * themselves fit 97.7% / 99.3% of their quotes inside (per slice 97.0% / 99.3%), for 11% / 16% more joint-fit
 * time (the same per-slice starts fitted jointly with and without them).
 * If the joint fit fails, every usable expiry is an entry with that reason: there is no silent fallback
 * to the per-slice fits, which can cross.
 *
 * Each fitted entry's solver statistics are the joint fit's (iterations and evaluations over its penalty
 * stages, the last stage's stop reason, the quotes' cost at the repaired surface); `timeMs` is the whole
 * surface's: the per-slice fits that start it and the joint fit. Standard errors are not computed (null).
 */
import type { ExpirySlice } from '../core/market/resolve-chain.ts';
import { smileSliceFromExpiry, type SmileSlice } from '../core/calibration/smile-slice.ts';
import { calibrateSmile, type SmileFitOptions } from '../core/calibration/calibrate-smile.ts';
import { sviModel } from '../core/smile/svi.ts';
import type { SmileObjectiveOptions } from '../core/calibration/smile-objective.ts';
import { calibrateSviSurface } from '../core/surface/svi-surface.ts';
import { isConverged } from '../core/optimize/least-squares.ts';
import { failedExpiry, fittedExpiry, type ExpiryOutcome } from './fit-document.ts';

export function fitSviSurfaceExpiries(
  slices: readonly ExpirySlice[],
  options: Partial<SmileFitOptions>,
  clock: () => number,
): ExpiryOutcome[] {
  const started = clock();
  const usable: { readonly index: number; readonly smile: SmileSlice; readonly start: Float64Array }[] = [];
  const shared = sharedOptions(options);
  const outcomes: (ExpiryOutcome | null)[] = slices.map((slice, index) => {
    const smile = smileSliceFromExpiry(slice);
    if (smile === null) return failedExpiry(slice, slice.forward === null ? 'no forward for this expiry' : 'no quote survived the filters');
    const fit = calibrateSmile(sviModel, smile, shared);
    if (!fit.ok) return failedExpiry(slice, `per-slice SVI fit failed, left out of the surface: ${fit.reason}`);
    usable.push({ index, smile, start: fit.packed });
    return null;
  });
  const finish = (): ExpiryOutcome[] => outcomes.map((o, i) => o ?? failedExpiry(slices[i]!, 'no usable expiry'));
  if (usable.length === 0) return finish();

  const fit = calibrateSviSurface(usable.map((u) => u.smile), usable.map((u) => u.start), shared);
  const timeMs = clock() - started;
  if (!fit.ok) {
    for (const u of usable) outcomes[u.index] = failedExpiry(slices[u.index]!, `SVI surface fit failed: ${fit.reason}`);
    return finish();
  }
  const solver = {
    iterations: fit.solver.iterations,
    evaluations: fit.solver.evaluations,
    stopReason: fit.solver.stopReason,
    converged: isConverged(fit.solver.stopReason),
    cost: fit.solver.cost,
    timeMs,
  };
  usable.forEach((u, j) => {
    const packed = fit.packed[j]!;
    const T = u.smile.timeToExpiryYears;
    outcomes[u.index] = fittedExpiry(
      slices[u.index]!,
      {
        params: { a: packed[0]!, b: packed[1]!, rho: packed[2]!, m: packed[3]!, sigma: packed[4]! },
        standardErrors: null,
        fitVol: fit.fitVol[j]!,
        statistics: fit.statistics[j]!,
        solver,
      },
      (k) => sviModel.totalVariance(packed, k, T),
    );
  });
  return finish();
}

type SharedOption = keyof SmileObjectiveOptions | 'maxIterations' | 'noArbitrageRange';

/**
 * The fit options that apply to both the per-slice fits and the joint fit: the objective, iterations (per
 * penalty stage in the joint fit) and the no-arbitrage range. Not passed on: `start` and `prior` (one
 * slice's) and `noButterfly` (the per-slice fits keep their default, free of butterfly arbitrage; the
 * surface has none by construction).
 */
function sharedOptions(options: Partial<SmileFitOptions>): Partial<Pick<SmileFitOptions, SharedOption>> {
  const { errorSpace, weighting, loss, spreadFloorVol, midAnchor, huberThreshold, maxIterations, noArbitrageRange } = options;
  return {
    ...(errorSpace !== undefined ? { errorSpace } : {}),
    ...(weighting !== undefined ? { weighting } : {}),
    ...(loss !== undefined ? { loss } : {}),
    ...(spreadFloorVol !== undefined ? { spreadFloorVol } : {}),
    ...(midAnchor !== undefined ? { midAnchor } : {}),
    ...(huberThreshold !== undefined ? { huberThreshold } : {}),
    ...(maxIterations !== undefined ? { maxIterations } : {}),
    ...(noArbitrageRange !== undefined ? { noArbitrageRange } : {}),
  };
}
