/**
 * How fast and how exact is the Fourier pricer (src/core/pricing/fourier) for Heston?
 *
 * 1. Accurate path: priceEuropean on every Heston case of the 40-digit reference fixtures (T from 1 day
 *    to 3 years, strikes to ±6 sd, vol of variance 0.3–3), both types: options/s (best of 3) and the
 *    worst relative error where the price is above the negligible 1e-13·F.
 * 2. Slice path: priceSliceInto on a calibration-shaped set, 6 expiries (1 day to 1 year) × 15 strikes
 *    (±2.5 sd, OTM types), for σ ∈ {0.3, 1.2, 3}: microseconds per option (best of 5), the worst
 *    relative error against priceEuropean, and characteristic-function evaluations per option in the
 *    quadrature (the per-strike saddle searches are not counted).
 * 3. Gradient path: priceSliceWithGradientInto on the same slices: microseconds per option (prices and
 *    the 5-column Jacobian).
 * Every result is consumed (checksums) so no work can be dropped.
 */

import { heston } from '../src/core/pricing/fourier/heston.ts';
import { priceSliceWithGradientInto } from '../src/core/pricing/fourier/heston-gradient.ts';
import { priceEuropean, priceSliceInto } from '../src/core/pricing/fourier/price.ts';
import { loadReferenceCases } from '../src/core/pricing/fourier/testing/reference-cases.ts';
import { createFourierWorkspace } from '../src/core/pricing/fourier/workspace.ts';
import { bestOfSeconds } from './harness.ts';
import type { Report } from './harness.ts';

const EXPIRIES = [1 / 365, 3 / 365, 7 / 365, 30 / 365, 0.25, 1];
const STRIKES = 15;
const F = 60000;

export function run(report: Report): Promise<void> {
  // 1. Accurate path against the references.
  const cases = loadReferenceCases().filter((c) => c.model === 'heston');
  let worst = 0;
  const accurateSeconds = bestOfSeconds(() => {
    let w = 0;
    for (const c of cases) {
      const ref = Number(c.otmPrice);
      const otm = priceEuropean(heston, c.params as never, c.forward, c.strike, c.timeToExpiryYears, c.type);
      const itm = priceEuropean(heston, c.params as never, c.forward, c.strike, c.timeToExpiryYears, c.type === 'call' ? 'put' : 'call');
      if (ref > 1e-13 * c.forward) w = Math.max(w, Math.abs(otm - ref) / ref);
      const refItm = ref + Math.abs(c.forward - c.strike);
      w = Math.max(w, Math.abs(itm - refItm) / refItm);
    }
    worst = w;
  }, 3);
  report('fourier.heston_accurate_throughput', (2 * cases.length) / accurateSeconds, 'options/s');
  report('fourier.heston_accurate_worst_rel_error', worst, 'relative');

  // 2 and 3. Calibration-shaped slices.
  const ws = createFourierWorkspace(STRIKES, 5);
  const strikes = EXPIRIES.map((T) => {
    const sd = 0.7 * Math.sqrt(T);
    return Float64Array.from({ length: STRIKES }, (_, i) => F * Math.exp(((i - 7) / 7) * 2.5 * sd));
  });
  const isCall = strikes.map((ks) => Uint8Array.from(ks, (K) => (K >= F ? 1 : 0)));
  const out = new Float64Array(STRIKES);
  const jac = new Float64Array(STRIKES * 5);
  const options = EXPIRIES.length * STRIKES;
  for (const sigma of [0.3, 1.2, 3]) {
    const p = { v0: 0.36, kappa: 2, theta: 0.49, sigma, rho: -0.3 };
    let sliceWorst = 0;
    let evaluations = 0;
    EXPIRIES.forEach((T, e) => {
      priceSliceInto(heston, p, F, T, strikes[e]!, isCall[e]!, out, ws);
      evaluations += ws.counters[0]!;
      for (let i = 0; i < STRIKES; i++) {
        const ref = priceEuropean(heston, p, F, strikes[e]![i]!, T, isCall[e]![i] === 1 ? 'call' : 'put');
        sliceWorst = Math.max(sliceWorst, Math.abs(out[i]! - ref) / ref);
      }
    });
    let checksum = 0;
    const sliceSeconds = bestOfSeconds(() => {
      EXPIRIES.forEach((T, e) => {
        priceSliceInto(heston, p, F, T, strikes[e]!, isCall[e]!, out, ws);
        checksum += out[7]!;
      });
    }, 5);
    const gradientSeconds = bestOfSeconds(() => {
      EXPIRIES.forEach((T, e) => {
        priceSliceWithGradientInto(p, F, T, strikes[e]!, isCall[e]!, out, jac, ws);
        checksum += jac[7 * 5]!;
      });
    }, 5);
    report(`fourier.heston_slice_sigma${sigma}_time_per_option`, (sliceSeconds / options) * 1e6, 'us');
    report(`fourier.heston_slice_sigma${sigma}_worst_rel_error_vs_accurate`, sliceWorst, 'relative');
    report(`fourier.heston_slice_sigma${sigma}_quadrature_cf_evaluations_per_option`, evaluations / options, 'evaluations');
    report(`fourier.heston_gradient_sigma${sigma}_time_per_option`, (gradientSeconds / options) * 1e6, 'us');
    if (!Number.isFinite(checksum)) report('fourier.checksum_invalid', checksum, '');
  }
  return Promise.resolve();
}
