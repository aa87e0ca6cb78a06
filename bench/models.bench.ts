/**
 * How fast are the stochastic-model calibrations?
 *
 * 1. The 90-quote Heston problem: 6 expiries (7 days to 8 months) × 15 strikes (±2 standard
 *    deviations at 60%) of crypto-regime Heston vols (v0 0.36, κ 2, θ 0.49, σ 1.2, ρ −0.3) with ±1 vol basis
 *    point of seeded noise, calibrated from the generic start (no guess given). Milliseconds per
 *    calibration (best of 10 after a warm-up), with the iterations and RMSE consumed.
 * 2. Whole real snapshots (a calm day, 7 Mar 2026 09:22, and the crash, 5 Feb 2026 21:29; BTC; expiries of
 *    a day or more with 5+ quotes), Heston and Bates from the generic start: milliseconds per snapshot
 *    (best of 3), RMSE against the mids and the share inside the spread.
 * The floors: 90-quote Heston ≤ 20 ms; a whole snapshot ≤ 100 ms (Heston), ≤ 300 ms (Bates).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { heston } from '../src/core/pricing/fourier/heston.ts';
import { calibrateModel } from '../src/core/calibration/calibrate-model.ts';
import { createBatesSpec, createHestonSpec } from '../src/core/calibration/model-specs/index.ts';
import { modelSurface } from '../src/core/calibration/testing/model-surface.ts';
import { smileSliceFromExpiry, type SmileSlice } from '../src/core/calibration/smile-slice.ts';
import { resolveChain } from '../src/core/market/resolve-chain.ts';
import { readChainFile } from '../src/io/read-chain.ts';
import { bestOfSeconds, type Report } from './harness.ts';

const snapshots = {
  calm: 'deribit_options_snapshot_20260307T092200Z.csv.gz',
  crash: 'deribit_options_snapshot_20260205T212937Z.csv.gz',
} as const;

async function realSlices(file: string): Promise<SmileSlice[] | null> {
  const path = fileURLToPath(new URL(`../../shared/data/deribit_znmahbub/snapshots/${file}`, import.meta.url));
  if (!existsSync(path)) return null;
  const snapshot = (await readChainFile(path)).snapshot;
  const chain = snapshot === null ? undefined : resolveChain(snapshot).find((c) => c.currency === 'BTC');
  if (chain === undefined) return null;
  return chain.slices
    .filter((s) => s.timeToExpiryYears * 365 >= 1)
    .flatMap((s) => {
      const smile = smileSliceFromExpiry(s);
      return smile !== null && smile.count >= 5 ? [smile] : [];
    });
}

export async function run(report: Report): Promise<void> {
  const truth = { v0: 0.36, kappa: 2, theta: 0.49, sigma: 1.2, rho: -0.3 };
  const slices = modelSurface(heston, truth, { days: [7, 14, 30, 60, 120, 240], strikes: 15, noiseVol: 1e-4, halfSpreadVol: 0.001, seed: 7 });
  const spec = createHestonSpec();
  let sink = 0;
  const seconds = bestOfSeconds(() => {
    const fit = calibrateModel(spec, slices);
    sink += fit.ok ? fit.solver.iterations + fit.statistics.rmseVolPoints : Number.NaN;
  }, 10);
  report('models.heston_90_quotes', seconds * 1000, 'ms');

  for (const [window, file] of Object.entries(snapshots)) {
    const real = await realSlices(file);
    if (real === null) continue;
    for (const [name, modelSpec] of [['heston', createHestonSpec()], ['bates', createBatesSpec()]] as const) {
      let rmse = Number.NaN;
      let inside = Number.NaN;
      const time = bestOfSeconds(() => {
        const fit = calibrateModel(modelSpec as typeof spec, real);
        rmse = fit.ok ? fit.statistics.rmseVolPoints : Number.NaN;
        inside = fit.ok ? fit.statistics.insideSpreadShare : Number.NaN;
      }, 3, 0);
      report(`models.${name}_snapshot_${window}`, time * 1000, 'ms');
      report(`models.${name}_snapshot_${window}_rmse`, rmse, 'vol points');
      report(`models.${name}_snapshot_${window}_inside`, 100 * inside, '%');
    }
  }
  if (Number.isNaN(sink)) report('models.failed', 1, 'fit');
}
