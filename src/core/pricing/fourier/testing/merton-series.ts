/**
 * An oracle for tests and the fuzz (scripts/fuzz-fourier.ts), independent of any characteristic function.
 */
import { black76Price } from '../../black76.ts';
import type { MertonParams } from '../merton.ts';

/**
 * Merton's series (Merton 1976, eq. 16, on the forward): given n jumps, X is normal, so the price is the
 * Poisson(λT)-weighted sum of Black-76 prices with forward F·e^{−λmT + n(ν + δ²/2)} and total variance
 * σ²T + nδ², m = e^{ν+δ²/2} − 1. Independent of any characteristic function.
 */
export function mertonSeries(p: MertonParams, F: number, K: number, T: number, type: 'call' | 'put'): number {
  const m = Math.expm1(p.nu + 0.5 * p.delta * p.delta);
  // Poisson weights in log space: e^{−λT} underflows for λT in the hundreds. The terms that matter sit
  // around the Poisson mean tilted by the payoff, up to λT·e^{ν+δ²/2} jumps: sum at least past that.
  let logWeight = -p.lambda * T;
  let total = 0;
  const tilted = p.lambda * T * Math.exp(Math.max(p.nu + 0.5 * p.delta * p.delta, 0));
  const atLeast = tilted + 12 * Math.sqrt(tilted) + 10;
  for (let n = 0; n < 10000; n++) {
    const Fn = F * Math.exp(-p.lambda * m * T + n * (p.nu + 0.5 * p.delta * p.delta));
    const vol = Math.sqrt((p.sigma * p.sigma * T + n * p.delta * p.delta) / T);
    const term = Math.exp(logWeight) * black76Price(Fn, K, T, vol, type);
    total += term;
    if (n > atLeast && term <= 1e-18 * total) break;
    logWeight += Math.log(p.lambda * T) - Math.log(n + 1);
  }
  return total;
}
