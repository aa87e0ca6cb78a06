import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  complexDivInto, complexExpInto, complexExpm1Into, complexLog1pInto, complexLogInto, complexSqrtInto,
} from './complex.ts';
import { createRng } from './random.ts';

const out = new Float64Array(2);
const back = new Float64Array(2);

test('complexSqrtInto is the principal root (Re ≥ 0) and squares back to z within a few ulp of |z|', () => {
  const rng = createRng(7);
  for (let i = 0; i < 2000; i++) {
    const re = rng.uniform(-1, 1) * 10 ** rng.uniform(-10, 10);
    const im = rng.uniform(-1, 1) * 10 ** rng.uniform(-10, 10);
    complexSqrtInto(re, im, out);
    const [a, b] = [out[0]!, out[1]!];
    assert.ok(a >= 0);
    const m = Math.hypot(re, im);
    assert.ok(Math.abs(a * a - b * b - re) <= 8e-16 * m && Math.abs(2 * a * b - im) <= 8e-16 * m, `${re} ${im}`);
  }
  complexSqrtInto(-4, 0, out);
  assert.deepEqual([out[0], out[1]], [0, 2]);
});

test('complexLogInto inverts complexExpInto on the principal strip, and log of a negative real has Im = π', () => {
  const rng = createRng(8);
  for (let i = 0; i < 1000; i++) {
    const re = rng.uniform(-50, 50);
    const im = rng.uniform(-3.1, 3.1);
    complexExpInto(re, im, out);
    complexLogInto(out[0]!, out[1]!, back);
    assert.ok(Math.abs(back[0]! - re) <= 1e-14 * (1 + Math.abs(re)) && Math.abs(back[1]! - im) <= 1e-14 * 4);
  }
  complexLogInto(-1, 0, out);
  assert.equal(out[1], Math.PI);
});

test('complexLog1pInto and complexExpm1Into keep full relative accuracy for tiny z (series oracle)', () => {
  for (const [re, im] of [[1e-12, 3e-13], [-2e-9, 1e-9], [3e-17, -5e-17]] as const) {
    // ln(1 + z) = z − z²/2 + O(z³); e^z − 1 = z + z²/2 + O(z³)
    const z2re = re * re - im * im;
    const z2im = 2 * re * im;
    complexLog1pInto(re, im, out);
    assert.ok(Math.abs(out[0]! - (re - z2re / 2)) <= 1e-15 * Math.hypot(re, im));
    assert.ok(Math.abs(out[1]! - (im - z2im / 2)) <= 1e-15 * Math.hypot(re, im));
    complexExpm1Into(re, im, out);
    assert.ok(Math.abs(out[0]! - (re + z2re / 2)) <= 1e-15 * Math.hypot(re, im));
    assert.ok(Math.abs(out[1]! - (im + z2im / 2)) <= 1e-15 * Math.hypot(re, im));
  }
  complexLog1pInto(2, 1, out);
  complexLogInto(3, 1, back);
  assert.ok(Math.abs(out[0]! - back[0]!) < 1e-15 && Math.abs(out[1]! - back[1]!) < 1e-15);
});

test('complexDivInto times the divisor gives the dividend back, also for divisors near overflow', () => {
  const rng = createRng(9);
  for (let i = 0; i < 1000; i++) {
    const [ar, ai] = [rng.uniform(-5, 5), rng.uniform(-5, 5)];
    const scale = 10 ** rng.uniform(-300, 300);
    const [br, bi] = [rng.uniform(-5, 5) * scale, rng.uniform(-5, 5) * scale];
    complexDivInto(ar, ai, br, bi, out);
    // (q·b)/scale compared with a/scale
    const qr = out[0]! * scale;
    const qi = out[1]! * scale;
    const rr = (qr * br - qi * bi) / scale;
    const ri = (qr * bi + qi * br) / scale;
    assert.ok(Math.hypot(rr - ar, ri - ai) <= 1e-14 * Math.hypot(ar, ai), `${ar} ${ai} / ${br} ${bi}`);
  }
});
