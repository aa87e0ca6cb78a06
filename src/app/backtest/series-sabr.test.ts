import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { smileSliceFromArrays, type SmileSlice } from '../../core/calibration/smile-slice.ts';
import { sabrVol } from '../../core/smile/sabr-vol.ts';
import type { SabrParams } from '../../core/smile/sabr.ts';
import type { CalibrationRecord } from '../../store/history-store.ts';
import { sharedDataAvailable, sharedDataPath } from '../../io/shared-data-for-tests.ts';
import { createSabrSeriesModel, sabrStateSlices, type SabrStateSlice } from './series-sabr.ts';
import { seriesModel, type SeriesFit, type SeriesFitResult, type SeriesState } from './series-models.ts';
import { listSnapshots } from './list-snapshots.ts';
import { runTask } from './run-task.ts';

const DAY_MS = 24 * 3600 * 1000;
const SNAPSHOT_MS = Date.UTC(2026, 0, 5, 9);

/** Known SABR smiles (β = 1) at a few expiries: 21 strikes over ±2.5 ATM standard deviations, 1 vol-point spreads. */
const truth: readonly { readonly days: number; readonly params: SabrParams }[] = [
  { days: 3, params: { alpha: 0.55, rho: -0.15, nu: 3.2 } },
  { days: 14, params: { alpha: 0.58, rho: -0.22, nu: 1.9 } },
  { days: 45, params: { alpha: 0.61, rho: -0.28, nu: 1.1 } },
  { days: 120, params: { alpha: 0.64, rho: -0.3, nu: 0.7 } },
];

function generatedSlice(days: number, p: SabrParams): SmileSlice {
  const T = days / 365;
  const width = 2.5 * p.alpha * Math.sqrt(T);
  const k = Array.from({ length: 21 }, (_, i) => -width + (2 * width * i) / 20);
  const mid = k.map((x) => sabrVol(p.alpha, p.rho, p.nu, 1, x, T));
  return smileSliceFromArrays({
    timeToExpiryYears: T,
    forward: 90_000,
    logMoneyness: k,
    midVol: mid,
    bidVol: mid.map((v) => v - 0.005),
    askVol: mid.map((v) => v + 0.005),
    expiryMs: SNAPSHOT_MS + days * DAY_MS,
  });
}

const slices = truth.map((t) => generatedSlice(t.days, t.params));
/** The same smiles with deterministic noise of ±0.2 vol point on the mids (non-zero standard errors). */
const noisy = slices.map((s, i) => smileSliceFromArrays({
  timeToExpiryYears: s.timeToExpiryYears,
  forward: s.forward,
  logMoneyness: [...s.logMoneyness],
  midVol: Array.from(s.midVol, (v, j) => v + 0.002 * Math.sin(7 * j + i)),
  bidVol: Array.from(s.bidVol),
  askVol: Array.from(s.askVol),
  expiryMs: s.expiryMs,
}));
const model = createSabrSeriesModel();

function ok(result: SeriesFitResult): SeriesFit {
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result;
}

function byExpiry(state: SeriesState): Map<number, SabrStateSlice> {
  return new Map(sabrStateSlices(state).map((s) => [s.expiryMs, s]));
}

const cold = ok(model.fit({ slices, previous: null, warm: false, strength: 0 }));

