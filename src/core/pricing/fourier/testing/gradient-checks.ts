/**
 * Test support: analytic gradients of log-moment-generating functions and of slice prices against central
 * finite differences, shared by the gradient tests of the Fourier models.
 */
import assert from 'node:assert/strict';
import type { FourierModel } from '../model.ts';
import { priceSliceInto } from '../price.ts';
import { createFourierWorkspace } from '../workspace.ts';
import type { SliceWithGradient } from '../slice-gradient.ts';

export type Evaluator<P> = (p: P, T: number, wRe: number, wIm: number, out: Float64Array) => void;
type GradientEvaluator<P> = (p: P, T: number, wRe: number, wIm: number, psi: Float64Array, grad: Float64Array) => void;

/** The analytic gradient of ln M against central differences (1e-7 relative plus round-off) at complex w. */
export function checkLogMgfGradient<P extends object>(
  params: readonly P[], order: readonly (keyof P & string)[], value: Evaluator<P>, gradient: GradientEvaluator<P>,
): void {
  const psi = new Float64Array(2);
  const grad = new Float64Array(2 * order.length);
  const up = new Float64Array(2);
  const dn = new Float64Array(2);
  for (const p of params) {
    for (const T of [1 / 365, 0.25, 3]) {
      for (const [wr, wi] of [[1.4, 0.5], [1.2, 8], [-0.6, 3], [-3, 30], [0.5, 0]] as const) {
        gradient(p, T, wr, wi, psi, grad);
        value(p, T, wr, wi, up);
        assert.ok(Math.abs(psi[0]! - up[0]!) <= 1e-12 * (1 + Math.abs(up[0]!)) && Math.abs(psi[1]! - up[1]!) <= 1e-12 * (1 + Math.abs(up[1]!)));
        order.forEach((field, i) => {
          const x = p[field] as number;
          const h = 1e-6 * Math.max(Math.abs(x), 0.01);
          value({ ...p, [field]: x + h }, T, wr, wi, up);
          value({ ...p, [field]: x - h }, T, wr, wi, dn);
          const fdRe = (up[0]! - dn[0]!) / (2 * h);
          const fdIm = (up[1]! - dn[1]!) / (2 * h);
          const bound = 1e-7 * Math.hypot(fdRe, fdIm) + (100 * Number.EPSILON * Math.hypot(psi[0]!, psi[1]!)) / h + 1e-12;
          const err = Math.hypot(grad[2 * i]! - fdRe, grad[2 * i + 1]! - fdIm);
          assert.ok(err <= bound, `T=${T} w=${wr}+${wi}i ∂/∂${field}: ${grad[2 * i]}+${grad[2 * i + 1]}i vs ${fdRe}+${fdIm}i`);
        });
      }
    }
  }
}


/** A slice Jacobian against central differences of accurate slice prices (1e-6 relative plus the differences' error). */
export function checkSliceJacobian<P extends object>(model: FourierModel<P>, params: P, order: readonly (keyof P & string)[], slice: SliceWithGradient<P>): void {
  const n = 13;
  const size = order.length;
  const ws = createFourierWorkspace(n, size);
  const strikes = new Float64Array(n);
  const isCall = new Uint8Array(n);
  const out = new Float64Array(n);
  const plain = new Float64Array(n);
  const up = new Float64Array(n);
  const dn = new Float64Array(n);
  const jac = new Float64Array(n * size);
  for (const T of [2 / 365, 30 / 365, 1]) {
    for (let i = 0; i < n; i++) {
      strikes[i] = Math.exp(((i - 6) / 6) * 2.5 * 0.6 * Math.sqrt(T));
      isCall[i] = strikes[i]! >= 1 ? 1 : 0;
    }
    slice(params, 1, T, strikes, isCall, out, jac, ws, { relativeTolerance: 1e-12 });
    priceSliceInto(model, params, 1, T, strikes, isCall, plain, ws, { relativeTolerance: 1e-12 });
    for (let i = 0; i < n; i++) assert.ok(Math.abs(out[i]! - plain[i]!) <= 1e-12 * plain[i]! + 1e-15);
    order.forEach((field, j) => {
      const x = params[field] as number;
      const h = 1e-5 * Math.max(Math.abs(x), 0.01);
      priceSliceInto(model, { ...params, [field]: x + h }, 1, T, strikes, isCall, up, ws, { relativeTolerance: 1e-13 });
      priceSliceInto(model, { ...params, [field]: x - h }, 1, T, strikes, isCall, dn, ws, { relativeTolerance: 1e-13 });
      for (let i = 0; i < n; i++) {
        const fd = (up[i]! - dn[i]!) / (2 * h);
        const analytic = jac[i * size + j]!;
        const bound = 1e-6 * Math.abs(fd) + (1e-12 * Math.abs(plain[i]!)) / h + 1e-14;
        assert.ok(Math.abs(analytic - fd) <= bound, `${model.name} T=${T} K=${strikes[i]} ∂/∂${field}: ${analytic} vs ${fd}`);
      }
    });
  }
}

