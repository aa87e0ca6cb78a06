/**
 * What the Fourier pricer (./price.ts) needs from a model: the log-characteristic function of the
 * log-return X = ln(F_T/F) under the forward (T-) measure, on complex arguments, and the strip of real
 * exponents w where the moment E[e^{wX}] is finite (the pricer shifts its contour inside that strip).
 *
 * Conventions (docs/fourier-pricing.md): φ(u) = E[e^{iuX}]; every model is a martingale,
 * φ(−i) = E[F_T/F] = 1, so ln φ(−i) = 0 and ln φ(0) = 0. In the exponent variable w = iu,
 * M(w) = E[e^{wX}] = φ(−iw). Time in years, rates and intensities per year.
 */

export interface FourierModel<P> {
  /** Short name for messages and reports ('heston', 'bates', ...). */
  readonly name: string;
  /** Returns `params` when every field is in its domain; otherwise throws a RangeError naming the field and value. */
  validate(params: P): P;
  /**
   * ln φ(u) for complex u = uRe + i·uIm (the pricer evaluates on u = v − iα): out[0] = Re, out[1] = Im.
   * Unchecked fast path: params must have passed `validate`, T > 0 finite, u inside the strip
   * −Im u ∈ (lo, hi) of `momentStripInto`. The imaginary part is a continuous branch along vertical lines.
   */
  logCfInto(params: P, timeToExpiryYears: number, uRe: number, uIm: number, out: Float64Array): void;
  /**
   * The open interval (out[0], out[1]) of real w with E[e^{wX}] < ∞: out[0] < 0 < 1 < out[1], either end
   * possibly infinite. Unchecked (validated params, T > 0).
   */
  momentStripInto(params: P, timeToExpiryYears: number, out: Float64Array): void;
  /**
   * tan of the largest angle from vertical by which the pricer may bend its contour far from the real
   * axis (0: vertical lines only). Non-zero only where the log-characteristic function is known to be
   * analytic and continuous in the whole open upper half plane (variance gamma: singularities and
   * branch cuts on the real axis only), so that bending either way leaves the integral unchanged.
   */
  readonly contourTilt: number;
  /**
   * Only read when contourTilt > 0: the drift c with Re ln M(w) = c·Re w + o(|w|) far from the real
   * axis. The integrand then behaves like e^{(c − k)·Re w}, so the pricer bends right when k > c, left
   * when k < c, and not at all when a group of strikes straddles c.
   */
  bendDrift(params: P, timeToExpiryYears: number): number;
  /**
   * Optional: g(w) ≥ 0 that lifts the oscillating part of Re ln M(w) to its envelope along a vertical
   * contour, for models whose modulus can rise again far out (compound-Poisson jumps of nearly fixed size:
   * the jump factor is almost periodic, e^{λT(cos(ν·Im w) − 1)}, and returns to 1 at Im w ≈ 2π/|ν|). With
   * it the jump term's real part is non-increasing in |Im w| (lognormal-jumps.ts); the rest of Re ln M
   * (Heston's) is taken as it is. The pricer decides where the integrand has become negligible on this
   * envelope, not on the modulus, which may sit in a trough between revivals. Absent: the modulus itself
   * (Heston, Kou, variance gamma).
   */
  envelopeGap?(params: P, timeToExpiryYears: number, wRe: number, wIm: number): number;
}

/** Throws a RangeError unless `value` is finite and within [lo, hi] (open ends when the flags say so). */
export function assertParam(
  model: string, field: string, value: number, lo: number, hi: number, openLo = false, openHi = false,
): void {
  const ok = Number.isFinite(value)
    && (openLo ? value > lo : value >= lo)
    && (openHi ? value < hi : value <= hi);
  if (!ok) {
    const left = openLo ? '(' : '[';
    const right = openHi ? ')' : ']';
    throw new RangeError(`${model}: ${field} must be finite and in ${left}${lo}, ${hi}${right}, got ${value}`);
  }
}
