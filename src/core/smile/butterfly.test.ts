import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkButterfly, checkCalendar, durrlemanG } from './butterfly.ts';

test('a flat smile has g(k) = 1 everywhere: (1 − 0)² − 0 + 0', () => {
  const flat = (): number => 0.04;
  assert.ok(Math.abs(durrlemanG(flat, 0.3) - 1) < 1e-9);
  const check = checkButterfly(flat, -2, 2, 400);
  assert.equal(check.violations, 0);
  assert.ok(Math.abs(check.minimumG - 1) < 1e-9);
});

test('Gatheral–Jacquier (2014) arbitrageable raw SVI has negative g(k) near k ≈ 0.7–1', () => {
  // Their section 2.3 example (from Axel Vogt): a = −0.0410, b = 0.1331, ρ = 0.3060, m = 0.3586, σ = 0.4153.
  const [a, b, rho, m, s] = [-0.041, 0.1331, 0.306, 0.3586, 0.4153];
  const w = (k: number): number => a + b * (rho * (k - m) + Math.sqrt((k - m) ** 2 + s * s));
  const check = checkButterfly(w, -1.5, 1.5, 3000);
  assert.ok(check.minimumG < 0, `${check.minimumG}`);
  assert.ok(check.atLogMoneyness > 0.3 && check.atLogMoneyness < 1.3, `${check.atLogMoneyness}`);
});

test('a total variance that is zero or negative somewhere counts as a violation', () => {
  const check = checkButterfly((k) => 0.01 - k * k, -1, 1, 100);
  assert.ok(check.violations > 0);
  assert.ok(check.minimumG < 0);
});

test('the calendar check counts points where later total variance falls below earlier', () => {
  const earlier = (k: number): number => 0.04 + 0.1 * k * k;
  const later = (k: number): number => 0.05 + 0.05 * k * k; // crosses at k² = 0.2
  const check = checkCalendar(earlier, later, -1, 1, 200);
  assert.ok(check.violations > 0);
  assert.ok(Math.abs(check.worstShortfall - 0.04) < 1e-12); // at |k| = 1: 0.14 − 0.10
  assert.equal(checkCalendar(earlier, (k) => earlier(k) + 0.01, -1, 1, 200).violations, 0);
});
