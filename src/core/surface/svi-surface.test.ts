import { test } from 'node:test';
import assert from 'node:assert/strict';
import { smileSliceFromArrays, type SmileSlice } from '../calibration/smile-slice.ts';
import { calibrateSmile } from '../calibration/calibrate-smile.ts';
import { defaultSmileObjectiveOptions } from '../calibration/smile-objective.ts';
import { createRng } from '../numerics/random.ts';
import { jacobianAgainstCentralDifferences } from '../optimize/testing/central-differences.ts';
import { sviModel } from '../smile/svi.ts';
import { checkStaticArbitrage } from './static-arbitrage.ts';
import { calibrateSviSurface, defaultSviSurfaceOptions, sviSlicesForCheck, type SviSurfaceOptions, type SviSurfaceResult } from './svi-surface.ts';
import { createSviSurfaceProblem } from './svi-surface-problem.ts';
import { sviTotalVarianceAt } from './svi-surface-penalties.ts';
import { repairSviSurface } from './svi-surface-repair.ts';
import { cryptoEssviNodes, slicesFromNodes } from './testing/generate-surface.ts';

/** An eSSVI slice as raw SVI (Gatheral & Jacquier 2014 §4 with ρθ/ψ): a = θ(1 − ρ²)/2, b = ψ/2, m = −ρθ/ψ, σ = θ√(1 − ρ²)/ψ. */
function essviAsSvi(node: { theta: number; rho: number; psi: number }): Float64Array {
  const { theta, rho, psi } = node;
  return Float64Array.of((theta * (1 - rho * rho)) / 2, psi / 2, rho, (-rho * theta) / psi, (theta * Math.sqrt(1 - rho * rho)) / psi);
}

/** Every number of a result, typed arrays included, is not NaN. */
function assertNoNaN(result: SviSurfaceResult): void {
  const walk = (value: unknown, path: string): void => {
    if (typeof value === 'number') assert.ok(!Number.isNaN(value), path);
    else if (value instanceof Float64Array) value.forEach((v, i) => { assert.ok(!Number.isNaN(v), `${path}[${i}]`); });
    else if (typeof value === 'object' && value !== null) for (const [key, v] of Object.entries(value)) walk(v, `${path}.${key}`);
  };
  walk(result, 'result');
}

/** Mids on a raw SVI smile at 21 strikes over k ∈ [−0.4, 0.4], one vol point wide. */
function sviSlice(T: number, p: Float64Array): SmileSlice {
  const k = Array.from({ length: 21 }, (_, i) => -0.4 + 0.04 * i);
  const mid = k.map((x) => Math.sqrt(sviTotalVarianceAt(p, 0, x) / T));
  return smileSliceFromArrays({ timeToExpiryYears: T, forward: 100, logMoneyness: k, midVol: mid, bidVol: mid.map((v) => v - 0.005), askVol: mid.map((v) => v + 0.005) });
}

test('an arbitrage-free surface of 6 SVI slices with mids on it is recovered to 1e-6 vol from perturbed starts', () => {
  const nodes = cryptoEssviNodes(6);
  const slices = slicesFromNodes(nodes, { quotes: 30 });
  const truth = nodes.map(essviAsSvi);
  // The truth is inside every penalty's hinge, so the penalised optimum is the truth itself.
  const problem = createSviSurfaceProblem(slices, defaultSmileObjectiveOptions, { ...defaultSviSurfaceOptions, callSpreadMargin: 1e-3 });
  const x = new Float64Array(30);
  truth.forEach((p, i) => { x.set(p, 5 * i); });
  const worst = problem.worst(x);
  assert.ok(worst.minG > 1e-3 && worst.minCalendarRatio > 1e-2 && worst.minCallSpread > 1e-2 && worst.maxWingSlope < 1.9, JSON.stringify(worst));

  const starts = truth.map((p) => Float64Array.of(p[0]! * 1.05, p[1]! * 0.95, p[2]! + 0.05, p[3]! + 0.01, p[4]! * 1.1));
  const fit = calibrateSviSurface(slices, starts);
  assert.ok(fit.ok);
  assertNoNaN(fit);
  fit.fitVol.forEach((vols, i) => {
    vols.forEach((v, q) => { assert.ok(Math.abs(v - slices[i]!.midVol[q]!) < 1e-6, `slice ${i} quote ${q}: ${v} vs ${slices[i]!.midVol[q]}`); });
  });
  assert.equal(fit.arbitrage.repaired, 0);
  assert.equal(fit.arbitrage.worstCalendarShortfall, 0);
  assert.ok(fit.arbitrage.arbitrageFree);
});

// Two smiles that cross on the far left wing only (w_long/w_short = 1.19 at k = −0.4, the last quote, 0.94 at
// k = −1.5): the short one has the steeper put wing.
const shortSmile = Float64Array.of(0.004, 0.04, -0.5, 0, 0.1);
const longSmile = Float64Array.of(0.012, 0.036, -0.4, 0, 0.2);

