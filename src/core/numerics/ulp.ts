/**
 * Distance between two doubles in units in the last place: the number of representable doubles
 * from a to b (0 when equal, 1 for neighbours). Counts across zero and through the subnormals, so an
 * error in a subnormal result is measured in units of 2^−1074. Infinity when either is NaN or only one
 * is infinite. Used to state and test the accuracy of the special functions.
 */

const view = new DataView(new ArrayBuffer(8));

/** Position of x on the line of doubles ordered by value (−0 and +0 share position 0). */
function ordinal(x: number): bigint {
  view.setFloat64(0, x);
  const bits = view.getBigInt64(0);
  return bits < 0n ? -(bits & 0x7fffffffffffffffn) : bits;
}

export function ulpDistance(a: number, b: number): number {
  if (a === b) return 0;
  if (Number.isNaN(a) || Number.isNaN(b) || !Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  const d = ordinal(a) - ordinal(b);
  return Number(d < 0n ? -d : d);
}

/**
 * The largest ulp distance of f(x) from the expected values over (x, expected) pairs, and the x where it
 * occurs: how reference fixtures state a function's accuracy.
 */
export function worstUlps(f: (x: number) => number, cases: readonly (readonly [number, number])[]): [number, number] {
  let worst = 0;
  let at = Number.NaN;
  for (const [x, expected] of cases) {
    const d = ulpDistance(f(x), expected);
    if (d > worst) {
      worst = d;
      at = x;
    }
  }
  return [worst, at];
}
