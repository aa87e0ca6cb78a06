/**
 * Heston's parameters for calibration: order (v0, kappa, theta, sigma, rho), the box, the optional Feller
 * condition, and a deterministic start read off the market's shape.
 *
 * Start (no hand-tuned guess):
 * - v0 from the shortest expiry's ATM vol, θ and κ from the term structure of ATM variance, whose Heston
 *   value is θ + (v0 − θ)(1 − e^{−κT})/(κT) (the expected average variance): θ by least squares for each κ
 *   of a grid, the best pair kept;
 * - ρ and σ from the ATM skew s and curvature c of the first expiry of a week or more, by the small-time
 *   expansion of the Heston smile (Forde & Jacquier, "Small-time asymptotics for implied volatility under
 *   the Heston model", IJTAF 12 (2009); Gatheral, "The Volatility Surface" (2006), §3.5):
 *   σ_BS(k) ≈ σ₀ + ρσ·k/(4σ₀) + (1 − 5ρ²/2)·σ²·k²/(24σ₀³), σ₀ = √v0, so ρσ = 4σ₀s and
 *   σ² = 24σ₀³c/2 + 5(ρσ)²/2 … solved as written in `hestonStart`;
 * - candidates around that point (σ halved and doubled), so the calibrator starts Levenberg–Marquardt from
 *   the best of them.
 *
 * The Feller option packs r = σ/√(2κθ) ∈ [0, 1] in σ's place: every point of the box then satisfies
 * 2κθ ≥ σ², with no penalty and no rejected steps.
 */
import { heston, type HestonParams } from '../../pricing/fourier/heston.ts';
import { priceSliceWithGradientInto } from '../../pricing/fourier/heston-gradient.ts';
import type { MarketShape } from '../market-shape.ts';
import type { ModelSpec } from '../model-spec.ts';
import { box } from '../model-spec.ts';

export interface HestonSpecOptions {
  /** Constrain 2κθ ≥ σ² (Feller): the variance never reaches zero. Default false. */
  readonly feller?: boolean;
}

/**
 * The box in named parameters: variances up to 25 (500% vol), κ up to 200 per year, σ up to 50. Crypto fits
 * go far: in the February 2026 crash QuantLib's unconstrained Heston fits reach κ 88 and σ 28 on ETH
 * (docs/heston-vs-quantlib.md), and an earlier box (κ ≤ 50, σ ≤ 20) cost those fits 0.2–0.5 vol point.
 */
export const HESTON_BOX = box([1e-4, 1e-3, 1e-4, 0, -0.999], [25, 200, 25, 50, 0.999]);

export function createHestonSpec(options: HestonSpecOptions = {}): ModelSpec<HestonParams> {
  const feller = options.feller === true;
  const lower = Float64Array.from(HESTON_BOX.lower);
  const upper = Float64Array.from(HESTON_BOX.upper);
  if (feller) {
    lower[3] = 0;
    upper[3] = 1;
  }
  return {
    name: 'heston',
    model: heston,
    packedNames: ['v0', 'kappa', 'theta', feller ? 'sigmaFellerRatio' : 'sigma', 'rho'],
    lower,
    upper,
    pack: (p) => Float64Array.of(p.v0, p.kappa, p.theta, feller ? p.sigma / Math.sqrt(2 * p.kappa * p.theta) : p.sigma, p.rho),
    unpack: (x) => ({
      v0: x[0]!,
      kappa: x[1]!,
      theta: x[2]!,
      sigma: feller ? x[3]! * Math.sqrt(2 * x[1]! * x[2]!) : x[3]!,
      rho: x[4]!,
    }),
    startCandidates: (shape) => hestonCandidates(shape, feller),
    sliceWithGradientInto: (x, forward, T, strikes, isCall, prices, jacobian, workspace, pricing) => {
      const sigma = feller ? x[3]! * Math.sqrt(2 * x[1]! * x[2]!) : x[3]!;
      const params = { v0: x[0]!, kappa: x[1]!, theta: x[2]!, sigma, rho: x[4]! };
      priceSliceWithGradientInto(params, forward, T, strikes, isCall, prices, jacobian, workspace, pricing);
      if (feller) chainFellerColumns(x, jacobian, strikes.length, 5);
    },
  };
}

/**
 * Turns ∂price/∂σ columns into ∂price/∂(packed r = σ/√(2κθ)) in a row-major Jacobian whose first five
 * columns are (v0, κ, θ, σ, ρ): ∂/∂r = ∂/∂σ·√(2κθ), and κ, θ also move σ (∂σ/∂κ = σ/(2κ), ∂σ/∂θ = σ/(2θ)).
 */
