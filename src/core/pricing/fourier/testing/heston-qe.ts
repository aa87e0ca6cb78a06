/**
 * Heston Monte Carlo by Andersen's quadratic–exponential (QE) scheme, an independent check of the Fourier
 * pricer (test-only). L. Andersen, "Simple and efficient simulation of the Heston stochastic volatility
 * model", J. Computational Finance 11(3) (2008): variance step §3.2.3 (ψ_c = 1.5), log-forward step
 * eq. 33 with γ₁ = γ₂ = ½, and the martingale correction of §4.2 (K₀* from eq. 39/40), so that
 * E[F_T] = F holds exactly, path by path in conditional expectation. Zero rates: the forward itself is
 * simulated. Seeded (createRng), so a run is reproducible bit for bit.
 */

import { normInv } from '../../../numerics/normal.ts';
import { createRng } from '../../../numerics/random.ts';
import type { HestonParams } from '../heston.ts';

export interface QeResult {
  /** Monte Carlo estimate of the undiscounted call price for each strike. */
  readonly calls: Float64Array;
  /** Standard error of each estimate. */
  readonly standardErrors: Float64Array;
  /** Mean of F_T (should be F within a few of its standard errors). */
  readonly meanForward: number;
  /** Standard error of meanForward. */
  readonly forwardStandardError: number;
}

const PSI_CRIT = 1.5;

export function hestonQeCalls(
  p: HestonParams, forward: number, strikes: readonly number[], timeToExpiryYears: number,
  paths: number, steps: number, seed: number,
): QeResult {
  const { v0, kappa, theta, sigma, rho } = p;
  const rng = createRng(seed);
  const dt = timeToExpiryYears / steps;
  const ekd = Math.exp(-kappa * dt);
  const c1 = (sigma * sigma * ekd * (1 - ekd)) / kappa;
  const c2 = (theta * sigma * sigma * (1 - ekd) * (1 - ekd)) / (2 * kappa);
  const k1 = 0.5 * dt * ((kappa * rho) / sigma - 0.5) - rho / sigma;
  const k2 = 0.5 * dt * ((kappa * rho) / sigma - 0.5) + rho / sigma;
  const k3 = 0.5 * dt * (1 - rho * rho);
  const k4 = k3;
  const A = k2 + 0.5 * k4;
  const n = strikes.length;
  const sum = new Float64Array(n);
  const sum2 = new Float64Array(n);
  let sumF = 0;
  let sumF2 = 0;
  const uniform = (): number => {
    const u = rng.next();
    return u > 0 ? u : Number.MIN_VALUE;
  };
  for (let path = 0; path < paths; path++) {
    let v = v0;
    let x = 0; // ln(F_t/F)
    for (let s = 0; s < steps; s++) {
      const m = theta + (v - theta) * ekd;
      const s2 = v * c1 + c2;
      const psi = s2 / (m * m);
      let vNext: number;
      let k0: number;
      if (psi <= PSI_CRIT) {
        const twoOverPsi = 2 / psi;
        const b2 = twoOverPsi - 1 + Math.sqrt(twoOverPsi) * Math.sqrt(twoOverPsi - 1);
        const a = m / (1 + b2);
        const zv = normInv(uniform());
        const b = Math.sqrt(b2);
        vNext = a * (b + zv) * (b + zv);
        // E[e^{A v'}] for v' = a(b + Z)², needs A < 1/(2a)
        const den = 1 - 2 * A * a;
        k0 = -((A * b2 * a) / den - 0.5 * Math.log(den)) - (k1 + 0.5 * k3) * v;
      } else {
        const pz = (psi - 1) / (psi + 1);
        const beta = (1 - pz) / m;
        const u = uniform();
        vNext = u <= pz ? 0 : Math.log((1 - pz) / (1 - u)) / beta;
        // E[e^{A v'}] = p + β(1 − p)/(β − A), needs A < β
        k0 = -Math.log(pz + (beta * (1 - pz)) / (beta - A)) - (k1 + 0.5 * k3) * v;
      }
      const z = normInv(uniform());
      x += k0 + k1 * v + k2 * vNext + Math.sqrt(k3 * v + k4 * vNext) * z;
      v = vNext;
    }
    const fT = forward * Math.exp(x);
    sumF += fT;
    sumF2 += fT * fT;
    for (let i = 0; i < n; i++) {
      const payoff = Math.max(fT - strikes[i]!, 0);
      sum[i] = sum[i]! + payoff;
      sum2[i] = sum2[i]! + payoff * payoff;
    }
  }
  const calls = new Float64Array(n);
  const standardErrors = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const mean = sum[i]! / paths;
    calls[i] = mean;
    standardErrors[i] = Math.sqrt(Math.max(sum2[i]! / paths - mean * mean, 0) / (paths - 1));
  }
  const meanForward = sumF / paths;
  const forwardStandardError = Math.sqrt(Math.max(sumF2 / paths - meanForward * meanForward, 0) / (paths - 1));
  return { calls, standardErrors, meanForward, forwardStandardError };
}
