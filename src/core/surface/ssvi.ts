/**
 * The SSVI slice and the power-law SSVI surface of Gatheral & Jacquier, "Arbitrage-free SVI volatility
 * surfaces", Quantitative Finance 14 (2014) 59–71 (GJ below).
 *
 * One slice, GJ eq. (4.1): w(k) = (θ/2)·(1 + ρφk + √((φk + ρ)² + 1 − ρ²)). Every slice here is carried in
 * Hendriks–Martini's "ψ form" (ψ = θφ, the ATM skew scale), which multiplies θ into the root:
 *
 *   w(k) = ½·(θ + ρψ·k + R),   R = √(ψ²k² + 2ρψθ·k + θ²) = √((θ + ρψk)² + ψ²(1 − ρ²)k²).
 *
 * In this form w is 1-homogeneous in (θ, ρψ, ψ), ψ = 0 is the flat smile w ≡ θ, and nothing divides by θ,
 * so a one-day slice (θ ≈ 5e-4) loses no digits. R > 0 whenever θ > 0 and |ρ| < 1.
 *
 * Power-law surface, GJ eq. (4.5): φ(θ) = η / (θ^γ·(1 + θ)^(1−γ)), so ψ(θ) = θφ(θ) = η·(θ/(1 + θ))^(1−γ).
 * No-arbitrage (GJ §4): θ_t non-decreasing in t (Thm 4.1 needs ∂_θ(θφ) ≥ 0 and
 * ∂_θ(θφ) ≤ (1 + √(1 − ρ²))/ρ²·φ: for this φ, ∂_θψ = (1 − γ)ψ/(θ(1 + θ)) ≥ 0 and ≤ φ for γ ∈ [0, 1), and
 * (1 + √(1 − ρ²))/ρ² ≥ 1); butterflies (Thm 4.2): θφ(1 + |ρ|) < 4 and θφ²(1 + |ρ|) ≤ 4, which for
 * γ ≤ ½ follow from η(1 + |ρ|) ≤ 2 (GJ Remark 4.4 / Cor. 4.1: θφ = η(θ/(1 + θ))^(1−γ) < η and
 * θφ² = η²(θ/(1 + θ))^(1−2γ)/(1 + θ) < η²). The calibrator's parametrisation (ssviSpec) makes its box
 * bounds imply all of these.
 *
 * Wings: for |k| → ∞, w ~ ψ(1 ± ρ)|k|/2, linear in k with slopes ψ(1 ± ρ)/2 < 2 because ψ(1 + |ρ|) < 4
 * (Lee's moment bound is 2); the formula is defined for every real k and the conditions above hold for every k, so SSVI needs no
 * separate wing extrapolation: it is its own arbitrage-free extrapolation.
 *
 * Units: θ, w total variance (σ²T); k = ln(K/F); ψ per unit k.
 */

/** One SSVI (or eSSVI) slice in ψ form: ATM total variance θ, correlation ρ, ψ = θφ. */
export interface SsviSliceParams {
  readonly theta: number;
  readonly rho: number;
  readonly psi: number;
}

/** SSVI power-law surface parameters (GJ eq. 4.5), one ρ for all expiries, θ per expiry. */
export interface SsviPowerLaw {
  readonly rho: number;
  readonly eta: number;
  readonly gamma: number;
}

/**
 * w(k) of a slice in ψ form, from θ, ρψ and ψ (hot-loop form: no validation; θ > 0 and |ρψ| < ψ or
 * ψ = 0 assumed).
 */
export function sliceTotalVarianceUnchecked(k: number, theta: number, rhoPsi: number, psi: number): number {
  const lin = theta + rhoPsi * k;
  const root = Math.sqrt(lin * lin + (psi * psi - rhoPsi * rhoPsi) * k * k);
  return 0.5 * (lin + root);
}

/** w(k) of a slice given by name. */
export function ssviSliceTotalVariance(slice: SsviSliceParams, k: number): number {
  return sliceTotalVarianceUnchecked(k, slice.theta, slice.rho * slice.psi, slice.psi);
}

/**
 * w(k) and its partial derivatives with respect to θ, ρψ (written a) and ψ at fixed a, into
 * out = [w, ∂w/∂θ, ∂w/∂a, ∂w/∂ψ]. From w = ½(θ + ak + R), R² = ψ²k² + 2aθk + θ²:
 * ∂w/∂θ = ½(1 + (θ + ak)/R), ∂w/∂a = ½k(1 + θ/R), ∂w/∂ψ = ½ψk²/R. Exact to rounding.
 */
export function sliceTotalVarianceGradient(k: number, theta: number, rhoPsi: number, psi: number, out: Float64Array): void {
  const lin = theta + rhoPsi * k;
  const root = Math.sqrt(lin * lin + (psi * psi - rhoPsi * rhoPsi) * k * k);
  out[0] = 0.5 * (lin + root);
  out[1] = 0.5 * (1 + lin / root);
  out[2] = 0.5 * k * (1 + theta / root);
  out[3] = (0.5 * psi * k * k) / root;
}

/**
 * w, ∂w/∂k and ∂²w/∂k² of a slice, into out = [w, w′, w″]: R′ = (ψ²k + aθ)/R, R″ = θ²(ψ² − a²)/R³
 * (exact; used by Durrleman's g and Dupire's formula).
 */
export function sliceStrikeDerivatives(k: number, theta: number, rhoPsi: number, psi: number, out: Float64Array): void {
  const lin = theta + rhoPsi * k;
  const excess = psi * psi - rhoPsi * rhoPsi;
  const root = Math.sqrt(lin * lin + excess * k * k);
  out[0] = 0.5 * (lin + root);
  out[1] = 0.5 * (rhoPsi + (psi * psi * k + rhoPsi * theta) / root);
  out[2] = (0.5 * theta * theta * excess) / (root * root * root);
}

/**
 * Durrleman's g(k) (GJ eq. 2.1) from w, w′, w″: g ≥ 0 everywhere ⇔ no butterfly arbitrage in the slice.
 * It is also the denominator of Dupire's local variance in total-variance form (Gatheral, "The Volatility
 * Surface", 2006, eq. 1.10).
 */
export function durrlemanFromDerivatives(k: number, w: number, w1: number, w2: number): number {
  const a = 1 - (k * w1) / (2 * w);
  return a * a - ((w1 * w1) / 4) * (1 / w + 0.25) + w2 / 2;
}

/** ψ(θ) = θφ(θ) = η·(θ/(1 + θ))^(1−γ) of the power law (GJ eq. 4.5). */
export function powerLawPsi(theta: number, eta: number, gamma: number): number {
  return eta * Math.pow(theta / (1 + theta), 1 - gamma);
}

/** GJ's butterfly conditions (Thm 4.2) in ψ form for one slice: ψ(1 + |ρ|) < 4 and ψ²(1 + |ρ|) ≤ 4θ. */
export function sliceButterflyMargins(slice: SsviSliceParams): { readonly skew: number; readonly curvature: number } {
  const r = 1 + Math.abs(slice.rho);
  return { skew: 4 - slice.psi * r, curvature: 4 * slice.theta - slice.psi * slice.psi * r };
}

/** Whether power-law SSVI parameters satisfy GJ Remark 4.4's sufficient conditions (γ ∈ [0, ½], η(1 + |ρ|) ≤ 2). */
export function powerLawIsArbitrageFree(p: SsviPowerLaw): boolean {
  return p.eta > 0 && p.gamma >= 0 && p.gamma <= 0.5 && Math.abs(p.rho) < 1 && p.eta * (1 + Math.abs(p.rho)) <= 2 * (1 + 1e-12);
}
