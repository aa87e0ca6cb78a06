import assert from 'node:assert/strict';
import { test } from 'node:test';

import { heston } from './heston.ts';
import { priceEuropean } from './price.ts';
import { hestonQeCalls } from './testing/heston-qe.ts';

const cases = [
  { name: 'crypto quarter, vol of variance 1.2', p: { v0: 0.36, kappa: 2, theta: 0.49, sigma: 1.2, rho: -0.3 }, T: 0.25 },
  { name: 'one year, vol of variance 0.3, ρ = −0.7', p: { v0: 0.36, kappa: 2, theta: 0.49, sigma: 0.3, rho: -0.7 }, T: 1 },
  { name: 'one month, vol of variance 3, ρ = 0.2', p: { v0: 0.36, kappa: 2, theta: 0.49, sigma: 3, rho: 0.2 }, T: 30 / 365 },
];

for (const c of cases) {
  test(`priceEuropean agrees with Andersen's QE Monte Carlo (martingale-corrected) within 3.5 standard errors: ${c.name}`, () => {
    const F = 100;
    const sd = Math.sqrt(c.p.theta * c.T);
    const strikes = [F * Math.exp(-1.5 * sd), F, F * Math.exp(1.5 * sd)];
    const mc = hestonQeCalls(c.p, F, strikes, c.T, 40000, 64, 20080101);
    // The martingale correction holds E[F_T] = F: the sample mean is within 3.5 standard errors of F.
    assert.ok(Math.abs(mc.meanForward - F) <= 3.5 * mc.forwardStandardError, `mean F_T ${mc.meanForward} ± ${mc.forwardStandardError}`);
    strikes.forEach((K, i) => {
      const fourier = priceEuropean(heston, c.p, F, K, c.T, 'call');
      const se = mc.standardErrors[i]!;
      assert.ok(Math.abs(mc.calls[i]! - fourier) <= 3.5 * se, `K=${K}: MC ${mc.calls[i]} ± ${se}, Fourier ${fourier}`);
    });
  });
}
