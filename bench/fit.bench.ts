/**
 * How long do real calibrations take? On one real Deribit snapshot (5 Feb 2026 21:29, the crash window;
 * the shipped sample when ../shared is absent): the per-slice SVI and SABR calibrations as `volcal fit`
 * runs them (start, Levenberg–Marquardt, no-butterfly constraint), and a whole snapshot: read, resolve and
 * fit both currencies with svi, sabr, ssvi and essvi; and, as its own figure, with svi-surface alone (its
 * per-slice SVI starts and the joint fit).
 * The per-slice figures are steady state: 10 warm-up passes over the slices before the best of 20 (with one
 * warm-up pass V8 had not finished optimising the fit, and the figure was 2–3 times the steady one).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readChainBytes } from '../src/io/read-chain.ts';
import { resolveChain } from '../src/core/market/resolve-chain.ts';
import { smileSliceFromExpiry, type SmileSlice } from '../src/core/calibration/smile-slice.ts';
import { calibrateSmile } from '../src/core/calibration/calibrate-smile.ts';
import { sviModel } from '../src/core/smile/svi.ts';
import { createSabrModel } from '../src/core/smile/sabr.ts';
import type { SmileModel } from '../src/core/smile/smile-model.ts';
import { fitChain, type FitModelName } from '../src/app/fit-chain.ts';
import { bestOfSeconds, type Report } from './harness.ts';

const real = fileURLToPath(
  new URL('../../shared/data/deribit_znmahbub/snapshots/deribit_options_snapshot_20260205T212937Z.csv.gz', import.meta.url),
);
const sample = fileURLToPath(new URL('../testdata/sample-chain.csv', import.meta.url));

export async function run(report: Report): Promise<void> {
  await Promise.resolve();
  const path = existsSync(real) ? real : sample;
  const bytes = readFileSync(path);
  const snapshot = readChainBytes(bytes, path).snapshot!;
  const slices: SmileSlice[] = resolveChain(snapshot)
    .flatMap((c) => c.slices)
    .filter((s) => s.timeToExpiryYears > 1 / 365)
    .flatMap((s) => {
      const smile = smileSliceFromExpiry(s);
      return smile !== null && smile.count >= 6 ? [smile] : [];
    });
  let sink = 0;
  const perSlice = <P>(name: string, model: SmileModel<P>): void => {
    const seconds = bestOfSeconds(() => {
      for (const slice of slices) {
        const fit = calibrateSmile(model, slice);
        if (fit.ok) sink += fit.solver.cost;
      }
    }, 20, 10);
    report(`${name}.per_slice`, (seconds / slices.length) * 1000, 'ms');
  };
  perSlice('fit.svi', sviModel);
  perSlice('fit.sabr', createSabrModel(1));
  report('fit.slices', slices.length, 'slices');
  const wholeSnapshot = (models: readonly FitModelName[]): number =>
    bestOfSeconds(() => {
      const snap = readChainBytes(bytes, path).snapshot!;
      for (const model of models) {
        for (const currency of ['BTC', 'ETH']) {
          const result = fitChain(snap, { currency, model, clock: () => 0 });
          if (result.ok) sink += result.document.summary.quotes;
        }
      }
    }, 3);
  report('fit.whole_snapshot_every_model', wholeSnapshot(['svi', 'sabr', 'ssvi', 'essvi']) * 1000, 'ms');
  report('fit.svi_surface.whole_snapshot', wholeSnapshot(['svi-surface']) * 1000, 'ms');
  if (Number.isNaN(sink)) report('fit.nan_sink', sink, 'NaN');
}
