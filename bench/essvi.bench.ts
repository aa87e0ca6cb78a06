/**
 * How long does a whole-surface fit take, arbitrage checks included?
 *
 * A 12-expiry crypto-like eSSVI surface (1 day to 1 year, θ from 5.5e-4 to 0.4, ρ from −0.4 to +0.1,
 * src/core/surface/testing/generate-surface.ts), 30 quotes per expiry on ±2.5√θ, with 0.5 vol point of
 * uniform noise and 2-vol-point spreads (so no fit stops early at an exact zero). One pass = calibrate
 * (eSSVI: 36 parameters; SSVI: 15) + the parameter-condition re-check inside the calibrator + the
 * independent price-based static-arbitrage check (601 strikes × 12 expiries of Black-76 calls, calendar
 * between expiries). Reported: milliseconds per pass (best of 20 after 3 warm-ups), LM iterations and the
 * pooled RMSE in vol points (consumed so the work cannot be dropped). The floor: ≤ 5 ms per
 * eSSVI surface on one core.
 */
import { calibrateEssvi, calibrateSsvi } from '../src/core/surface/calibrate-surface.ts';
import { checkStaticArbitrage } from '../src/core/surface/static-arbitrage.ts';
import { cryptoEssviNodes, slicesFromNodes } from '../src/core/surface/testing/generate-surface.ts';
import { bestOfSeconds } from './harness.ts';
import type { Report } from './harness.ts';

export function run(report: Report): Promise<void> {
  const nodes = cryptoEssviNodes(12);
  const slices = slicesFromNodes(nodes, { quotes: 30, noiseVol: 0.005, spreadVol: 0.02, seed: 2024 });
  const times = nodes.map((s) => s.timeToExpiryYears);
  for (const [name, calibrate] of [
    ['essvi', calibrateEssvi],
    ['ssvi', calibrateSsvi],
  ] as const) {
    let iterations = 0;
    let rmse = 0;
    let arbitrage = 0;
    let failures = 0;
    const fitOnly = bestOfSeconds(() => {
      const fit = calibrate(slices);
      if (!fit.ok) failures++;
    }, 20, 3);
    const seconds = bestOfSeconds(() => {
      const fit = calibrate(slices);
      if (!fit.ok) {
        failures++;
        return;
      }
      iterations = fit.solver.iterations;
      rmse = fit.statistics.rmseVolPoints;
      const check = checkStaticArbitrage(fit.surface, times);
      arbitrage = check.callSpreadViolations + check.butterflyViolations + check.calendarViolations;
    }, 20, 3);
    report(`${name}.surface_fit`, seconds * 1000, 'ms');
    report(`${name}.surface_fit_without_check`, fitOnly * 1000, 'ms');
    report(`${name}.surface_fit_iterations`, iterations, 'iterations');
    report(`${name}.surface_fit_rmse`, rmse, 'vol points');
    if (arbitrage > 0) report(`${name}.surface_fit_arbitrage_violations`, arbitrage, 'points');
    if (failures > 0) report(`${name}.surface_fit_failures`, failures, 'fits');
  }
  return Promise.resolve();
}
