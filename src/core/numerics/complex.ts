/**
 * Scalar complex elementary functions on (re, im) pairs, for the characteristic functions of
 * ../pricing/fourier. Each writes its result into out[0] (real part) and out[1] (imaginary part) of a
 * caller-owned Float64Array, so hot loops allocate nothing and V8 keeps the doubles unboxed.
 *
 * Branches are the principal ones (C99 Annex G conventions, Kahan, "Branch cuts for complex elementary
 * functions", 1987): √ has Re ≥ 0, ln has Im in (−π, π]. Accuracy: a few ulp in each component except
 * where noted; log1p and expm1 keep full relative accuracy for small |z|, which the stable Heston form
 * needs as vol of variance → 0.
 */

/** out = e^z. */
export function complexExpInto(re: number, im: number, out: Float64Array): void {
  const m = Math.exp(re);
  out[0] = m * Math.cos(im);
  out[1] = m * Math.sin(im);
}

/** out = e^z − 1, accurate for small |z| (real part as expm1(x)·cos y − 2 sin²(y/2)). */
export function complexExpm1Into(re: number, im: number, out: Float64Array): void {
  const em1 = Math.expm1(re);
  const c = Math.cos(im);
  const sh = Math.sin(0.5 * im);
  out[0] = em1 * c - 2 * sh * sh;
  out[1] = (em1 + 1) * Math.sin(im);
}

/** out = ln z, principal branch; ln 0 = (−∞, 0). Uses hypot so |z| up to the double range is safe. */
export function complexLogInto(re: number, im: number, out: Float64Array): void {
  out[0] = Math.log(Math.hypot(re, im));
  out[1] = Math.atan2(im, re);
}

/** out = ln(1 + z), principal branch, accurate for small |z| (real part ½·log1p(2x + x² + y²)). */
export function complexLog1pInto(re: number, im: number, out: Float64Array): void {
  const a = 2 * re + re * re + im * im;
  out[0] = a > -0.5 && a < 1 ? 0.5 * Math.log1p(a) : Math.log(Math.hypot(1 + re, im));
  out[1] = Math.atan2(im, 1 + re);
}

/** out = √z, principal branch (Re ≥ 0), without cancellation in either component. */
export function complexSqrtInto(re: number, im: number, out: Float64Array): void {
  if (re === 0 && im === 0) {
    out[0] = 0;
    out[1] = im;
    return;
  }
  const m = Math.hypot(re, im);
  if (re >= 0) {
    const t = Math.sqrt(0.5 * (m + re));
    out[0] = t;
    out[1] = im / (2 * t);
  } else {
    const t = Math.sqrt(0.5 * (m - re));
    out[0] = Math.abs(im) / (2 * t);
    out[1] = im < 0 ? -t : t;
  }
}

/** out = a / b by Smith's algorithm (avoids overflow in |b|²). b = 0 gives non-finite parts. */
export function complexDivInto(aRe: number, aIm: number, bRe: number, bIm: number, out: Float64Array): void {
  if (Math.abs(bRe) >= Math.abs(bIm)) {
    const r = bIm / bRe;
    const den = bRe + bIm * r;
    out[0] = (aRe + aIm * r) / den;
    out[1] = (aIm - aRe * r) / den;
  } else {
    const r = bRe / bIm;
    const den = bRe * r + bIm;
    out[0] = (aRe * r + aIm) / den;
    out[1] = (aIm * r - aRe) / den;
  }
}
