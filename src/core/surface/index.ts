/**
 * Volatility surfaces: SSVI (Gatheral & Jacquier 2014) and eSSVI (Hendriks & Martini 2019) slices, their
 * no-arbitrage conditions, whole-surface calibration, the surface object (interpolation in time, Dupire
 * local vol) and an independent price-based static-arbitrage check.
 */
export {
  durrlemanFromDerivatives,
  powerLawIsArbitrageFree,
  powerLawPsi,
  sliceButterflyMargins,
  ssviSliceTotalVariance,
  type SsviPowerLaw,
  type SsviSliceParams,
} from './ssvi.ts';
export { essviConditionViolations, wingRatio, type ConditionViolation } from './essvi.ts';
export type { EssviParams } from './essvi-spec.ts';
export type { SsviParams } from './ssvi-spec.ts';
export type { SurfaceNode } from './surface-nodes.ts';
export { createEssviSurface, createSsviSurface, type VolatilitySurface } from './volatility-surface.ts';
export {
  checkStaticArbitrage,
  defaultStaticArbitrageOptions,
  type ArbitrageViolation,
  type StaticArbitrageOptions,
  type StaticArbitrageReport,
  type SurfaceForCheck,
} from './static-arbitrage.ts';
export {
  calibrateEssvi,
  calibrateSsvi,
  defaultSurfaceFitOptions,
  poolStatistics,
  type SurfaceExpiryFit,
  type SurfaceFit,
  type SurfaceFitFailure,
  type SurfaceFitOptions,
  type SurfaceFitResult,
} from './calibrate-surface.ts';
export { priceFromSurface, type ImpliedVolSource, type SurfaceQuote } from './surface-pricing.ts';
export {
  calibrateSviSurface,
  defaultSviSurfaceOptions,
  sviSlicesForCheck,
  type SviSurfaceArbitrage,
  type SviSurfaceFailure,
  type SviSurfaceFit,
  type SviSurfaceOptions,
  type SviSurfaceResult,
  type SviSurfaceSolverStatistics,
} from './svi-surface.ts';
