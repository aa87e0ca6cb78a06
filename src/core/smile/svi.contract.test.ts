/** The shared smile-model contract (exact fit, noisy fit, horrible data, gradient) run for raw SVI. */
import { sviModel } from './svi.ts';
import { smileModelContract } from '../calibration/testing/smile-model-contract.ts';

smileModelContract(sviModel, [
  { label: '2-day steep put skew', timeToExpiryYears: 2 / 365, params: { a: 0.0004, b: 0.02, rho: -0.4, m: 0.005, sigma: 0.02 } },
  { label: '1 month', timeToExpiryYears: 30 / 365, params: { a: 0.015, b: 0.06, rho: -0.3, m: 0.01, sigma: 0.08 } },
  { label: '1 year call skew', timeToExpiryYears: 1, params: { a: 0.2, b: 0.25, rho: 0.2, m: 0.05, sigma: 0.3 } },
]);
