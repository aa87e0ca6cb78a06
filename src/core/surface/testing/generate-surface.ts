/**
 * Generated crypto-like surfaces for tests and benchmarks: expiries from one day to one year, ATM vols
 * rising from 45% to 63% (θ from ≈ 5.5e-4 to 0.40), ρ from −0.4 to +0.1, power-law-shaped ψ (η = 1,
 * γ = 0.4). The eSSVI nodes satisfy every condition of essvi.ts (checked in the tests).
 */
import { smileSliceFromArrays, type SmileSlice } from '../../calibration/smile-slice.ts';
import { createRng } from '../../numerics/random.ts';
import { powerLawPsi, sliceTotalVarianceUnchecked } from '../ssvi.ts';
import type { SurfaceNode } from '../surface-nodes.ts';

const DAY = 1 / 365;

/** Expiry times log-spaced from one day to one year. */
export function expiryTimes(count: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.exp(Math.log(DAY) + (i * Math.log(1 / DAY)) / (count - 1)));
}

/** ATM total variance at T: vol rising linearly in log T from 45% (1 day) to 63% (1 year). */
export function cryptoTheta(T: number): number {
  const u = (Math.log(T) - Math.log(DAY)) / -Math.log(DAY);
  const vol = 0.45 + 0.18 * u;
  return vol * vol * T;
}

/** eSSVI nodes with ρ moving linearly (in expiry index) from `rhoFirst` to `rhoLast`. */
export function cryptoEssviNodes(count: number, rhoFirst = -0.4, rhoLast = 0.1): SurfaceNode[] {
  return expiryTimes(count).map((T, i) => {
    const theta = cryptoTheta(T);
    return { timeToExpiryYears: T, theta, rho: rhoFirst + ((rhoLast - rhoFirst) * i) / (count - 1), psi: powerLawPsi(theta, 1, 0.4) };
  });
}

export interface QuoteOptions {
  readonly quotes: number;
  /** Half-width of the uniform noise added to mid vols (0 = exact). */
  readonly noiseVol: number;
  /** Full bid–ask spread in vol (0 = bid = ask = mid). */
  readonly spreadVol: number;
  readonly seed: number;
  /** Half-width of the k grid in units of √θ. */
  readonly widthInSqrtTheta: number;
}

const defaultQuoteOptions: QuoteOptions = { quotes: 30, noiseVol: 0, spreadVol: 0, seed: 1, widthInSqrtTheta: 2.5 };

/** Smile slices quoting the given nodes on evenly spaced k grids, with optional noise and spreads. */
export function slicesFromNodes(nodes: readonly SurfaceNode[], options: Partial<QuoteOptions> = {}): SmileSlice[] {
  const o = { ...defaultQuoteOptions, ...options };
  const rng = createRng(o.seed);
  return nodes.map((node) => {
    const width = o.widthInSqrtTheta * Math.sqrt(node.theta);
    const k = Array.from({ length: o.quotes }, (_, q) => -width + (2 * width * q) / (o.quotes - 1));
    const mid = k.map((x) => {
      const vol = Math.sqrt(sliceTotalVarianceUnchecked(x, node.theta, node.rho * node.psi, node.psi) / node.timeToExpiryYears);
      return o.noiseVol > 0 ? vol + rng.uniform(-o.noiseVol, o.noiseVol) : vol;
    });
    return smileSliceFromArrays({
      timeToExpiryYears: node.timeToExpiryYears,
      forward: 60000,
      logMoneyness: k,
      midVol: mid,
      bidVol: mid.map((v) => v - o.spreadVol / 2),
      askVol: mid.map((v) => v + o.spreadVol / 2),
      expiryMs: Math.round(node.timeToExpiryYears * 31_536_000_000),
      currency: 'BTC',
    });
  });
}
