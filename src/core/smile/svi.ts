/**
 * Raw SVI (Gatheral 2004, "A parsimonious arbitrage-free implied volatility parameterization"; notation of
 * Gatheral & Jacquier 2014, "Arbitrage-free SVI volatility surfaces", eq. 3.1): one expiry's total implied
 * variance at log-moneyness k = ln(K/F)
 *
 *   w(k) = a + b·(ρ·(k − m) + √((k − m)² + σ²)),
 *
 * its analytic gradient in (a, b, ρ, m, σ) and first two k-derivatives (closed forms, exact to rounding),
 * and the `sviModel` spec the generic smile calibrator drives. The domain it enforces (min w ≥ 0, Lee's
 * wing bound b(1 + |ρ|) ≤ 2) is stated in svi-domain.ts.
 *
 * Units: a and w in total variance (vol²·years); b, ρ dimensionless; m, σ in log-moneyness.
 */
import type { SmileSlice } from '../calibration/smile-slice.ts';
import type { Bounds } from '../optimize/least-squares.ts';
import type { SmileModel } from './smile-model.ts';
import { LEE_MAX_WING_SLOPE, SVI_MAX_ABS_RHO, sviMBounds, sviSigmaBounds, sviSliceScales } from './svi-domain.ts';
import { sviQuasiExplicit } from './svi-quasi-explicit.ts';
import { minimumG, sviDensityFactor, sviDensityFactorWithGradientOf } from './svi-arbitrage.ts';

export interface SviParams {
  /** Vertical level (total variance). */
  readonly a: number;
  /** Wing steepness, ≥ 0. */
  readonly b: number;
  /** Skew (rotation), |ρ| < 1. */
  readonly rho: number;
  /** Horizontal shift (log-moneyness). */
  readonly m: number;
  /** ATM curvature scale (log-moneyness), > 0. */
  readonly sigma: number;
}

/** Total variance w(k) of raw SVI. */
export function sviTotalVariance(p: SviParams, logMoneyness: number): number {
  const x = logMoneyness - p.m;
  return p.a + p.b * (p.rho * x + Math.sqrt(x * x + p.sigma * p.sigma));
}

/** ∂w/∂k = b(ρ + (k − m)/√((k − m)² + σ²)). */
export function sviSlope(p: SviParams, logMoneyness: number): number {
  const x = logMoneyness - p.m;
  return p.b * (p.rho + x / Math.sqrt(x * x + p.sigma * p.sigma));
}

/** ∂²w/∂k² = b σ² / ((k − m)² + σ²)^{3/2}. */
export function sviCurvature(p: SviParams, logMoneyness: number): number {
  const x = logMoneyness - p.m;
  const r2 = x * x + p.sigma * p.sigma;
  return (p.b * p.sigma * p.sigma) / (r2 * Math.sqrt(r2));
}

/**
 * w(k), writing ∂w/∂(a, b, ρ, m, σ) into `gradient[0..4]`:
 *   ∂w/∂a = 1, ∂w/∂b = ρx + R, ∂w/∂ρ = b·x, ∂w/∂m = −b(ρ + x/R), ∂w/∂σ = bσ/R,  x = k − m, R = √(x² + σ²).
 * Unchecked: no domain test (sviModel's entry points do it).
 */
export function sviTotalVarianceWithGradientUnchecked(p: SviParams, logMoneyness: number, gradient: Float64Array): number {
  return sviTotalVarianceGradientKernel(p.a, p.b, p.rho, p.m, p.sigma, logMoneyness, gradient);
}

/** w(k) of raw SVI from its five numbers, and ∂w/∂(a, b, ρ, m, σ) into gradient[0 … 4]. Unchecked (no domain test). */
export function sviTotalVarianceGradientKernel(a: number, b: number, rho: number, m: number, sigma: number, k: number, gradient: Float64Array): number {
  const x = k - m;
  const root = Math.sqrt(x * x + sigma * sigma);
  gradient[0] = 1;
  gradient[1] = rho * x + root;
  gradient[2] = b * x;
  gradient[3] = -b * (rho + x / root);
  gradient[4] = (b * sigma) / root;
  return a + b * (rho * x + root);
}

