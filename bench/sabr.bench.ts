/**
 * How long does one SABR evaluation take inside a calibration? A 25-quote BTC-like slice (T = 30 days,
 * α = 0.6, ρ = −0.25, ν = 1.8, β = 1, k across ±2.5 σ√T, all but the ATM quote on the closed-form branch
 * of z/x(z), the ATM one on its series), evaluated as the Levenberg–Marquardt Jacobian pass does:
 * totalVarianceWithGradient per quote. Also the value-only pass, and β = 0.5 (one more exp per quote).
 * Best of 9 runs of 20 000 passes; results are summed into a checksum so nothing is optimised away.
 */

import { createSabrModel } from '../src/core/smile/sabr.ts';
import { bestOfSeconds } from './harness.ts';
import type { Report } from './harness.ts';

const QUOTES = 25;
const PASSES = 20_000;

export function run(report: Report): Promise<void> {
  const T = 30 / 365;
  const width = 2.5 * 0.6 * Math.sqrt(T);
  const k = Float64Array.from({ length: QUOTES }, (_, i) => -width + (2 * width * i) / (QUOTES - 1));
  const gradient = new Float64Array(3);
  let checksum = 0;

  const time = (beta: number, withGradient: boolean): number => {
    const model = createSabrModel(beta);
    const x = model.pack({ alpha: 0.6, rho: -0.25, nu: 1.8 });
    const passWithGradient = (): void => {
      let sum = 0;
      for (let p = 0; p < PASSES; p++) {
        for (let i = 0; i < QUOTES; i++) sum += model.totalVarianceWithGradient(x, k[i]!, T, gradient);
      }
      checksum += sum + gradient[2]!;
    };
    const passValue = (): void => {
      let sum = 0;
      for (let p = 0; p < PASSES; p++) {
        for (let i = 0; i < QUOTES; i++) sum += model.totalVariance(x, k[i]!, T);
      }
      checksum += sum;
    };
    const seconds = bestOfSeconds(withGradient ? passWithGradient : passValue, 9, 2);
    return (seconds / (PASSES * QUOTES)) * 1e9;
  };

  report('sabr.vol_and_gradient', time(1, true), 'ns/quote');
  report('sabr.vol_only', time(1, false), 'ns/quote');
  report('sabr.vol_and_gradient_beta_0.5', time(0.5, true), 'ns/quote');
  if (!Number.isFinite(checksum)) report('sabr.checksum_invalid', checksum, '');
  return Promise.resolve();
}
