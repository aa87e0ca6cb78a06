/**
 * Smile models per expiry (raw SVI, SABR), the contract they implement, and the model-independent
 * butterfly and calendar checks. Calibration lives in src/core/calibration.
 */
export type { SmileModel } from './smile-model.ts';
export { sviModel, sviTotalVariance, sviSlope, sviCurvature, type SviParams } from './svi.ts';
export { butterflyReport, hasButterflyArbitrage, minimumG, sviDensityFactor } from './svi-arbitrage.ts';
export { sviQuasiExplicit, type SviQuasiExplicitResult } from './svi-quasi-explicit.ts';
export { createSabrModel, type SabrModel, type SabrParams } from './sabr.ts';
export { sabrDensityCheck, type SabrDensityCheck } from './sabr-density.ts';
export { checkButterfly, checkCalendar, durrlemanG, type ButterflyCheck } from './butterfly.ts';