/** The non-box parts of the domain (svi-domain.ts) on packed values, without allocating. */
function packedInDomain(a: number, b: number, rho: number, sigma: number): boolean {
  if (!(b >= 0 && sigma > 0 && Math.abs(rho) <= 1)) return false;
  if (b * (1 + Math.abs(rho)) > LEE_MAX_WING_SLOPE) return false;
  return a + b * sigma * Math.sqrt(1 - rho * rho) >= 0;
}

function maxMidTotalVariance(slice: SmileSlice): number {
  let maxW = 0;
  for (const vol of slice.midVol) {
    const w = vol * vol * slice.timeToExpiryYears;
    if (Number.isFinite(w) && w > maxW) maxW = w;
  }
  return maxW;
}

/**
 * Box bounds, packed order (a, b, ρ, m, σ): a ∈ [−2σ_max, 2·max w_mid] (min w ≥ 0 with b ≤ 2 gives a ≥ −2σ;
 * an a above every observed variance only lifts every quote), b ∈ [0, 2] (Lee), |ρ| ≤ 0.999, m and σ per
 * svi-domain.ts. The non-box parts of the domain are enforced by totalVariance returning −Infinity.
 */
function sviBounds(slice: SmileSlice): Bounds {
  const { kMin, kMax, span } = sviSliceScales(slice.logMoneyness);
  const sigma = sviSigmaBounds(span);
  const m = sviMBounds(span, kMin, kMax);
  const maxW = maxMidTotalVariance(slice);
  return {
    lower: Float64Array.of(-LEE_MAX_WING_SLOPE * sigma.upper, 0, -SVI_MAX_ABS_RHO, m.lower, sigma.lower),
    upper: Float64Array.of(Math.max(2 * maxW, 1e-12), LEE_MAX_WING_SLOPE, SVI_MAX_ABS_RHO, m.upper, sigma.upper),
  };
}

function pack(p: SviParams): Float64Array {
  return Float64Array.of(p.a, p.b, p.rho, p.m, p.sigma);
}

function unpack(x: Float64Array): SviParams {
  return { a: x[0]!, b: x[1]!, rho: x[2]!, m: x[3]!, sigma: x[4]! };
}

/**
 * The start's search tolerance in (m, ln σ) and in its cost: loose, since Levenberg–Marquardt refines the
 * start on the real objective anyway (1e-6 against the quasi-explicit default 1e-10 halves the start's
 * inner solves and left every fitted share inside the spread unchanged on every 5th Deribit snapshot).
 */
const START_TOLERANCE = 1e-6;

/**
 * Weights of the start's total-variance fit that mimic the calibrator's default objective (vol residuals
 * over the bid–ask spread): a vol error δσ is a total-variance error 2σT·δσ, so ω = 1/(2σT·spread)², with
 * the objective's quarter-vol-point spread floor and 5 vol points for a one-sided quote. Against uniform
 * weights this cut Levenberg–Marquardt's iterations by a fifth (BTC 51 → 43, ETH 41 → 32 per slice on
 * every 5th Deribit snapshot) for the same fits.
 */
function startWeights(slice: SmileSlice): Float64Array {
  const T = slice.timeToExpiryYears;
  const out = new Float64Array(slice.count);
  for (let i = 0; i < slice.count; i++) {
    const bid = slice.bidVol[i]!;
    const ask = slice.askVol[i]!;
    const spread = bid > 0 && Number.isFinite(ask) ? Math.max(ask - bid, 0.0025) : 0.05;
    const dw = 2 * slice.midVol[i]! * T * spread;
    out[i] = 1 / (dw * dw);
  }
  return out;
}

/**
 * The optimiser's start: the quasi-explicit fit with spread weights (svi-quasi-explicit.ts), clamped into
 * the box. A slice too small for it (fewer than 5 usable quotes) gets a flat smile at its mean variance with
 * the vertex at the lowest quote — only a start; the calibrator reports the fit it reaches from there.
 */
