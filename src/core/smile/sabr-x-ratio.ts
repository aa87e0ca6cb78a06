/**
 * The ratio y(z, ρ) = x(z)/z of Hagan's SABR vol and its derivatives, free of 0/0 and of cancellation.
 *
 * Reference: Hagan, Kumar, Lesniewski & Woodward, "Managing smile risk", Wilmott Magazine (2002) 84–108,
 * eq. 2.17b: x(z) = ln[(√(1 − 2ρz + z²) + z − ρ)/(1 − ρ)]. The vol carries z/x(z) = 1/y, which is 0/0 at
 * the money (z = 0).
 *
 * Near the money (|z| < SERIES_RADIUS): x′(z) = (1 − 2ρz + z²)^(−1/2) is the generating function of the
 * Legendre polynomials, so y = Σ Pₙ(ρ) zⁿ/(n + 1) exactly; Pₙ and Pₙ′ come from their three-term
 * recurrences (no coefficient table). |Pₙ| ≤ 1 and |Pₙ′| ≤ n(n+1)/2 on [−1, 1], so with |z| < 0.1 and
 * terms to n = 19 the first omitted term is below 1e-21 in y, 1e-19 in ∂y/∂ρ and 2e-17 in ∂²y/∂z²: the
 * series is exact in double precision and the ATM limit is smooth (no branch at z = 0 at all).
 * Away from it: the closed forms, arranged so that no two nearly equal numbers are subtracted except where
 * the result is O(z²) with |z| ≥ 0.1 (relative error ≲ 100 ulp). Checked symbolically in
 * scripts/sabr/derive-sabr-hagan.py; the reflection x(z, ρ) = −x(−z, −ρ), i.e. y(z, ρ) = y(−z, −ρ), lets
 * the closed forms run with ρ ≤ 0 only, which keeps 1/(1 − ρ) ≤ 1.
 */

/** |z| below which the Legendre series is used. */
export const SERIES_RADIUS = 0.1;
/** Highest Legendre index summed (see the module comment for the truncation bound). */
const SERIES_TERMS = 19;

/**
 * y = x(z)/z for |ρ| < 1, writing into `out` [y, ∂y/∂z, ∂y/∂ρ, ∂²y/∂z²]. y > 0 always (x has the sign of
 * z); finite for every finite z and |ρ| < 1.
 */
export function sabrXRatio(z: number, rho: number, out: Float64Array): number {
  // Evaluate at ρ ≤ 0; y and ∂²y/∂z² are even under (z, ρ) → (−z, −ρ), ∂y/∂z and ∂y/∂ρ odd.
  const flip = rho > 0;
  const zr = flip ? -z : z;
  const r = flip ? -rho : rho;
  let y: number;
  let yz: number;
  let yr: number;
  let yzz: number;
  if (Math.abs(zr) < SERIES_RADIUS) {
    // y = Σ Pₙ zⁿ/(n+1); (n+1)Pₙ₊₁ = (2n+1)ρPₙ − nPₙ₋₁; Pₙ₊₁′ = Pₙ₋₁′ + (2n+1)Pₙ.
    let pPrev = 1; // P₀
    let p = r; // P₁
    let dPrev = 0; // P₀′
    let d = 1; // P₁′
    let zj = zr; // zʲ
    let zjm1 = 1; // zʲ⁻¹
    y = 1 + 0.5 * p * zr;
    yz = 0.5 * p;
    yr = 0.5 * d * zr;
    yzz = 0;
    // Stop once the term about to be added is below 1e-20 in every output: the largest is ∂²y/∂z²'s,
    // n·j·Pₙ·zʲ⁻¹/(n + 1) with |Pₙ| ≤ 1, and the terms after it shrink geometrically (|z| < 0.1). Near the
    // money this sums far fewer than SERIES_TERMS terms (none past P₂ at z = 0).
    for (let j = 1; j < SERIES_TERMS; j++) {
      if (j > 1 && Math.abs(zjm1) * (j + 1) * (j + 1) < 1e-20) break;
      // Adds the term n = j + 1.
      const pNext = ((2 * j + 1) * r * p - j * pPrev) / (j + 1);
      const dNext = dPrev + (2 * j + 1) * p;
      pPrev = p;
      p = pNext;
      dPrev = d;
      d = dNext;
      const n = j + 1;
      const inv = 1 / (n + 1);
      const zn = zj * zr;
      y += p * zn * inv;
      yz += n * p * zj * inv;
      yr += d * zn * inv;
      yzz += n * j * p * zjm1 * inv;
      zjm1 = zj;
      zj = zn;
    }
  } else {
    const oneMinus = 1 - r; // in [1, 2]
    const c = oneMinus * (1 + r); // 1 − ρ²
    const u = zr - r;
    const s = Math.sqrt(u * u + c); // √(1 − 2ρz + z²) without cancellation
    const a = u >= 0 ? s + u : c / (s - u); // s + z − ρ > 0
    const q = (zr * (a + oneMinus)) / ((s + 1) * oneMinus); // x = log1p(q)
    const x = Math.abs(q) < 0.5 ? Math.log1p(q) : Math.log(a / oneMinus);
    const sPlusZ = zr >= 0 ? s + zr : (1 - 2 * r * zr) / (s - zr);
    const xr = 1 / oneMinus - sPlusZ / (s * a);
    y = x / zr;
    yz = (1 / s - y) / zr;
    yr = xr / zr;
    yzz = (-u / (s * s * s) - 2 * yz) / zr;
  }
  out[0] = y;
  out[1] = flip ? -yz : yz;
  out[2] = flip ? -yr : yr;
  out[3] = yzz;
  return y;
}

/**
 * y = x(z)/z alone, by exactly the operations sabrXRatio uses for it (so the two agree bit for bit, as
 * sabr-vol.ts's three entries must): the residual evaluations of a SABR fit need σ, not its derivatives, and
 * the derivatives were three quarters of the series' work. Measured on the 5 February 2026 crash snapshot
 * (bench/fit.bench.ts's slices, best of 400 passes, three runs each): SABR per-slice calibration 0.061 →
 * 0.059 ms.
 */
export function sabrXRatioValue(z: number, rho: number): number {
  const flip = rho > 0;
  const zr = flip ? -z : z;
  const r = flip ? -rho : rho;
  if (Math.abs(zr) < SERIES_RADIUS) {
    let pPrev = 1;
    let p = r;
    let zj = zr;
    let zjm1 = 1;
    let y = 1 + 0.5 * p * zr;
    for (let j = 1; j < SERIES_TERMS; j++) {
      if (j > 1 && Math.abs(zjm1) * (j + 1) * (j + 1) < 1e-20) break;
      const pNext = ((2 * j + 1) * r * p - j * pPrev) / (j + 1);
      pPrev = p;
      p = pNext;
      const inv = 1 / (j + 2);
      const zn = zj * zr;
      y += p * zn * inv;
      zjm1 = zj;
      zj = zn;
    }
    return y;
  }
  const oneMinus = 1 - r;
  const c = oneMinus * (1 + r);
  const u = zr - r;
  const s = Math.sqrt(u * u + c);
  const a = u >= 0 ? s + u : c / (s - u);
  const q = (zr * (a + oneMinus)) / ((s + 1) * oneMinus);
  const x = Math.abs(q) < 0.5 ? Math.log1p(q) : Math.log(a / oneMinus);
  return x / zr;
}
