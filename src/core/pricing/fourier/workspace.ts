/**
 * Reusable scratch for the slice pricers (./price.ts, ./heston-gradient.ts): allocate once per
 * calibration with the largest slice size, and every call after that allocates nothing.
 */

import type { IntegrationScratch } from './contour-integral.ts';

export interface FourierWorkspace extends IntegrationScratch {
  /** Most strikes a slice may have. */
  readonly capacity: number;
  /** Most gradient components per strike. */
  readonly gradientCapacity: number;
  /** Side per strike: 1 call side, 0 put side, −1 not integrated (T = 0 or K = 0). */
  readonly side: Int8Array;
  /** Saddle distance from the pole per strike (./saddle.ts). */
  readonly saddle: Float64Array;
  /** Ψ_k at each strike's own saddle. */
  readonly saddleValue: Float64Array;
}

/** Scratch for slices of up to `capacity` strikes and gradients of up to `gradientCapacity` parameters. */
export function createFourierWorkspace(capacity: number, gradientCapacity = 8): FourierWorkspace {
  if (!(Number.isInteger(capacity) && capacity >= 1)) throw new RangeError(`capacity must be an integer ≥ 1, got ${capacity}`);
  if (!(Number.isInteger(gradientCapacity) && gradientCapacity >= 0)) {
    throw new RangeError(`gradientCapacity must be an integer ≥ 0, got ${gradientCapacity}`);
  }
  return {
    capacity,
    gradientCapacity,
    order: new Int32Array(capacity),
    k: new Float64Array(capacity),
    sum: new Float64Array(capacity),
    est: new Float64Array(capacity),
    gradSum: new Float64Array(capacity * gradientCapacity),
    gradEst: new Float64Array(capacity * gradientCapacity),
    nodeGrad: new Float64Array(2 * gradientCapacity),
    kFactor: new Float64Array(capacity),
    counters: new Float64Array(3),
    side: new Int8Array(capacity),
    saddle: new Float64Array(capacity),
    saddleValue: new Float64Array(capacity),
  };
}