function initialGuess(slice: SmileSlice): Float64Array {
  const fit = sviQuasiExplicit(slice, startWeights(slice), { tolerance: START_TOLERANCE });
  const box = sviBounds(slice);
  let x: Float64Array;
  if (fit.ok) {
    x = pack(fit.params);
  } else {
    const { kMin, kMax, span } = sviSliceScales(slice.logMoneyness);
    let sum = 0;
    let count = 0;
    let lowest = Infinity;
    let kLowest = (kMin + kMax) / 2;
    for (let i = 0; i < slice.count; i++) {
      const w = slice.midVol[i]! * slice.midVol[i]! * slice.timeToExpiryYears;
      if (!(w > 0) || !Number.isFinite(w)) continue;
      sum += w;
      count++;
      if (w < lowest) {
        lowest = w;
        kLowest = slice.logMoneyness[i]!;
      }
    }
    const level = count > 0 ? sum / count : 1e-4;
    x = Float64Array.of(level, 0, 0, kLowest, 0.1 * span);
  }
  for (let j = 0; j < 5; j++) x[j] = Math.min(box.upper[j]!, Math.max(box.lower[j]!, x[j]!));
  // Strictly inside Lee's wing bound b(1 + |ρ|) ≤ 2, which is a domain check (packedInDomain), not one of
  // the optimiser's box bounds: from a start on it, every step that steepens a wing is rejected and
  // Levenberg–Marquardt stops after an iteration or two (28 of 590 ETH slices on every 5th snapshot did).
  const slope = x[1]! * (1 + Math.abs(x[2]!));
  if (slope > LEE_START_SLOPE) x[1] = (x[1]! * LEE_START_SLOPE) / slope;
  return x;
}

/** Largest wing slope of a start: 0.1% inside Lee's bound. */
const LEE_START_SLOPE = LEE_MAX_WING_SLOPE * (1 - 1e-3);

export const sviModel: SmileModel<SviParams> = {
  name: 'svi',
  parameterNames: ['a', 'b', 'rho', 'm', 'sigma'],
  bounds: sviBounds,
  pack,
  unpack,
  totalVariance(x: Float64Array, k: number): number {
    const a = x[0]!;
    const b = x[1]!;
    const rho = x[2]!;
    const sigma = x[4]!;
    if (!packedInDomain(a, b, rho, sigma)) return Number.NEGATIVE_INFINITY;
    const d = k - x[3]!;
    return a + b * (rho * d + Math.sqrt(d * d + sigma * sigma));
  },
  totalVarianceWithGradient(x: Float64Array, k: number, _timeYears: number, gradient: Float64Array): number {
    const a = x[0]!;
    const b = x[1]!;
    const rho = x[2]!;
    const sigma = x[4]!;
    if (!packedInDomain(a, b, rho, sigma)) {
      gradient.fill(0, 0, 5);
      return Number.NEGATIVE_INFINITY;
    }
    return sviTotalVarianceGradientKernel(a, b, rho, x[3]!, sigma, k, gradient);
  },
  initialGuess,
  minimumDensityFactor(x: Float64Array, _timeYears: number, kFrom: number, kTo: number, steps: number): number {
    // SVI's curvature lives within a few σ of m, which can be far narrower than the grid step for short
    // expiries (σ ≈ 0.005 for a daily): the grid with every low local minimum refined, and m ± 8σ densely.
    const p = unpack(x);
    let minimum = minimumG(p, kFrom, kTo, steps).minimum;
    for (let i = -40; i <= 40; i++) {
      const k = p.m + (i / 5) * p.sigma;
      if (k >= kFrom && k <= kTo) minimum = Math.min(minimum, sviDensityFactor(p, k));
    }
    return minimum;
  },
  // The fit document's independent check covers [−1.5, 1.5]; the penalty path (calibrate-smile.ts) keeps the
  // fit there arbitrage-free for 0.1–0.5 points of the quotes inside the spread.
  defaultNoArbitrageRange: 1.5,
  densityFactorWithGradient(x: Float64Array, k: number, _timeYears: number, gradient: Float64Array): number {
    return sviDensityFactorWithGradientOf(x[0]!, x[1]!, x[2]!, x[3]!, x[4]!, k, gradient);
  },
  towardFlat(x: Float64Array, fraction: number): Float64Array {
    // Scale b (all of the smile's shape) and move a so that w(0) = a + b·(−ρm + √(m² + σ²)) is unchanged;
    // b = 0 is a flat smile.
    const out = Float64Array.from(x);
    const atmShape = -x[2]! * x[3]! + Math.hypot(x[3]!, x[4]!);
    out[1] = fraction * x[1]!;
    out[0] = x[0]! + (x[1]! - out[1]) * atmShape;
    return out;
  },
};
