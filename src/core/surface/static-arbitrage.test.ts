import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkStaticArbitrage, type SurfaceForCheck } from './static-arbitrage.ts';
import { sliceTotalVarianceUnchecked } from './ssvi.ts';

const fromTotalVariance = (w: (k: number, T: number) => number): SurfaceForCheck => ({ totalVariance: w });

test('a flat surface is free of static arbitrage', () => {
  const report = checkStaticArbitrage(fromTotalVariance((_, T) => 0.25 * T), [0.01, 0.1, 1]);
  assert.equal(report.arbitrageFree, true);
  assert.equal(report.gridPoints, 601);
});

test('a slice breaking GJ Thm 4.2 (ψ(1 + |ρ|) > 4) shows up as negative butterflies in call prices', () => {
  // θ = 0.01, ρ = 0, ψ = 4.5: wings steeper than Lee's bound and a density that goes negative.
  const report = checkStaticArbitrage(fromTotalVariance((k) => sliceTotalVarianceUnchecked(k, 0.01, 0, 4.5)), [0.5]);
  assert.ok(report.butterflyViolations > 0);
  assert.ok(report.worstButterfly !== null && report.worstButterfly.amount > 1e-6);
  assert.equal(report.calendarViolations, 0);
});

test('calls rising with strike are caught as call-spread violations', () => {
  // Total variance exploding on the right: w = 0.04 + 40·max(k, 0)² makes C(K) increase beyond the money.
  const report = checkStaticArbitrage(fromTotalVariance((k) => 0.04 + 40 * Math.max(k, 0) ** 2), [1]);
  assert.ok(report.callSpreadViolations > 0);
});

test('total variance falling from one time to the next is a calendar violation at every grid point', () => {
  const report = checkStaticArbitrage(fromTotalVariance((_, T) => (T < 0.5 ? 0.2 : 0.1)), [0.4, 0.6], { kStep: 0.01 });
  assert.equal(report.calendarViolations, 301);
  assert.ok(report.worstCalendar !== null && Math.abs(report.worstCalendar.amount - 0.1) < 1e-15);
});

test('a surface returning NaN vols is reported, never silently passed', () => {
  const report = checkStaticArbitrage({ totalVariance: () => Number.NaN }, [1]);
  assert.equal(report.invalidVols, 601);
  assert.equal(report.arbitrageFree, false);
});
