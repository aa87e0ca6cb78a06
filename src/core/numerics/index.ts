/** Special functions and small numerical tools used by the pricing and calibration code. */
export { erf, erfc, erfcx } from './erf.ts';
export { normCdf, normInv, normPdf } from './normal.ts';
export { createRng, type Rng } from './random.ts';
export { median, weightedMedian } from './robust.ts';
export { ulpDistance } from './ulp.ts';
export { complexDivInto, complexExpInto, complexExpm1Into, complexLog1pInto, complexLogInto, complexSqrtInto } from './complex.ts';
