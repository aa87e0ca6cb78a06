/**
 * Calls non-increasing in strike for a raw-SVI slice, as a condition on w: Durrleman's g ≥ 0 on a window
 * makes calls convex there but not decreasing (that needs the density non-negative beyond the window too),
 * and the independent price check (static-arbitrage.ts) tests both. On a unit forward, Black-76 with
 * σ√T = √w(k) = u and d₂ = −k/u − u/2 gives ∂C/∂K = −N(d₂) + φ(d₂)·w′(k)/(2u), so calls fall with K iff
 *
 *   s(k) = 1 − M(d₂)·w′(k)/(2u) ≥ 0,   M(d) = φ(d)/N(d) (the inverse Mills ratio).
 *
 * It binds on the right wing of long expiries with a wide σ (w nearly a parabola over [−1.5, 1.5]); on the
 * left wing w′ < 0 and s > 1. Gradient in (a, b, ρ, m, σ), closed form: with M′(d) = −M(d)(d + M(d)),
 * ∂u = ∂w/(2u), ∂d₂ = (k/u² − ½)·∂w/(2u),
 *   ∂s = −M′·w′/(2u)·∂d₂ − M/(2u)·∂w′ + M·w′/(4u³)·∂w,
 * ∂w′ = (0, ρ + x/R, b, −bσ²/R³, −bxσ/R³) with x = k − m, R = √(x² + σ²). M from φ/N to rounding while
 * N(d₂) is a normal double (normal.ts); below d₂ = −37 (far wings of short expiries) from the asymptotic
 * series M(d) = −d/(1 − 1/d² + 3/d⁴ − 15/d⁶) (Abramowitz & Stegun 26.2.12), relative error < 105/d⁸ ≈ 3e-11.
 */
import { normCdf, normPdf } from '../numerics/normal.ts';

/** s(k) of the slice packed at x[o … o + 4]; −Infinity where w ≤ 0; gradient into `gradient` when given. */
export function callSpreadMarginAt(x: Float64Array, o: number, k: number, gradient?: Float64Array): number {
  const a = x[o]!;
  const b = x[o + 1]!;
  const rho = x[o + 2]!;
  const d = k - x[o + 3]!;
  const sigma = x[o + 4]!;
  const R = Math.sqrt(d * d + sigma * sigma);
  const w = a + b * (rho * d + R);
  if (!(w > 0)) return Number.NEGATIVE_INFINITY;
  const u = Math.sqrt(w);
  const d2 = -k / u - u / 2;
  const M = inverseMillsRatio(d2);
  const slope = b * (rho + d / R);
  const s = 1 - (M * slope) / (2 * u);
  if (gradient !== undefined) {
    const dM = -M * (d2 + M);
    // Coefficients of ∂w and ∂w′ in ∂s.
    const cW = (-dM * slope * (k / (u * u) - 0.5)) / (4 * u * u) + (M * slope) / (4 * u * u * u);
    const cW1 = -M / (2 * u);
    const R3 = R * R * R;
    gradient[0] = cW;
    gradient[1] = cW * (rho * d + R) + cW1 * (rho + d / R);
    gradient[2] = cW * b * d + cW1 * b;
    gradient[3] = -cW * slope - (cW1 * b * sigma * sigma) / R3;
    gradient[4] = (cW * b * sigma) / R - (cW1 * b * d * sigma) / R3;
  }
  return s;
}

/** φ(d)/N(d). */
function inverseMillsRatio(d: number): number {
  if (d > -37) return normPdf(d) / normCdf(d);
  const inv2 = 1 / (d * d);
  return -d / (1 - inv2 + 3 * inv2 * inv2 - 15 * inv2 * inv2 * inv2);
}
