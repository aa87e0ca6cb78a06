/**
 * Fourier pricing: characteristic functions of Heston, Bates, Merton, Kou and variance gamma, a
 * European pricer on the forward with controlled relative error (docs/fourier-pricing.md), a slice
 * pricer for calibration and the Heston price Jacobian.
 */
export type { FourierModel } from './model.ts';
export {
  heston, hestonExplosionTime, hestonLogCfInto, hestonLogMgfInto, hestonMomentStripInto, validateHestonParams,
  type HestonParams,
} from './heston.ts';
export { bates, batesLogCfInto, batesLogMgfInto, validateBatesParams, type BatesParams } from './bates.ts';
export { merton, mertonLogCfInto, mertonLogMgfInto, validateMertonParams, type MertonParams } from './merton.ts';
export { kou, kouLogCfInto, kouLogMgfInto, validateKouParams, type KouParams } from './kou.ts';
export {
  varianceGamma, varianceGammaLogCfInto, varianceGammaLogMgfInto, varianceGammaMomentStripInto,
  validateVarianceGammaParams, type VarianceGammaParams,
} from './variance-gamma.ts';
export type { LognormalJumpParams } from './lognormal-jumps.ts';
export {
  DEFAULT_NEGLIGIBLE_PRICE, DEFAULT_RELATIVE_TOLERANCE, DEFAULT_SLICE_RELATIVE_TOLERANCE, priceEuropean,
  priceSliceInto, type FourierPricingOptions,
} from './price.ts';
export { createFourierWorkspace, type FourierWorkspace } from './workspace.ts';
export {
  HESTON_GRADIENT_ORDER, HESTON_GRADIENT_SIZE, hestonLogCfGradientInto, hestonLogMgfGradientInto,
  priceSliceWithGradientInto,
} from './heston-gradient.ts';
export {
  BATES_GRADIENT_ORDER, MERTON_GRADIENT_ORDER, batesLogMgfGradientInto, batesSliceWithGradientInto,
  mertonLogMgfGradientInto, mertonSliceWithGradientInto,
} from './jump-gradient.ts';
export {
  KOU_GRADIENT_ORDER, VARIANCE_GAMMA_GRADIENT_ORDER, kouLogMgfGradientInto, kouSliceWithGradientInto,
  varianceGammaLogMgfGradientInto, varianceGammaSliceWithGradientInto,
} from './levy-gradient.ts';
export { sliceWithGradient, type SliceWithGradient } from './slice-gradient.ts';
