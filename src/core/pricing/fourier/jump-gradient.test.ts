import { test } from 'node:test';

import { batesLogMgfInto, type BatesParams } from './bates.ts';
import { mertonLogMgfInto, type MertonParams } from './merton.ts';
import {
  BATES_GRADIENT_ORDER, MERTON_GRADIENT_ORDER, batesLogMgfGradientInto, batesSliceWithGradientInto,
  mertonLogMgfGradientInto, mertonSliceWithGradientInto,
} from './jump-gradient.ts';
import { bates } from './bates.ts';
import { merton } from './merton.ts';
import { checkLogMgfGradient, checkSliceJacobian } from './testing/gradient-checks.ts';

const batesCases: BatesParams[] = [
  { v0: 0.36, kappa: 2, theta: 0.49, sigma: 1.2, rho: -0.3, lambda: 1, nu: -0.1, delta: 0.15 },
  { v0: 0.25, kappa: 5, theta: 0.3, sigma: 0.5, rho: 0.2, lambda: 10, nu: 0.02, delta: 0.05 },
  { v0: 0.36, kappa: 2, theta: 0.49, sigma: 1.2, rho: -0.3, lambda: 0, nu: -0.1, delta: 0.15 },
];
const mertonCases: MertonParams[] = [
  { sigma: 0.5, lambda: 2, nu: -0.08, delta: 0.12 },
  { sigma: 0.8, lambda: 0.3, nu: -0.4, delta: 0.5 },
];

test('the Bates ln M gradient (Heston part and λ, ν, δ) matches central finite differences, λ = 0 included', () => {
  checkLogMgfGradient(batesCases, [...BATES_GRADIENT_ORDER], batesLogMgfInto, batesLogMgfGradientInto);
});

test('the Merton ln M gradient (σ, λ, ν, δ) matches central finite differences', () => {
  checkLogMgfGradient(mertonCases, [...MERTON_GRADIENT_ORDER], mertonLogMgfInto, mertonLogMgfGradientInto);
});

test('the Bates slice Jacobian matches central differences of accurate slice prices (1e-6 relative)', () => {
  checkSliceJacobian(bates, batesCases[0]!, [...BATES_GRADIENT_ORDER], batesSliceWithGradientInto);
});

test('the Merton slice Jacobian matches central differences of accurate slice prices (1e-6 relative)', () => {
  checkSliceJacobian(merton, mertonCases[0]!, [...MERTON_GRADIENT_ORDER], mertonSliceWithGradientInto);
});
