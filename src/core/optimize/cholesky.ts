/**
 * In-place Cholesky factorisation and solve for the small dense symmetric positive-definite systems of the
 * optimisers (n ≤ ~10): the damped normal equations (JᵀJ + λD²)δ = −Jᵀr of Levenberg–Marquardt.
 *
 * Matrices are row-major n×n Float64Arrays with a leading dimension `n`; only the lower triangle is read
 * and overwritten with L (A = L·Lᵀ). No allocation. Accuracy: backward stable (Higham, "Accuracy and
 * Stability of Numerical Algorithms", 2nd ed., thm 10.3); the solution's relative error is ≈ cond(A)·ε.
 */

/**
 * Factors the leading `size`×`size` block of `a` (row stride `stride`). Returns false when a pivot is not
 * positive and finite, i.e. A is not numerically positive definite; `a` is then partly overwritten.
 */
export function choleskyFactor(a: Float64Array, size: number, stride: number): boolean {
  for (let j = 0; j < size; j++) {
    const rowJ = j * stride;
    let d = a[rowJ + j]!;
    for (let k = 0; k < j; k++) {
      const l = a[rowJ + k]!;
      d -= l * l;
    }
    if (!(d > 0) || !Number.isFinite(d)) return false;
    const pivot = Math.sqrt(d);
    a[rowJ + j] = pivot;
    for (let i = j + 1; i < size; i++) {
      const rowI = i * stride;
      let s = a[rowI + j]!;
      for (let k = 0; k < j; k++) s -= a[rowI + k]! * a[rowJ + k]!;
      a[rowI + j] = s / pivot;
    }
  }
  return true;
}

/** Solves L·Lᵀ·x = b in place (b becomes x) with the factor left by choleskyFactor. */
export function choleskySolve(l: Float64Array, size: number, stride: number, b: Float64Array): void {
  for (let i = 0; i < size; i++) {
    const row = i * stride;
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[row + k]! * b[k]!;
    b[i] = s / l[row + i]!;
  }
  for (let i = size - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < size; k++) s -= l[k * stride + i]! * b[k]!;
    b[i] = s / l[i * stride + i]!;
  }
}