test('two per-slice fits that cross are uncrossed: no static arbitrage by the independent price check', () => {
  const slices = [sviSlice(0.1, shortSmile), sviSlice(0.2, longSmile)];
  const starts = slices.map((slice) => {
    const fit = calibrateSmile(sviModel, slice);
    assert.ok(fit.ok);
    return fit.packed;
  });
  const times = slices.map((s) => s.timeToExpiryYears);
  const before = checkStaticArbitrage(sviSlicesForCheck(slices, starts), times);
  assert.ok(before.calendarViolations > 0, 'the per-slice fits cross');

  const fit = calibrateSviSurface(slices, starts);
  assert.ok(fit.ok);
  assertNoNaN(fit);
  const after = checkStaticArbitrage(sviSlicesForCheck(slices, fit.packed), times);
  assert.equal(after.calendarViolations, 0);
  assert.equal(after.butterflyViolations, 0);
  assert.equal(after.callSpreadViolations, 0);
  assert.equal(after.invalidVols, 0);
  assert.ok(fit.arbitrage.arbitrageFree);
  assert.equal(fit.arbitrage.worstCalendarShortfall, 0);
  assert.ok(fit.arbitrage.minG.every((g) => g >= 1e-6));
  // The crossing is on the far left wing, beyond the quotes: every quote stays inside its spread.
  assert.ok(fit.statistics.every((s) => s.insideSpreadShare === 1), JSON.stringify(fit.statistics));
  // Every packed slice is in svi.ts's domain (Lee's bound, min w ≥ 0).
  for (const p of fit.packed) assert.ok(Number.isFinite(sviModel.totalVariance(p, 0, 0.1)));
});

test('the analytic Jacobian of the data and every penalty row matches central differences at a random point with active hinges', () => {
  const rng = createRng(7);
  const third = Float64Array.of(0.03, 1.2, 0.7, 0.1, 0.3); // b(1 + ρ) = 2.04: both Lee rows of this slice active
  const slices = [sviSlice(0.1, shortSmile), sviSlice(0.2, longSmile), sviSlice(0.3, third)];
  const x = new Float64Array(15);
  [shortSmile, longSmile, third].forEach((p, i) => {
    for (let j = 0; j < 5; j++) x[5 * i + j] = p[j]! * (1 + rng.uniform(-0.05, 0.05));
  });
  for (const errorSpace of ['vol', 'totalVariance'] as const) {
    // Margins of 0.2 on g and 0.9 on s make many of their rows active; the slices cross (calendar rows active).
    const problem = createSviSurfaceProblem(slices, { ...defaultSmileObjectiveOptions, errorSpace }, { noArbitrageRange: 1.5, butterflyMargin: 0.2, calendarMargin: 1e-3, callSpreadMargin: 0.9 });
    const stage = problem.stage({ calendar: 1e2, butterfly: 1e2 }, x, true);
    const r = new Float64Array(stage.residualCount);
    assert.ok(stage.residuals(x, r));
    const active = r.subarray(problem.dataRows).filter((v) => v !== 0).length;
    assert.ok(active > 20, `${active} active penalty rows`);
    // Of each kind: the last row is the third slice's right-wing Lee row; the slices cross.
    assert.ok(r[r.length - 1]! < 0, 'Lee row active');
    assert.ok(problem.worst(x).minCalendarRatio < 0, 'calendar rows active');
    assert.ok(problem.worst(x).minCallSpread < 0.9, 'call-spread rows active');
    const { ok, entries } = jacobianAgainstCentralDifferences(stage, x);
    assert.ok(ok);
    for (const { row, parameter, analytic, difference } of entries) {
      assert.ok(Math.abs(analytic - difference) <= 1e-5 * (Math.abs(difference) + 1), `${errorSpace} r${row} x${parameter}: ${analytic} vs ${difference}`);
    }
  }
});

