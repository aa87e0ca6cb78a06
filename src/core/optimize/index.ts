/** Optimisers shared by every calibrator: bounded Levenberg–Marquardt, Nelder–Mead, and fit covariance. */
export { isConverged, type Bounds, type LeastSquaresProblem, type StopReason } from './least-squares.ts';
export {
  levenbergMarquardt,
  type LevenbergMarquardtOptions,
  type LevenbergMarquardtResult,
} from './levenberg-marquardt.ts';
export {
  ANALYTIC_RANK_TOLERANCE,
  covarianceFromFit,
  covarianceFromJacobian,
  DIFFERENCED_RANK_TOLERANCE,
  type CovarianceResult,
} from './covariance.ts';
export { nelderMead, type NelderMeadOptions, type NelderMeadResult } from './nelder-mead.ts';
