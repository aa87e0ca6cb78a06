/**
 * Hagan's lognormal (Black) implied vol of the SABR model, with its analytic gradient in (α, ρ, ν) and its
 * first two derivatives in log-moneyness.
 *
 * Reference: Hagan, Kumar, Lesniewski & Woodward, "Managing smile risk", Wilmott Magazine (2002) 84–108,
 * eq. 2.17a–b:
 *   σ_B(K, f) = α / {(fK)^((1−β)/2) [1 + (1−β)²/24 ln²(f/K) + (1−β)⁴/1920 ln⁴(f/K)]} · z/x(z)
 *               · {1 + [(1−β)²α²/(24 (fK)^(1−β)) + ρβνα/(4 (fK)^((1−β)/2)) + (2 − 3ρ²)ν²/24] T},
 *   z = (ν/α)(fK)^((1−β)/2) ln(f/K),  x(z) = ln[(√(1 − 2ρz + z²) + z − ρ)/(1 − ρ)].
 *
 * Units and scaling. The formula is written with the forward normalised to 1: K = e^k, k = ln(K/F). SABR is
 * scale-invariant (F → cF with α → c^(1−β)α leaves σ_B unchanged), so α here is Hagan's α divided by
 * F^(1−β): an annualised decimal vol near σ_ATM for every β, and the same number for BTC at 60 000 and
 * ETH at 3 000. For β = 1 it is Hagan's α itself. T in years.
 *
 * Accuracy. This is Hagan's expansion, not the SABR model's exact smile: the error is O(ν²T) relative at
 * the money and grows in the far wings (large |z|), where it can produce negative densities
 * (./sabr-density.ts); the expansion is trustworthy for ν²T ≲ 1 and |k| within a few σ√T. As a function it
 * is evaluated to a few ulp: z/x(z) by ./sabr-x-ratio.ts (series at the money, no 0/0), and every
 * derivative below is the exact derivative of this formula (scripts/sabr/derive-sabr-hagan.py), checked
 * against finite differences and 50-digit references (sabr-vol.test.ts).
 *
 * Domain: α > 0, |ρ| < 1, ν ≥ 0, β ∈ [0, 1], T ≥ 0, |k| ≤ 100. Inside it every result is finite (no NaN);
 * σ itself can be ≤ 0 where the T-correction 1 + […]T turns negative (large ν²T with |ρ| > 0.82): the
 * expansion has failed there and callers must treat σ ≤ 0 as "outside the model's domain".
 * Nothing is validated here (the hot path); ./sabr.ts checks the packed parameters.
 */

import { sabrXRatio, sabrXRatioValue } from './sabr-x-ratio.ts';

/** Scratch for sabrXRatio: [y, ∂y/∂z, ∂y/∂ρ, ∂²y/∂z²]. Synchronous use only. */
const ratio = new Float64Array(4);

/** Hagan's SABR Black vol at log-moneyness k (forward-normalised α, see the module comment). */
export function sabrVol(alpha: number, rho: number, nu: number, beta: number, k: number, timeYears: number): number {
  const b = 1 - beta;
  const m = b === 0 ? 1 : Math.exp(0.5 * b * k); // (fK)^((1−β)/2)
  const bk2 = b * b * k * k;
  const d = 1 + bk2 / 24 + (bk2 * bk2) / 1920;
  const y = sabrXRatioValue(-(nu / alpha) * m * k, rho);
  const invM = 1 / m;
  const p = 1 + timeYears * ((b * b * alpha * alpha * invM * invM) / 24 + 0.25 * rho * beta * nu * alpha * invM +
    ((2 - 3 * rho * rho) * nu * nu) / 24);
  // Same operations as the other two entries, so all three return bit-identical σ.
  return alpha * p * (1 / (m * d * y));
}

/**
 * Hagan's SABR Black vol σ and its gradient, written into `gradient` as [∂σ/∂α, ∂σ/∂ρ, ∂σ/∂ν].
 * With σ = α·P·G, G = 1/(m·D·y): ∂σ = G·P·∂α + α·G·∂P − σ·∂y/y, never divided by P (which may vanish).
 */
