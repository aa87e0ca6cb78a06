/**
 * Static-arbitrage checks of one raw-SVI slice.
 *
 * Butterfly: Gatheral & Jacquier 2014 ("Arbitrage-free SVI volatility surfaces", Quantitative Finance 14(1),
 * Lemma 2.2 / eq. 2.1): a smile is free of butterfly arbitrage iff the density it implies is non-negative,
 *
 *   g(k) = (1 − k·w'/(2w))² − (w'²/4)·(1/w + 1/4) + w''/2 ≥ 0,
 *
 * with w, w', w'' in closed form (svi.ts; exact to rounding). The minimum of g is searched on a dense grid and
 * refined by golden-section search between the grid neighbours of the lowest node (to ~1e-10 in k); a dip
 * narrower than the grid spacing can be missed, so `hasButterflyArbitrage` scans twice: a wide window and a
 * fine one around the vertex m, in units of σ.
 *
 * Wings: Lee's moment formula (Lee 2004) needs the wing slopes b(1 ± ρ) ≤ 2. Beyond any finite window
 * g(k) → 1/4 − slope²/16 as |k| → ∞, positive exactly when Lee's bound holds strictly, which is why the
 * finite scan plus the Lee check is the test used here.
 */
import type { SviParams } from './svi.ts';
import { LEE_MAX_WING_SLOPE, sviMinimumTotalVariance, sviWingSlopes } from './svi-domain.ts';

/** Gatheral–Jacquier's g(k); −Infinity where w(k) ≤ 0 (a negative variance is itself an arbitrage). */
export function sviDensityFactor(p: SviParams, logMoneyness: number): number {
  // w, w′, w″ as sviTotalVariance, sviSlope and sviCurvature compute them (bit for bit), with one square root.
  const x = logMoneyness - p.m;
  const r2 = x * x + p.sigma * p.sigma;
  const root = Math.sqrt(r2);
  const w = p.a + p.b * (p.rho * x + root);
  if (!(w > 0)) return Number.NEGATIVE_INFINITY;
  const w1 = p.b * (p.rho + x / root);
  const w2 = (p.b * p.sigma * p.sigma) / (r2 * root);
  const first = 1 - (logMoneyness * w1) / (2 * w);
  return first * first - ((w1 * w1) / 4) * (1 / w + 0.25) + w2 / 2;
}

/**
 * g(k) as sviDensityFactor, and its gradient with respect to (a, b, ρ, m, σ) into `gradient` (length 5),
 * in closed form (differentiating w, w′ and w″ above). −Infinity (gradient zeroed) where w(k) ≤ 0.
 */
export function sviDensityFactorWithGradient(p: SviParams, logMoneyness: number, gradient: Float64Array): number {
  return sviDensityFactorWithGradientOf(p.a, p.b, p.rho, p.m, p.sigma, logMoneyness, gradient);
}

/** sviDensityFactorWithGradient on the five numbers themselves (no object: the calibrator's penalty rows call it per grid point). */
export function sviDensityFactorWithGradientOf(a: number, b: number, rho: number, m: number, sigma: number, logMoneyness: number, gradient: Float64Array): number {
  const k = logMoneyness;
  const x = k - m;
  const r2 = x * x + sigma * sigma;
  const R = Math.sqrt(r2);
  const w = a + b * (rho * x + R);
  if (!(w > 0)) {
    gradient.fill(0, 0, 5);
    return Number.NEGATIVE_INFINITY;
  }
  const R3 = r2 * R;
  const R5 = R3 * r2;
  const w1 = b * (rho + x / R);
  const w2 = (b * sigma * sigma) / R3;
  const A = 1 - (k * w1) / (2 * w);
  const g = A * A - ((w1 * w1) / 4) * (1 / w + 0.25) + w2 / 2;
  // ∂g = 2A·∂A − (w′/2)(1/w + 1/4)·∂w′ + (w′²/(4w²))·∂w + ∂w″/2, with ∂A = −k/(2w)·∂w′ + k·w′/(2w²)·∂w.
  const cW = 2 * A * ((k * w1) / (2 * w * w)) + (w1 * w1) / (4 * w * w);
  const cW1 = 2 * A * (-k / (2 * w)) - (w1 / 2) * (1 / w + 0.25);
  // (∂w, ∂w′, ∂w″) for a, b, ρ, m, σ in turn.
  gradient[0] = cW;
  gradient[1] = cW * (rho * x + R) + cW1 * (rho + x / R) + (sigma * sigma) / (2 * R3);
  gradient[2] = cW * b * x + cW1 * b;
  gradient[3] = -cW * w1 - cW1 * w2 + (3 * b * sigma * sigma * x) / (2 * R5);
  gradient[4] = (cW * b * sigma) / R - (cW1 * b * x * sigma) / R3 + (b * sigma * (2 * r2 - 3 * sigma * sigma)) / (2 * R5);
  return g;
}

export interface MinimumG {
  readonly minimum: number;
  readonly atLogMoneyness: number;
}

const GOLDEN = (Math.sqrt(5) - 1) / 2;
/** Bracket width, relative to the initial one, at which the golden-section refinement stops. */
const GOLDEN_BRACKET = 1e-9;