export function chainFellerColumns(x: Float64Array, jacobian: Float64Array, rows: number, columns: number): void {
  const root = Math.sqrt(2 * x[1]! * x[2]!);
  const sigma = x[3]! * root;
  for (let i = 0; i < rows; i++) {
    const row = i * columns;
    const dSigma = jacobian[row + 3]!;
    jacobian[row + 1] = jacobian[row + 1]! + (dSigma * sigma) / (2 * x[1]!);
    jacobian[row + 2] = jacobian[row + 2]! + (dSigma * sigma) / (2 * x[2]!);
    jacobian[row + 3] = dSigma * root;
  }
}

/** The shape's expiry whose skew and curvature seed ρ and σ: the first of 7 days or more, else the last. */
export function shortReferenceExpiry(shape: MarketShape): number {
  const index = shape.findIndex((e) => e.timeToExpiryYears >= 7 / 365);
  return index >= 0 ? index : shape.length - 1;
}

/** v0, κ, θ from the ATM term structure (see the module comment). */
export function varianceTermStructure(shape: MarketShape): { v0: number; kappa: number; theta: number } {
  const v0 = Math.max(shape[0]!.atmVol ** 2, 1e-4);
  let best = { v0, kappa: 2, theta: v0, error: Infinity };
  for (const kappa of [0.25, 0.5, 1, 2, 4, 8, 16]) {
    // avgVar(T) − v0·f = θ(1 − f), f = (1 − e^{−κT})/(κT): θ by least squares.
    let num = 0;
    let den = 0;
    for (const e of shape) {
      const f = -Math.expm1(-kappa * e.timeToExpiryYears) / (kappa * e.timeToExpiryYears);
      num += (1 - f) * (e.atmVol ** 2 - v0 * f);
      den += (1 - f) ** 2;
    }
    const theta = den > 0 ? Math.max(num / den, 1e-4) : v0;
    let error = 0;
    for (const e of shape) {
      const f = -Math.expm1(-kappa * e.timeToExpiryYears) / (kappa * e.timeToExpiryYears);
      error += (theta + (v0 - theta) * f - e.atmVol ** 2) ** 2;
    }
    if (error < best.error) best = { v0, kappa, theta, error };
  }
  return { v0: best.v0, kappa: best.kappa, theta: best.theta };
}

/** ρ and σ (vol of variance) from the short-time ATM skew and curvature at σ₀ = √v0. */
export function skewToVolOfVol(atmVol: number, skew: number, curvature: number): { rho: number; sigma: number } {
  const s0 = Math.max(atmVol, 0.05);
  const a = 4 * s0 * skew; // ρσ
  // (1 − 5ρ²/2)σ² = 24σ₀³·c/2 (c = ∂²σ/∂k², the expansion's k² coefficient is c/2) → σ² = 12σ₀³c + 5a²/2.
  const sigmaSquared = 12 * s0 ** 3 * curvature + 2.5 * a * a;
  const sigma = Math.min(Math.max(Math.sqrt(Math.max(sigmaSquared, (a * a) / 0.81, 0.01)), 0.1), 5);
  return { rho: Math.min(0.9, Math.max(-0.9, a / sigma)), sigma };
}

function hestonCandidates(shape: MarketShape, feller: boolean): HestonParams[] {
  if (shape.length === 0) return [{ v0: 0.36, kappa: 2, theta: 0.36, sigma: 1, rho: -0.3 }];
  const { v0, kappa, theta } = varianceTermStructure(shape);
  const ref = shape[shortReferenceExpiry(shape)]!;
  const { rho, sigma } = skewToVolOfVol(Math.sqrt(v0), ref.atmSkew, ref.atmCurvature);
  const base: HestonParams = { v0, kappa, theta, sigma, rho };
  // Three candidates: on 18 real snapshot fits (every 30th, BTC and ETH) seven candidates (adding κ/4, 4κ,
  // ρ ± 0.3) reached the same optima (RMSE 5.662 against 5.662 vol points) for four more pricings each.
  const candidates: HestonParams[] = [base, { ...base, sigma: sigma / 2 }, { ...base, sigma: sigma * 2 }];
  // Under Feller the packed ratio is clamped into [0, 1] by the calibrator; nothing else to adjust.
  return feller ? candidates.map((c) => ({ ...c, sigma: Math.min(c.sigma, Math.sqrt(2 * c.kappa * c.theta)) })) : candidates;
}
