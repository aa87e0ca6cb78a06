/**
 * Negative-density detection for Hagan's SABR smile: where the risk-neutral density implied by the Black-76
 * prices of the SABR vols turns negative (a butterfly arbitrage).
 *
 * Breeden & Litzenberger (1978): q(K) = ∂²C/∂K² for undiscounted Black-76 calls C(K) = B(F, K, σ(k)).
 * Carried out analytically through the vol's k-derivatives (./sabr-vol.ts) rather than by differencing
 * prices, which loses every digit in the wings: with w = σ²T, w′, w″ in k = ln(K/F) and
 * d₋ = −k/√w − √w/2,
 *   q(K) = φ(d₋)·g(k) / (K·√w),
 *   g(k) = (1 − k·w′/(2w))² − (w′²/4)·(1/w + 1/4) + w″/2
 * (Gatheral & Jacquier, "Arbitrage-free SVI volatility surfaces", Quantitative Finance 14 (2014), §2.2:
 * the density is non-negative iff g ≥ 0). The sign is read from g, so it is kept even where φ(d₋) underflows
 * and q rounds to ±0. Checked against second differences of black76Price in sabr-density.test.ts.
 *
 * Why it matters: Hagan's expansion is asymptotic in ν²T; for long expiries, large ν or strong correlation
 * the low-strike wing (and for ρ > 0 the high-strike wing) gives negative densities (the motivation of
 * Hagan, Kumar, Lesniewski & Woodward, "Arbitrage-free SABR", Wilmott 2014; see also Obłój, "Fine-tune your
 * smile: correction to Hagan et al.", arXiv:0708.0998).
 * Where σ itself is ≤ 0 (the T-correction failed) the density is undefined and reported as −Infinity.
 *
 * Units: forward and strikes in the quote currency; q per unit of strike; k ranges in log-moneyness.
 */

import { normPdf } from '../numerics/normal.ts';
import type { SabrParams } from './sabr.ts';
import { sabrVolKDerivatives } from './sabr-vol.ts';

export interface SabrDensityCheck {
  /** Smallest density q(K) = ∂²C/∂K² on the grid (per unit strike); −Infinity where σ ≤ 0. */
  readonly minimumDensity: number;
  /** Log-moneyness of that smallest density. */
  readonly minimumAtLogMoneyness: number;
  /**
   * The hull of the negative region in log-moneyness: from the first to the last sign change of g,
   * located by linear interpolation between grid points (null when the density is ≥ 0 everywhere).
   */
  readonly negativeFrom: number | null;
  readonly negativeTo: number | null;
}

const scratch = new Float64Array(3);

/**
 * The density's butterfly function g(k) (≥ 0 iff the density is), its density q, for one k; writes
 * [g, q] into `out`. q = −Infinity and g = −Infinity where σ ≤ 0.
 */
export function sabrDensityAt(params: SabrParams, beta: number, forward: number, timeYears: number, k: number, out: Float64Array): void {
  const sigma = sabrVolKDerivatives(params.alpha, params.rho, params.nu, beta, k, timeYears, scratch);
  if (!(sigma > 0)) {
    out[0] = Number.NEGATIVE_INFINITY;
    out[1] = Number.NEGATIVE_INFINITY;
    return;
  }
  const s1 = scratch[1]!;
  const s2 = scratch[2]!;
  const T = timeYears;
  const w = sigma * sigma * T;
  const w1 = 2 * sigma * s1 * T;
  const w2 = 2 * (s1 * s1 + sigma * s2) * T;
  const a = 1 - (k * w1) / (2 * w);
  const g = a * a - 0.25 * w1 * w1 * (1 / w + 0.25) + 0.5 * w2;
  const sqrtW = Math.sqrt(w);
  const dMinus = -k / sqrtW - 0.5 * sqrtW;
  out[0] = g;
  out[1] = (normPdf(dMinus) * g) / (forward * Math.exp(k) * sqrtW);
}

/**
 * Scans `steps` + 1 equally spaced k in [kFrom, kTo] for negative density of Hagan's SABR smile
 * (forward-normalised α, fixed β) at expiry T years, forward F. RangeError on invalid arguments.
 */
export function sabrDensityCheck(
  params: SabrParams,
  beta: number,
  forward: number,
  timeYears: number,
  kFrom: number,
  kTo: number,
  steps: number,
): SabrDensityCheck {
  if (!(forward > 0 && forward < Infinity)) throw new RangeError(`forward must be finite and > 0, got ${forward}`);
  if (!(timeYears > 0 && timeYears < Infinity)) throw new RangeError(`timeYears must be finite and > 0, got ${timeYears}`);
  if (!(Number.isFinite(kFrom) && Number.isFinite(kTo) && kFrom < kTo)) {
    throw new RangeError(`need finite kFrom < kTo, got ${kFrom}, ${kTo}`);
  }
  if (!(Number.isInteger(steps) && steps >= 1)) throw new RangeError(`steps must be an integer ≥ 1, got ${steps}`);
  if (!(beta >= 0 && beta <= 1)) throw new RangeError(`beta must be in [0, 1], got ${beta}`);
  const { alpha, rho, nu } = params;
  if (!(alpha > 0 && rho > -1 && rho < 1 && nu >= 0)) {
    throw new RangeError(`SABR parameters outside the domain: alpha ${alpha}, rho ${rho}, nu ${nu}`);
  }
  const point = new Float64Array(2);
  let minimumDensity = Number.POSITIVE_INFINITY;
  let minimumAt = kFrom;
  let negativeFrom: number | null = null;
  let negativeTo: number | null = null;
  let prevK = kFrom;
  let prevG = 0;
  for (let i = 0; i <= steps; i++) {
    const k = i === steps ? kTo : kFrom + ((kTo - kFrom) * i) / steps;
    sabrDensityAt(params, beta, forward, timeYears, k, point);
    const g = point[0]!;
    const q = point[1]!;
    if (q < minimumDensity) {
      minimumDensity = q;
      minimumAt = k;
    }
    if (g < 0) {
      // Entering the negative region: interpolate the sign change from the previous grid point.
      negativeFrom ??= i > 0 && prevG >= 0 && Number.isFinite(g) ? prevK + ((k - prevK) * prevG) / (prevG - g) : k;
      negativeTo = k;
    } else if (i > 0 && prevG < 0 && negativeTo !== null) {
      negativeTo = Number.isFinite(prevG) ? prevK + ((k - prevK) * prevG) / (prevG - g) : prevK;
    }
    prevK = k;
    prevG = g;
  }
  return { minimumDensity, minimumAtLogMoneyness: minimumAt, negativeFrom, negativeTo };
}