describe('SABR series model', () => {
  it('recovers the parameters of generated smiles, expiry by expiry, and its smiles reproduce the generated vols', () => {
    const fitted = byExpiry(cold.state);
    for (const [i, t] of truth.entries()) {
      const s = fitted.get(slices[i]!.expiryMs)!;
      assert.ok(Math.abs(s.alpha - t.params.alpha) < 1e-5, `${t.days}d α ${s.alpha}`);
      assert.ok(Math.abs(s.rho - t.params.rho) < 1e-4, `${t.days}d ρ ${s.rho}`);
      assert.ok(Math.abs(s.nu - t.params.nu) < 1e-4 * t.params.nu, `${t.days}d ν ${s.nu}`);
    }
    const smiles = model.smiles(cold.state, SNAPSHOT_MS);
    for (const slice of slices) {
      const out = new Float64Array(slice.count);
      assert.ok(smiles(slice.expiryMs, slice.logMoneyness, out));
      for (let i = 0; i < slice.count; i++) assert.ok(Math.abs(out[i]! - slice.midVol[i]!) < 1e-6, `k = ${slice.logMoneyness[i]}: ${out[i]} vs ${slice.midVol[i]}`);
    }
    assert.equal(smiles(SNAPSHOT_MS + 999 * DAY_MS, Float64Array.of(0), new Float64Array(1)), false, 'an expiry the state does not hold');
    assert.equal(cold.statistics.quotes, 4 * 21);
    assert.equal(cold.statistics.insideSpreadShare, 1);
    assert.ok(cold.solver.converged);
    assert.ok(Number.isNaN(cold.driftInStandardErrors), 'no previous state, no drift');
  });

  it('reports ATM vol, ρ and ν at fixed tenors, linear in T between fitted expiries and flat beyond them', () => {
    const atm = (p: SabrParams, days: number): number => sabrVol(p.alpha, p.rho, p.nu, 1, 0, days / 365);
    const [a, b, c, d] = truth.map((t) => t.params) as [SabrParams, SabrParams, SabrParams, SabrParams];
    const u7 = (7 - 3) / (14 - 3);
    const u30 = (30 - 14) / (45 - 14);
    const u90 = (90 - 45) / (120 - 45);
    const expected: Record<string, number> = {
      atmVol7d: atm(a, 3) + u7 * (atm(b, 14) - atm(a, 3)),
      rho7d: a.rho + u7 * (b.rho - a.rho),
      nu7d: a.nu + u7 * (b.nu - a.nu),
      atmVol30d: atm(b, 14) + u30 * (atm(c, 45) - atm(b, 14)),
      rho30d: b.rho + u30 * (c.rho - b.rho),
      nu30d: b.nu + u30 * (c.nu - b.nu),
      atmVol90d: atm(c, 45) + u90 * (atm(d, 120) - atm(c, 45)),
      rho90d: c.rho + u90 * (d.rho - c.rho),
      nu90d: c.nu + u90 * (d.nu - c.nu),
      atmVol180d: atm(d, 120),
      rho180d: d.rho,
      nu180d: d.nu,
    };
    assert.deepEqual(Object.keys(cold.params).sort(), Object.keys(expected).sort());
    for (const [name, value] of Object.entries(expected)) {
      assert.ok(Math.abs(cold.params[name]! - value) < 1e-4 * Math.max(1, Math.abs(value)), `${name}: ${cold.params[name]} vs ${value}`);
    }
  });

  it('a warm fit from the previous state of the same quotes converges in a few iterations to the same parameters', () => {
    const warm = ok(model.fit({ slices, previous: cold.state, warm: true, strength: 0 }));
    assert.ok(warm.solver.iterations <= 2 * slices.length, `${warm.solver.iterations} iterations (cold ${cold.solver.iterations})`);
    assert.ok(warm.solver.iterations < cold.solver.iterations);
    const before = byExpiry(cold.state);
    for (const s of sabrStateSlices(warm.state)) {
      const b = before.get(s.expiryMs)!;
      assert.ok(Math.abs(s.alpha - b.alpha) < 1e-7 && Math.abs(s.rho - b.rho) < 1e-6 && Math.abs(s.nu - b.nu) < 1e-6 * b.nu, `${s.timeToExpiryYears}`);
    }
  });

  it('a strong prior pulls each expiry\'s ρ and ν toward their previous values and leaves α (the level) to the quotes; λ = 0 pulls nothing; a new listing has no prior', () => {
    const shifted = {
      slices: sabrStateSlices(cold.state)
        .filter((s) => s.expiryMs !== slices[3]!.expiryMs) // the 120-day expiry is "new" today
        .map((s) => ({ ...s, alpha: s.alpha + 0.03, rho: s.rho + 0.1, nu: s.nu * 1.3, alphaError: 0.01, rhoError: 0.05, nuError: 0.1 * s.nu })),
    };
    const target = byExpiry(shifted);
    const fitted = byExpiry(cold.state);
    const unpulled = ok(model.fit({ slices, previous: shifted, warm: true, strength: 0 }));
    const free = byExpiry(unpulled.state);
    const strong = ok(model.fit({ slices, previous: shifted, warm: true, strength: 1e6 }));
    const pulled = byExpiry(strong.state);
    for (const [expiryMs, t] of target) {
      const f = fitted.get(expiryMs)!;
      const p = pulled.get(expiryMs)!;
      const z = free.get(expiryMs)!;
      // λ = 0: the quotes alone decide (the truth); λ large: ρ, ν within a tenth of the shift of the target,
      // and α where the quotes put it given those: not at the target's (which is 0.03 above the fit's).
      assert.ok(Math.abs(z.alpha - f.alpha) < 1e-6 && Math.abs(z.rho - f.rho) < 1e-5, 'λ = 0 leaves the fit where the quotes put it');
      assert.ok(Math.abs(p.alpha - t.alpha) > 0.02, `α ${p.alpha} is not pulled to the target ${t.alpha}`);
      assert.ok(Math.abs(p.rho - t.rho) < 0.01, `ρ ${p.rho} vs target ${t.rho}`);
      assert.ok(Math.abs(p.nu - t.nu) < 0.03 * f.nu, `ν ${p.nu} vs target ${t.nu}`);
    }
    const fresh = pulled.get(slices[3]!.expiryMs)!;
    const alone = fitted.get(slices[3]!.expiryMs)!;
    assert.ok(Math.abs(fresh.alpha - alone.alpha) < 1e-6 && Math.abs(fresh.nu - alone.nu) < 1e-5, 'the new expiry fits as without a prior');
    assert.ok(strong.solver.penaltyCost > 0);
    // Drift counts the shape (ρ, ν), not the level α, which moves with the market: the shift is 3 standard
    // errors in ν and 2 in ρ, so unpulled the drift is 3; held, ρ and ν stay within a standard error of the
    // target, so the drift is under 1 although α moved 3 of its own standard errors (0.03 / 0.01).
    assert.ok(Math.abs(unpulled.driftInStandardErrors - 3) < 1e-3, `drift ${unpulled.driftInStandardErrors}`);
    const shapeMoves = [...target].flatMap(([expiryMs, t]) => [Math.abs(pulled.get(expiryMs)!.rho - t.rho) / 0.05, Math.abs(pulled.get(expiryMs)!.nu - t.nu) / (0.1 * t.nu / 1.3)]);
    assert.ok(Math.abs(strong.driftInStandardErrors - Math.max(...shapeMoves)) < 1e-9 && strong.driftInStandardErrors < 1, `drift ${strong.driftInStandardErrors}`);
    const alphaMoves = [...target].map(([expiryMs, t]) => Math.abs(pulled.get(expiryMs)!.alpha - t.alpha) / 0.01);
    assert.ok(Math.max(...alphaMoves) > 2, 'α moved by more than the drift shows');
    assert.ok(strong.statistics.insideSpreadShare < 1, 'statistics are those of the quotes, which the pulled smiles miss');
  });

  it('a prior centred on the fit itself changes neither the fit nor its cost and standard errors (those of the quotes alone)', () => {
    const fit = ok(model.fit({ slices: noisy, previous: null, warm: false, strength: 0 }));
    const held = ok(model.fit({ slices: noisy, previous: fit.state, warm: true, strength: 1e4 }));
    assert.ok(held.solver.penaltyCost < 1e-9 * fit.solver.cost, `penalty ${held.solver.penaltyCost}`);
    assert.ok(Math.abs(held.solver.cost - fit.solver.cost) < 1e-9 * fit.solver.cost, `${held.solver.cost} vs ${fit.solver.cost}`);
    const before = byExpiry(fit.state);
    for (const s of sabrStateSlices(held.state)) {
      const b = before.get(s.expiryMs)!;
      for (const name of ['alphaError', 'rhoError', 'nuError'] as const) {
        assert.ok(Math.abs(s[name] - b[name]) < 1e-6 * b[name], `${name}: ${s[name]} vs ${b[name]}`);
      }
    }
  });

  it('state is plain JSON: it survives JSON.stringify and JSON.parse unchanged and predicts the same', () => {
    const fit = ok(model.fit({ slices: noisy, previous: null, warm: false, strength: 0 }));
    const copy = JSON.parse(JSON.stringify(fit.state)) as SeriesState;
    assert.deepEqual(copy, fit.state);
    assert.ok(sabrStateSlices(copy).every((s) => s.alphaError > 0 && s.rhoError > 0 && s.nuError > 0), 'standard errors stored');
    const k = Float64Array.of(-0.2, -0.05, 0, 0.1, 0.3);
    const a = new Float64Array(k.length);
    const b = new Float64Array(k.length);
    for (const s of noisy) {
      model.smiles(fit.state, SNAPSHOT_MS)(s.expiryMs, k, a);
      model.smiles(copy, SNAPSHOT_MS)(s.expiryMs, k, b);
      assert.deepEqual(b, a);
    }
  });

  it('leaves out a slice that does not fit, counting its reason, and fails only when no slice fits', () => {
    const few = smileSliceFromArrays({ timeToExpiryYears: 0.1, forward: 90_000, logMoneyness: [-0.1, 0, 0.1], midVol: [0.6, 0.5, 0.6], expiryMs: SNAPSHOT_MS + 36 * DAY_MS });
    const fit = ok(model.fit({ slices: [...slices, few], previous: null, warm: false, strength: 0 }));
    assert.equal(sabrStateSlices(fit.state).length, 4);
    assert.deepEqual(fit.state.failures, { '3 quotes cannot pin 3 parameters (need at least 4)': 1 });
    const none = model.fit({ slices: [few], previous: null, warm: false, strength: 0 });
    assert.equal(none.ok, false);
  });

  it('is the model the backtest builds for "sabr"', () => {
    assert.equal(seriesModel('sabr').name, 'sabr');
  });
});

