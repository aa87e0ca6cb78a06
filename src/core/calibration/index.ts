/**
 * Calibration: pricing-ready smile slices, the smile objective (weights, losses), the smile calibrator, and
 * the stochastic-model calibrator with its model specs.
 */
export { smileSliceFromArrays, smileSliceFromExpiry, type SmileSlice } from './smile-slice.ts';
export {
  defaultSmileObjectiveOptions,
  type ErrorSpace,
  type LossKind,
  type SmileObjectiveOptions,
  type Weighting,
} from './smile-objective.ts';
export {
  calibrateSmile,
  defaultSmileFitOptions,
  fitStatistics,
  type SmileFit,
  type SmileFitFailure,
  type SmileFitOptions,
  type SmileFitResult,
  type SmileFitStatistics,
  type SolverStatistics,
} from './calibrate-smile.ts';
export {
  calibrateModel,
  defaultModelFitOptions,
  pooledStatistics,
  type ModelExpiryFit,
  type ModelFit,
  type ModelFitFailure,
  type ModelFitOptions,
  type ModelFitResult,
  type ModelPriceError,
  type ParameterCorrelations,
} from './calibrate-model.ts';
export type { ModelSpec } from './model-spec.ts';
export { expiryShape, marketShape, type ExpiryShape, type MarketShape } from './market-shape.ts';
export { MEANINGFUL_PRICE, modelSmile, type ModelSmile } from './model-smile.ts';
export {
  createBatesSpec,
  createHestonSpec,
  createKouSpec,
  createMertonSpec,
  createVarianceGammaSpec,
  isStochasticModelName,
  stochasticModelNames,
  stochasticModelSpec,
  type HestonSpecOptions,
  type StochasticModelName,
} from './model-specs/index.ts';
