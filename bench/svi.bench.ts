/**
 * How long does one quasi-explicit SVI fit of a Deribit-sized slice take?
 *
 * 64 slices of 25 quotes each, drawn with a fixed seed: T log-uniform in [1 day, 1 year], an SVI smile with
 * ATM vol in [40%, 90%], ρ in [−0.7, 0.3], σ and the strike range scaled with √T, plus 0.5 vol point of
 * uniform noise (so no fit ends early at an exact zero). Reported: milliseconds per slice (best of 15 passes
 * over all slices after a warm-up), the mean number of inner solves per fit, and the mean RMSE in vol of
 * the fits (consumed so the work cannot be dropped). The floor for a full SVI slice fit is 0.1 ms.
 */

import { createRng } from '../src/core/numerics/random.ts';
import { smileSliceFromArrays } from '../src/core/calibration/smile-slice.ts';
import type { SmileSlice } from '../src/core/calibration/smile-slice.ts';
import { sviTotalVariance } from '../src/core/smile/svi.ts';
import { sviQuasiExplicit } from '../src/core/smile/svi-quasi-explicit.ts';
import { bestOfSeconds } from './harness.ts';
import type { Report } from './harness.ts';

const SLICES = 64;
const QUOTES = 25;

function slices(): SmileSlice[] {
  const rng = createRng(20090101);
  return Array.from({ length: SLICES }, () => {
    const T = Math.exp(rng.uniform(Math.log(1 / 365), 0));
    const atmVol = rng.uniform(0.4, 0.9);
    const width = 3 * atmVol * Math.sqrt(T);
    const sigma = rng.uniform(0.2, 0.6) * atmVol * Math.sqrt(T);
    const rho = rng.uniform(-0.7, 0.3);
    const b = rng.uniform(0.3, 1) * atmVol * atmVol * Math.sqrt(T);
    const a = atmVol * atmVol * T - b * sigma;
    const p = { a, b, rho, m: rng.uniform(-0.1, 0.1) * width, sigma };
    const k = Array.from({ length: QUOTES }, (_, i) => -width + (2 * width * i) / (QUOTES - 1));
    const midVol = k.map((x) => Math.sqrt(sviTotalVariance(p, x) / T) + rng.uniform(-0.005, 0.005));
    return smileSliceFromArrays({ timeToExpiryYears: T, forward: 60000, logMoneyness: k, midVol });
  });
}

export function run(report: Report): Promise<void> {
  const data = slices();
  const weights = new Float64Array(QUOTES).fill(1);
  let evaluations = 0;
  let rmseSum = 0;
  let failures = 0;
  const seconds = bestOfSeconds(() => {
    evaluations = 0;
    rmseSum = 0;
    failures = 0;
    for (const slice of data) {
      const fit = sviQuasiExplicit(slice, weights);
      if (!fit.ok) {
        failures++;
        continue;
      }
      evaluations += fit.evaluations;
      let sum = 0;
      for (let i = 0; i < slice.count; i++) {
        const vol = Math.sqrt(sviTotalVariance(fit.params, slice.logMoneyness[i]!) / slice.timeToExpiryYears);
        sum += (vol - slice.midVol[i]!) ** 2;
      }
      rmseSum += Math.sqrt(sum / slice.count);
    }
  }, 15);
  report('svi.quasi_explicit', (seconds * 1000) / SLICES, 'ms/slice');
  report('svi.quasi_explicit_inner_solves', evaluations / SLICES, 'solves/slice');
  report('svi.quasi_explicit_rmse', rmseSum / SLICES, 'vol');
  if (failures > 0) report('svi.quasi_explicit_failures', failures, 'slices');
  return Promise.resolve();
}
