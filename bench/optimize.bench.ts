/**
 * How long does one calibration-sized optimisation take?
 *
 * - Levenberg–Marquardt on Osborne 1 (5 parameters, 33 residuals, analytic Jacobian, NIST start 2).
 * - Levenberg–Marquardt on a raw-SVI smile: 5 parameters (a, b, ρ, m, σ), 60 log-moneyness points in
 *   [−1, 1], total variance with seeded noise of 1e-4, bounds b ≥ 0, |ρ| ≤ 0.999, σ ≥ 1e-4; analytic and
 *   forward-difference Jacobians, from a generic start.
 * - Nelder–Mead on 2-D Rosenbrock from (−1.2, 1) (the shape of SVI's quasi-explicit outer search).
 * Reported: microseconds per solve (best of 7 batches after a warm-up) and the iterations/evaluations used.
 */
import { createRng } from '../src/core/numerics/random.ts';
import { levenbergMarquardt } from '../src/core/optimize/levenberg-marquardt.ts';
import type { LevenbergMarquardtResult } from '../src/core/optimize/levenberg-marquardt.ts';
import type { LeastSquaresProblem } from '../src/core/optimize/least-squares.ts';
import { nelderMead } from '../src/core/optimize/nelder-mead.ts';
import { osborne1, withoutJacobian } from '../src/core/optimize/testing/test-problems.ts';
import { bestOfSeconds } from './harness.ts';
import type { Report } from './harness.ts';

function sviProblem(): LeastSquaresProblem {
  const rng = createRng(1999);
  const m = 60;
  const k = Float64Array.from({ length: m }, (_, i) => -1 + (2 * i) / (m - 1));
  const [a, b, rho, mu, sigma] = [0.04, 0.4, -0.4, 0.05, 0.2];
  const w = k.map((ki) => a + b * (rho * (ki - mu) + Math.hypot(ki - mu, sigma)) + 1e-4 * (rng.next() - 0.5));
  return {
    parameterCount: 5,
    residualCount: m,
    residuals(x, out) {
      for (let i = 0; i < m; i++) {
        const d = k[i]! - x[3]!;
        out[i] = x[0]! + x[1]! * (x[2]! * d + Math.hypot(d, x[4]!)) - w[i]!;
      }
      return true;
    },
    jacobian(x, out) {
      for (let i = 0; i < m; i++) {
        const d = k[i]! - x[3]!;
        const root = Math.hypot(d, x[4]!);
        const row = 5 * i;
        out[row] = 1;
        out[row + 1] = x[2]! * d + root;
        out[row + 2] = x[1]! * d;
        out[row + 3] = -x[1]! * (x[2]! + d / root);
        out[row + 4] = (x[1]! * x[4]!) / root;
      }
    },
  };
}

export function run(report: Report): Promise<void> {
  const repeats = 200;
  let sink = 0;
  const time = (name: string, solve: () => LevenbergMarquardtResult): void => {
    const last = solve();
    const seconds = bestOfSeconds(() => {
      for (let r = 0; r < repeats; r++) sink += solve().cost;
    }, 7);
    report(`${name}.time`, (seconds / repeats) * 1e6, 'µs/solve');
    report(`${name}.iterations`, last.iterations, 'iterations');
    report(`${name}.evaluations`, last.evaluations, 'residual evaluations');
  };

  const osborneStart = Float64Array.from(osborne1.start);
  time('optimize.lm_osborne1', () => levenbergMarquardt(osborne1, osborneStart));

  const svi = sviProblem();
  const sviStart = Float64Array.of(0.1, 0.1, 0, 0, 0.1);
  const bounds = { lower: Float64Array.of(-1, 0, -0.999, -1, 1e-4), upper: Float64Array.of(1, 5, 0.999, 1, 2) };
  time('optimize.lm_svi60_analytic', () => levenbergMarquardt(svi, sviStart, { bounds }));
  const sviDifferenced = withoutJacobian(svi);
  time('optimize.lm_svi60_differenced', () => levenbergMarquardt(sviDifferenced, sviStart, { bounds }));

  const rosenbrock = (x: Float64Array): number => 100 * (x[1]! - x[0]! ** 2) ** 2 + (1 - x[0]!) ** 2;
  const nmStart = Float64Array.of(-1.2, 1);
  const nm = nelderMead(rosenbrock, nmStart);
  const nmSeconds = bestOfSeconds(() => {
    for (let r = 0; r < repeats; r++) sink += nelderMead(rosenbrock, nmStart).value;
  }, 7);
  report('optimize.nm_rosenbrock_2d.time', (nmSeconds / repeats) * 1e6, 'µs/solve');
  report('optimize.nm_rosenbrock_2d.evaluations', nm.evaluations, 'evaluations');
  if (Number.isNaN(sink)) report('optimize.nan_sink', sink, 'NaN');
  return Promise.resolve();
}
