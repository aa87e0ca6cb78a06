/** Calibration: pricing-ready smile slices, the smile objective (weights, losses) and the smile calibrator. */
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