/**
 * The minimum of g over [kFrom, kTo]: `steps` + 1 equally spaced nodes, then golden-section search on the
 * bracket around every local minimum of the nodes that is the lowest node or below 0.05 (a dip of g between
 * two nodes can be far deeper than either node when the smile's curvature is narrow; 0.05 is well above any
 * such dip's node values on a grid of ≥ 100 steps). The search stops when the bracket is 1e-9 of the spacing
 * (≈ 43 iterations): the location of a smooth minimum is limited by rounding at ~1e-8 relative anyway (g is
 * flat there, so comparing g at points closer than that is noise), and the minimum's value is then exact to
 * rounding.
 */
export function minimumG(p: SviParams, kFrom: number, kTo: number, steps: number): MinimumG {
  const n = Math.max(1, Math.floor(steps));
  const h = (kTo - kFrom) / n;
  let bestK = kFrom;
  let best = sviDensityFactor(p, kFrom);
  let bestIndex = 0;
  let previous = best;
  let current = best;
  const candidates: number[] = [];
  for (let i = 1; i <= n + 1; i++) {
    const next = i <= n ? sviDensityFactor(p, kFrom + i * h) : Number.POSITIVE_INFINITY;
    if (i <= n && next < best) {
      best = next;
      bestK = kFrom + i * h;
      bestIndex = i;
    }
    if (current <= previous && current <= next && current < 0.05) candidates.push(i - 1);
    previous = current;
    current = next;
  }
  if (best === Number.NEGATIVE_INFINITY || h === 0) return { minimum: best, atLogMoneyness: bestK };
  if (!candidates.includes(bestIndex)) candidates.push(bestIndex);
  for (const index of candidates) {
    const refined = goldenMinimum(p, kFrom + Math.max(0, index - 1) * h, kFrom + Math.min(n, index + 1) * h);
    if (refined.minimum < best) {
      best = refined.minimum;
      bestK = refined.atLogMoneyness;
    }
  }
  return { minimum: best, atLogMoneyness: bestK };
}

function goldenMinimum(p: SviParams, from: number, to: number): MinimumG {
  let lo = from;
  let hi = to;
  let x1 = hi - GOLDEN * (hi - lo);
  let x2 = lo + GOLDEN * (hi - lo);
  let g1 = sviDensityFactor(p, x1);
  let g2 = sviDensityFactor(p, x2);
  const stop = GOLDEN_BRACKET * (to - from);
  for (let iter = 0; iter < 80 && hi - lo > stop; iter++) {
    if (g1 <= g2) {
      hi = x2;
      x2 = x1;
      g2 = g1;
      x1 = hi - GOLDEN * (hi - lo);
      g1 = sviDensityFactor(p, x1);
    } else {
      lo = x1;
      x1 = x2;
      g1 = g2;
      x2 = lo + GOLDEN * (hi - lo);
      g2 = sviDensityFactor(p, x2);
    }
  }
  return g1 <= g2 ? { minimum: g1, atLogMoneyness: x1 } : { minimum: g2, atLogMoneyness: x2 };
}

export interface ButterflyCheckOptions {
  /** Half-width of the wide window [−L, L] of log-moneyness (default 6: strikes F/400 to 400F). */
  readonly halfWidth?: number;
  /** Grid steps of each scan (default 4000). */
  readonly steps?: number;
}

export interface ButterflyReport {
  /** min g over the scanned windows (−Infinity when w ≤ 0 somewhere there). */
  readonly minimumG: number;
  readonly atLogMoneyness: number;
  /** a + bσ√(1 − ρ²). */
  readonly minimumTotalVariance: number;
  /** Asymptotic slopes of w, b(1 − ρ) and b(1 + ρ). */
  readonly wingSlopeLeft: number;
  readonly wingSlopeRight: number;
  /** Both wing slopes ≤ 2 (Lee 2004). */
  readonly leeBoundHolds: boolean;
}

/** g's minimum over a wide window and around the vertex (m ± 40σ), w's minimum, and Lee's wing check. */
export function butterflyReport(p: SviParams, options: ButterflyCheckOptions = {}): ButterflyReport {
  const halfWidth = options.halfWidth ?? 6;
  const steps = options.steps ?? 4000;
  const wide = minimumG(p, -halfWidth, halfWidth, steps);
  const near = minimumG(p, p.m - 40 * p.sigma, p.m + 40 * p.sigma, steps);
  const lowest = near.minimum < wide.minimum ? near : wide;
  const slopes = sviWingSlopes(p);
  return {
    minimumG: lowest.minimum,
    atLogMoneyness: lowest.atLogMoneyness,
    minimumTotalVariance: sviMinimumTotalVariance(p),
    wingSlopeLeft: slopes.left,
    wingSlopeRight: slopes.right,
    leeBoundHolds: slopes.left <= LEE_MAX_WING_SLOPE && slopes.right <= LEE_MAX_WING_SLOPE,
  };
}

/** True when g < 0 somewhere on the scanned windows, w < 0 somewhere, or a wing breaks Lee's bound. */
export function hasButterflyArbitrage(p: SviParams, options: ButterflyCheckOptions = {}): boolean {
  const report = butterflyReport(p, options);
  return report.minimumG < 0 || report.minimumTotalVariance < 0 || !report.leeBoundHolds;
}