export function sabrVolWithGradient(
  alpha: number,
  rho: number,
  nu: number,
  beta: number,
  k: number,
  timeYears: number,
  gradient: Float64Array,
): number {
  const b = 1 - beta;
  const m = b === 0 ? 1 : Math.exp(0.5 * b * k);
  const bk2 = b * b * k * k;
  const d = 1 + bk2 / 24 + (bk2 * bk2) / 1920;
  const z = -(nu / alpha) * m * k;
  const y = sabrXRatio(z, rho, ratio);
  const yz = ratio[1]!;
  const yr = ratio[2]!;
  const invM = 1 / m;
  const T = timeYears;
  const p = 1 + T * ((b * b * alpha * alpha * invM * invM) / 24 + 0.25 * rho * beta * nu * alpha * invM +
    ((2 - 3 * rho * rho) * nu * nu) / 24);
  const pAlpha = T * ((b * b * alpha * invM * invM) / 12 + 0.25 * rho * beta * nu * invM);
  const pRho = T * (0.25 * beta * nu * alpha * invM - 0.25 * rho * nu * nu);
  const pNu = T * (0.25 * rho * beta * alpha * invM + ((2 - 3 * rho * rho) * nu) / 12);
  const g = 1 / (m * d * y);
  const sigma = alpha * p * g;
  const yzOverAlphaY = yz / (alpha * y);
  // ∂z/∂α = −z/α, ∂z/∂ν = −m·k/α, ∂z/∂ρ = 0.
  gradient[0] = g * (p + alpha * pAlpha) + sigma * yzOverAlphaY * z;
  gradient[1] = alpha * g * pRho - (sigma * yr) / y;
  gradient[2] = alpha * g * pNu + sigma * yzOverAlphaY * m * k;
  return sigma;
}

/**
 * Hagan's SABR Black vol and its k-derivatives, written into `out` as [σ, ∂σ/∂k, ∂²σ/∂k²] (for the
 * Breeden–Litzenberger density). Product rule on σ = α·P·G, G = 1/H, H = m·D·Y, with m′ = bm/2,
 * z′ = −(ν/α)m(1 + bk/2), z″ = −(ν/α)bm(1 + bk/4), Y′ = y_z z′, Y″ = y_zz z′² + y_z z″ (b = 1 − β).
 */
export function sabrVolKDerivatives(
  alpha: number,
  rho: number,
  nu: number,
  beta: number,
  k: number,
  timeYears: number,
  out: Float64Array,
): number {
  const b = 1 - beta;
  const b2 = b * b;
  const m = b === 0 ? 1 : Math.exp(0.5 * b * k);
  const m1 = 0.5 * b * m;
  const m2 = 0.25 * b2 * m;
  const bk2 = b2 * k * k;
  const d = 1 + bk2 / 24 + (bk2 * bk2) / 1920;
  const d1 = (b2 * k) / 12 + (b2 * b2 * k * k * k) / 480;
  const d2 = b2 / 12 + (b2 * b2 * k * k) / 160;
  const lambda = nu / alpha;
  const z = -lambda * m * k;
  const z1 = -lambda * m * (1 + 0.5 * b * k);
  const z2 = -lambda * b * m * (1 + 0.25 * b * k);
  const y = sabrXRatio(z, rho, ratio);
  const yz = ratio[1]!;
  const yzz = ratio[3]!;
  const y1 = yz * z1;
  const y2 = yzz * z1 * z1 + yz * z2;
  const invM = 1 / m;
  const T = timeYears;
  const aa = alpha * alpha * invM * invM; // α²/m²
  const rbna = rho * beta * nu * alpha * invM; // ρβνα/m
  const p = 1 + T * ((b2 * aa) / 24 + 0.25 * rbna + ((2 - 3 * rho * rho) * nu * nu) / 24);
  const p1 = T * ((-b2 * b * aa) / 24 - (b * rbna) / 8);
  const p2 = T * ((b2 * b2 * aa) / 24 + (b2 * rbna) / 16);
  const h = m * d * y;
  const h1 = m1 * d * y + m * d1 * y + m * d * y1;
  const h2 = m2 * d * y + m * d2 * y + m * d * y2 + 2 * (m1 * d1 * y + m1 * d * y1 + m * d1 * y1);
  const g = 1 / h;
  const g1 = -h1 * g * g;
  const g2 = (2 * h1 * h1 * g - h2) * g * g;
  const sigma = alpha * p * g;
  out[0] = sigma;
  out[1] = alpha * (p1 * g + p * g1);
  out[2] = alpha * (p2 * g + 2 * p1 * g1 + p * g2);
  return sigma;
}