const files = [
  'deribit_options_snapshot_20260102T091809Z.csv.gz',
  'deribit_options_snapshot_20260103T091426Z.csv.gz',
  'deribit_options_snapshot_20260104T091350Z.csv.gz',
].map((f) => sharedDataPath(`deribit_znmahbub/snapshots/${f}`));

describe('SABR series on real snapshots', { skip: !sharedDataAvailable }, () => {
  it('runs through runTask: three ok calibrations, warm after the first, out-of-sample scores on the second and third', async () => {
    const { snapshots } = await listSnapshots(files);
    const records: CalibrationRecord[] = [];
    await runTask(
      {
        source: 'deribit',
        currency: 'BTC',
        model: 'sabr',
        variants: [{ name: 'regularised', strength: 0.3, stored: new Map() }],
        snapshots,
        volcalVersion: 'test',
      },
      (r) => records.push(r),
      () => performance.now(),
    );
    assert.equal(records.length, 3);
    for (const r of records) {
      assert.ok(r.ok, r.failureReason ?? '');
      assert.ok(Number.isFinite(r.params.atmVol30d) && r.params.atmVol30d! > 0.1 && r.params.atmVol30d! < 2, `ATM 30d ${r.params.atmVol30d}`);
      const stats = r.diagnostics.statistics as { insideSpreadShare: number };
      assert.ok(stats.insideSpreadShare > 0.5, `inside ${stats.insideSpreadShare}`);
    }
    assert.equal(records[0]!.diagnostics.outOfSample, null);
    for (const r of records.slice(1)) {
      assert.equal((r.diagnostics.policy as { mode: string }).mode, 'warm');
      const oos = r.diagnostics.outOfSample as { stickyMoneyness: { quotes: number; rmseVolPoints: number }; naive: { quotes: number } } | null;
      assert.ok(oos !== null && oos.stickyMoneyness.quotes > 50 && oos.stickyMoneyness.quotes === oos.naive.quotes, JSON.stringify(oos));
      assert.ok(Number.isFinite(oos.stickyMoneyness.rmseVolPoints));
    }
  });
});
