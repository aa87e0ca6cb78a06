import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { smileSliceFromArrays, type SmileSlice } from '../calibration/smile-slice.ts';
import { scoreOutOfSample, type FittedSmiles } from './out-of-sample.ts';
import { decideBeforeFit, warmFitConcerns, MAX_MOVE_SIGMAS } from './recalibration-policy.ts';
import { median, parameterStability } from './stability.ts';

/** A slice quoting σ(k) = 0.6 + skew·k at strikes 80…120 (forward F), with instruments named by strike. */
function slice(forward: number, skew: number, T = 30 / 365): SmileSlice {
  const strikes = [80, 90, 100, 110, 120];
  const k = strikes.map((K) => Math.log(K / forward));
  const base = smileSliceFromArrays({
    timeToExpiryYears: T,
    forward,
    logMoneyness: k,
    midVol: k.map((x) => 0.6 + skew * x),
    bidVol: k.map((x) => 0.6 + skew * x - 0.01),
    askVol: k.map((x) => 0.6 + skew * x + 0.01),
    expiryMs: 1_000_000,
  });
  return { ...base, instruments: strikes.map((K) => `X-${K}`), strike: Float64Array.from(strikes) };
}

const linearSmile = (skew: number): FittedSmiles => (_expiry, k, out) => {
  for (let i = 0; i < k.length; i++) out[i] = 0.6 + skew * k[i]!;
  return true;
};

describe('scoreOutOfSample', () => {
  it('a smile that moves with the forward (sticky moneyness) is predicted exactly by sticky moneyness, not by the naive predictor', () => {
    const before = slice(100, -0.2);
    const after = slice(105, -0.2); // the same σ(k) around the new forward
    const s = scoreOutOfSample([before], [after], linearSmile(-0.2), { minTimeToExpiryYears: 0 });
    assert.equal(s.stickyMoneyness.quotes, 5);
    assert.ok(s.stickyMoneyness.rmseVolPoints < 1e-12);
    assert.ok(s.residualCorrected.rmseVolPoints < 1e-12);
    // Naive and sticky strike both keep each strike's old vol: off by skew·ln(F₁/F₀) = 0.2·ln 1.05 ≈ 0.98 vol points.
    const expected = 100 * 0.2 * Math.log(1.05);
    assert.ok(Math.abs(s.naive.rmseVolPoints - expected) < 1e-9, `${s.naive.rmseVolPoints}`);
    assert.ok(Math.abs(s.stickyStrike.rmseVolPoints - expected) < 1e-9);
    assert.equal(s.stickyMoneyness.insideSpreadShare, 1);
  });

  it('the residual-corrected predictor carries yesterday\'s residuals: exact when the market keeps them', () => {
    const before = slice(100, -0.2);
    const after = slice(100, -0.2);
    const s = scoreOutOfSample([before], [after], linearSmile(0), { minTimeToExpiryYears: 0 }); // a flat (wrong) fit
    assert.ok(s.residualCorrected.rmseVolPoints < 1e-12 && s.naive.rmseVolPoints < 1e-12);
    assert.ok(s.stickyMoneyness.rmseVolPoints > 1);
  });

  it('scores only instruments quoted in both snapshots, of expiries far enough out', () => {
    const before = slice(100, -0.2);
    const after = { ...slice(100, -0.2), instruments: ['X-80', 'X-90', 'NEW-1', 'NEW-2', 'NEW-3'] };
    const s = scoreOutOfSample([before], [after], linearSmile(-0.2), { minTimeToExpiryYears: 0 });
    assert.equal(s.naive.quotes, 2);
    const none = scoreOutOfSample([before], [slice(100, -0.2)], linearSmile(-0.2), { minTimeToExpiryYears: 1 });
    assert.equal(none.naive.quotes, 0);
  });
});

describe('recalibration policy', () => {
  const calm = { hasPrevious: true, hoursSincePrevious: 24, moveInSigmas: 0.5, staleInsideShare: 0.5, previousInsideShare: 0.6 };
  it('refines warm on a calm day and recalibrates fully on the first day, a big move, an old fit or a stale fit', () => {
    assert.equal(decideBeforeFit(calm).mode, 'warm');
    assert.equal(decideBeforeFit({ ...calm, hasPrevious: false }).mode, 'full');
    assert.equal(decideBeforeFit({ ...calm, moveInSigmas: MAX_MOVE_SIGMAS + 0.1 }).mode, 'full');
    assert.equal(decideBeforeFit({ ...calm, hoursSincePrevious: 24 * 8 }).mode, 'full');
    assert.equal(decideBeforeFit({ ...calm, staleInsideShare: 0.1 }).mode, 'full');
    assert.equal(decideBeforeFit({ ...calm, moveInSigmas: Number.NaN }).mode, 'warm');
  });
  it('flags a warm fit that lost the spread, did not converge or moved far', () => {
    const good = { insideShare: 0.58, previousInsideShare: 0.6, converged: true, driftInStandardErrors: 2 };
    assert.deepEqual(warmFitConcerns(good), []);
    assert.equal(warmFitConcerns({ ...good, insideShare: 0.3 }).length, 1);
    assert.equal(warmFitConcerns({ ...good, converged: false }).length, 1);
    assert.equal(warmFitConcerns({ ...good, driftInStandardErrors: 100 }).length, 1);
  });
});

describe('parameterStability', () => {
  it('takes the median absolute change between consecutive successful calibrations', () => {
    const series = [
      { ok: true, params: { a: 1, b: 10 } },
      { ok: true, params: { a: 2, b: 10 } },
      { ok: true, params: { a: 4, b: 11 } },
      { ok: false, params: {} },
      { ok: true, params: { a: 100, b: 11 } }, // after a failure: no change counted
      { ok: true, params: { a: 101, b: 12 } },
    ];
    const report = parameterStability(series);
    const a = report.parameters.find((p) => p.name === 'a')!;
    const b = report.parameters.find((p) => p.name === 'b')!;
    assert.equal(a.changes, 3);
    assert.equal(a.medianAbsChange, 1); // changes 1, 2, 1
    assert.equal(b.medianAbsChange, 1); // changes 0, 1, 1
    assert.equal(a.medianAbsLevel, 4);
    assert.ok(Math.abs(report.score - (1 / 4 + 1 / 11) / 2) < 1e-15);
  });
  it('median of an even count is the mean of the middle two; NaN for none', () => {
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.ok(Number.isNaN(median([])));
  });
});
