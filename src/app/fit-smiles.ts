/**
 * The `fit` use case for per-expiry smile models (SVI, SABR): a read snapshot → the resolved chain of one
 * currency → one SmileSlice per expiry → calibrateSmile → the fit document (fit-document.ts). A slice that
 * cannot be fitted is an entry with `ok: false` and the reason; the rest goes on.
 *
 * The clock is injected (STYLE.md principle 3) so that times are reported without the core reading one.
 */
import type { ExpirySlice } from '../core/market/resolve-chain.ts';
import { smileSliceFromExpiry } from '../core/calibration/smile-slice.ts';
import { calibrateSmile, type SmileFitOptions } from '../core/calibration/calibrate-smile.ts';
import type { SmileModel } from '../core/smile/smile-model.ts';
import { failedExpiry, fittedExpiry, type ExpiryOutcome } from './fit-document.ts';

export function fitSmileExpiry<P>(
  slice: ExpirySlice,
  model: SmileModel<P>,
  options: Partial<SmileFitOptions>,
  clock: () => number,
): ExpiryOutcome {
  const smile = smileSliceFromExpiry(slice);
  if (smile === null) return failedExpiry(slice, slice.forward === null ? 'no forward for this expiry' : 'no quote survived the filters');
  const started = clock();
  const fit = calibrateSmile(model, smile, options);
  const timeMs = clock() - started;
  if (!fit.ok) return failedExpiry(slice, fit.reason);
  const packed = fit.packed;
  const T = slice.timeToExpiryYears;
  return fittedExpiry(
    slice,
    { ...fit, params: fit.params as Readonly<Record<string, number>>, solver: { ...fit.solver, timeMs } },
    (k) => model.totalVariance(packed, k, T),
  );
}

