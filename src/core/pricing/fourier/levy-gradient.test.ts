import { test } from 'node:test';

import { kou, kouLogMgfInto, type KouParams } from './kou.ts';
import { varianceGamma, varianceGammaLogMgfInto, type VarianceGammaParams } from './variance-gamma.ts';
import {
  KOU_GRADIENT_ORDER, VARIANCE_GAMMA_GRADIENT_ORDER, kouLogMgfGradientInto, kouSliceWithGradientInto,
  varianceGammaLogMgfGradientInto, varianceGammaSliceWithGradientInto,
} from './levy-gradient.ts';
import { checkLogMgfGradient, checkSliceJacobian } from './testing/gradient-checks.ts';

const kouCases: KouParams[] = [
  { sigma: 0.5, lambda: 3, p: 0.35, eta1: 12, eta2: 8 },
  { sigma: 0.8, lambda: 0.5, p: 0.6, eta1: 4, eta2: 3 },
];
const vgCases: VarianceGammaParams[] = [
  { sigma: 0.6, nu: 0.3, theta: -0.2 },
  { sigma: 0.9, nu: 0.05, theta: 0.3 },
];

test('the Kou ln M gradient (σ, λ, p, η₁, η₂) matches central finite differences', () => {
  checkLogMgfGradient(kouCases, [...KOU_GRADIENT_ORDER], kouLogMgfInto, kouLogMgfGradientInto);
});

test('the variance-gamma ln M gradient (σ, ν, θ) matches central finite differences', () => {
  checkLogMgfGradient(vgCases, [...VARIANCE_GAMMA_GRADIENT_ORDER], varianceGammaLogMgfInto, varianceGammaLogMgfGradientInto);
});

test('the Kou slice Jacobian matches central differences of accurate slice prices (1e-6 relative)', () => {
  checkSliceJacobian(kou, kouCases[0]!, [...KOU_GRADIENT_ORDER], kouSliceWithGradientInto);
});

test('the variance-gamma slice Jacobian matches central differences of accurate slice prices (1e-6 relative)', () => {
  checkSliceJacobian(varianceGamma, vgCases[0]!, [...VARIANCE_GAMMA_GRADIENT_ORDER], varianceGammaSliceWithGradientInto);
});