test('bad input gives a failure with its reason, never a throw or NaN', () => {
  const slices = [sviSlice(0.1, shortSmile), sviSlice(0.2, longSmile)];
  const starts = [shortSmile, longSmile];
  const cases: [string, readonly SmileSlice[], readonly Float64Array[], RegExp][] = [
    ['no slices', [], [], /no slices/],
    ['mismatched lengths', slices, [shortSmile], /1 starts for 2 slices/],
    ['unsorted T', [slices[1]!, slices[0]!], [longSmile, shortSmile], /sorted by time to expiry/],
    ['repeated T', [slices[0]!, slices[0]!], starts, /sorted by time to expiry/],
    ['NaN start', slices, [shortSmile, Float64Array.of(0.012, Number.NaN, -0.4, 0, 0.2)], /start 1 is not finite/],
    ['short start', slices, [shortSmile, Float64Array.of(0.012, 0.02)], /start 1 has 2 values/],
    ['negative variance start', slices, [shortSmile, Float64Array.of(-0.1, 0.036, -0.4, 0, 0.2)], /outside raw SVI's domain/],
    ['NaN mid', [slices[0]!, { ...slices[1]!, midVol: slices[1]!.midVol.map((v, i) => (i === 3 ? Number.NaN : v)) }], starts, /quote 3/],
    ['T = 0', [{ ...slices[0]!, timeToExpiryYears: 0 }, slices[1]!], starts, /not positive/],
  ];
  for (const [name, s, p, reason] of cases) {
    const fit = calibrateSviSurface(s, p);
    assert.ok(!fit.ok, name);
    assert.match(fit.reason, reason, name);
  }
  const badOptions: [Partial<SviSurfaceOptions>, RegExp][] = [
    [{ penaltyWeights: [] }, /penaltyWeights/],
    [{ penaltyWeights: [1e4, 1e2] }, /ascending/],
    [{ maxIterations: 0.5 }, /maxIterations 0.5/],
    [{ noArbitrageRange: 1e5 }, /noArbitrageRange 100000 is not in \[0, 10\]/],
    [{ noArbitrageRange: Number.NaN }, /noArbitrageRange NaN/],
    [{ calendarMargin: Number.NaN }, /calendarMargin NaN/],
  ];
  for (const [options, reason] of badOptions) {
    const fit = calibrateSviSurface(slices, starts, options);
    assert.ok(!fit.ok && reason.test(fit.reason), `${JSON.stringify(options)}: ${fit.ok ? 'ok' : fit.reason}`);
  }
});

test('one slice is a surface: its fit is the per-slice optimum, free of butterfly arbitrage', () => {
  const slice = sviSlice(0.1, shortSmile);
  const fit = calibrateSviSurface([slice], [shortSmile]);
  assert.ok(fit.ok);
  assert.equal(fit.arbitrage.worstCalendarShortfall, 0);
  assert.ok(fit.arbitrage.arbitrageFree);
  assert.ok(fit.arbitrage.minG[0]! >= 0, `min g ${fit.arbitrage.minG[0]}`);
  fit.fitVol[0]!.forEach((v, q) => { assert.ok(Math.abs(v - slice.midVol[q]!) < 1e-6); });
});

test('the exact repair always ends free of static arbitrage: 60 random surfaces of 2–6 slices, crossing, with butterflies and past Lee\'s bound', () => {
  // The repair's promise (svi-surface-repair.ts): lift, else flatten and lift, shortest expiry first, so any
  // input of finite numbers comes out free on [−R, R]. Judged by the independent price check, not its flag.
  const rng = createRng(2026);
  let moved = 0;
  for (let trial = 0; trial < 60; trial++) {
    const n = 2 + Math.floor(rng.uniform(0, 5));
    const slices: SmileSlice[] = [];
    const packed = new Float64Array(5 * n);
    let T = rng.uniform(0.003, 0.05);
    for (let i = 0; i < n; i++) {
      // Random raw SVI, often crossing its neighbour (levels drawn independently of T), some with a
      // negative density (large b with small σ) and some past Lee's bound b(1 + |ρ|) ≤ 2.
      const sigma = Math.exp(rng.uniform(Math.log(0.005), Math.log(1)));
      const rho = rng.uniform(-0.95, 0.95);
      const b = rng.uniform(0.01, 2.2) / (1 + Math.abs(rho));
      const minW = rng.uniform(0.001, 0.2);
      const a = minW - b * sigma * Math.sqrt(1 - rho * rho);
      const p = Float64Array.of(a, b, rho, rng.uniform(-0.3, 0.3), sigma);
      packed.set(p, 5 * i);
      slices.push(sviSlice(T, Float64Array.of(minW, 0, 0, 0, 0.1)));
      T *= rng.uniform(1.3, 3);
    }
    const repair = repairSviSurface(slices, packed, 1.5);
    moved += repair.moved;
    const perSlice = slices.map((_, i) => repair.packed.subarray(5 * i, 5 * i + 5));
    const check = checkStaticArbitrage(sviSlicesForCheck(slices, perSlice), slices.map((s) => s.timeToExpiryYears));
    assert.ok(repair.arbitrageFree, `trial ${trial}: the repair's own flag`);
    assert.ok(check.arbitrageFree, `trial ${trial}: ${JSON.stringify({ spread: check.worstCallSpread, butterfly: check.worstButterfly, calendar: check.worstCalendar })}`);
    assert.ok(repair.packed.every(Number.isFinite), `trial ${trial}: finite`);
  }
  assert.ok(moved > 30, `the trials must exercise the repair (${moved} slices moved)`);
});
