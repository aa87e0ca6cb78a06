import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { calibrateEssvi, surfaceResiduals } from '../surface/calibrate-surface.ts';
import { createEssviSpec } from '../surface/essvi-spec.ts';
import { cryptoEssviNodes, slicesFromNodes } from '../surface/testing/generate-surface.ts';
import { defaultSmileObjectiveOptions } from '../calibration/smile-objective.ts';
import { withExtraRows } from '../optimize/extra-rows.ts';
import { jacobianAgainstCentralDifferences } from '../optimize/testing/central-differences.ts';
import { surfacePrior, surfacePriorRows, type PriorSlice } from './surface-prior.ts';
import { discountedStrength, packedPrior, packedPriorRows, priorCost } from './parameter-prior.ts';
import { calibrateModel } from '../calibration/calibrate-model.ts';
import { createHestonSpec } from '../calibration/model-specs/heston-spec.ts';
import { modelSurface } from '../calibration/testing/model-surface.ts';
import { heston } from '../pricing/fourier/heston.ts';

const nodes = cryptoEssviNodes(6);
const noisy = (seed: number) => slicesFromNodes(nodes, { quotes: 25, noiseVol: 0.004, spreadVol: 0.01, seed });
const expiries = (slices: ReturnType<typeof noisy>) => slices.map((s) => ({ expiryMs: s.expiryMs, timeToExpiryYears: s.timeToExpiryYears }));

/** The true nodes as a previous calibration, shifted (ATM vol +2 points, ρ +0.05) so the pull is visible. */
function shiftedTruth(errors: number): PriorSlice[] {
  const slices = noisy(1);
  return nodes.map((node, i) => {
    const vol = Math.sqrt(node.theta / node.timeToExpiryYears) + 0.02;
    return {
      expiryMs: slices[i]!.expiryMs,
      timeToExpiryYears: node.timeToExpiryYears,
      theta: vol * vol * node.timeToExpiryYears,
      rho: node.rho + 0.05,
      psi: node.psi,
      atmVolError: errors,
      rhoError: errors,
      psiError: errors,
    };
  });
}

describe('surface prior (temporal regularisation of eSSVI)', () => {
  for (const freeAtmVol of [false, true]) it(`prior rows' analytic Jacobian matches central differences of the rows${freeAtmVol ? ' (ATM vol free)' : ''}`, () => {
    const slices = noisy(3);
    const spec = createEssviSpec(slices.length);
    const { problem, workspace } = surfaceResiduals(spec, slices, defaultSmileObjectiveOptions);
    const prior = surfacePrior(2, expiries(slices), shiftedTruth(0.01), { freeAtmVol });
    const times = Float64Array.from(slices, (s) => s.timeToExpiryYears);
    const full = withExtraRows(problem, surfacePriorRows(prior, times, workspace));
    const fit = calibrateEssvi(slices);
    assert.ok(fit.ok);
    const x = Float64Array.from(fit.packed);
    x[0] = x[0]! * 1.01; // off the optimum, inside the box
    assert.ok(full.residuals(x, new Float64Array(full.residualCount)));
    const { ok, entries } = jacobianAgainstCentralDifferences(full, x, { fromRow: problem.residualCount, bounds: spec.bounds });
    assert.ok(ok);
    let worst = 0;
    for (const e of entries) worst = Math.max(worst, Math.abs(e.difference - e.analytic) / Math.max(1, Math.abs(e.difference)));
    assert.ok(worst < 1e-5, `worst relative difference ${worst}`);
  });

  it('strength 0 gives the unregularised fit; a huge strength holds every slice at its target', () => {
    const slices = noisy(5);
    const plain = calibrateEssvi(slices);
    const zero = calibrateEssvi(slices, { prior: surfacePrior(0, expiries(slices), shiftedTruth(0.01)) });
    assert.ok(plain.ok && zero.ok);
    assert.deepEqual(Array.from(zero.packed), Array.from(plain.packed));
    const previous = shiftedTruth(0.001);
    const held = calibrateEssvi(slices, { prior: surfacePrior(1e8, expiries(slices), previous) });
    assert.ok(held.ok);
    held.perExpiry.forEach((e, i) => {
      const targetVol = Math.sqrt(previous[i]!.theta / previous[i]!.timeToExpiryYears);
      assert.ok(Math.abs(Math.sqrt(e.theta / e.timeToExpiryYears) - targetVol) < 1e-4, `slice ${i} ATM vol`);
      assert.ok(Math.abs(e.rho - previous[i]!.rho) < 1e-4, `slice ${i} rho ${e.rho} vs ${previous[i]!.rho}`);
    });
    // The reported cost is the quotes' alone: at least the unregularised optimum's, and the penalty is reported apart.
    assert.ok(held.solver.cost >= plain.solver.cost - 1e-12 && held.penaltyCost >= 0);
  });

  it("a moderate strength moves the fit part of the way toward the previous slices", () => {
    const slices = noisy(5);
    const previous = shiftedTruth(0.005);
    const plain = calibrateEssvi(slices);
    const pulled = calibrateEssvi(slices, { prior: surfacePrior(1, expiries(slices), previous) });
    assert.ok(plain.ok && pulled.ok);
    const distance = (fit: typeof plain & { ok: true }): number =>
      fit.perExpiry.reduce((sum, e, i) => sum + Math.abs(e.rho - previous[i]!.rho), 0);
    assert.ok(distance(pulled) < distance(plain), `${distance(pulled)} vs ${distance(plain)}`);
    assert.ok(pulled.solver.cost > plain.solver.cost);
  });

  it("slices' standard errors agree with the scatter of refits over independent noise (within a factor 1.6)", () => {
    const atm: number[][] = nodes.map(() => []);
    const rho: number[][] = nodes.map(() => []);
    let reported: { atmVol: number; rho: number }[] = [];
    for (let seed = 1; seed <= 40; seed++) {
      const fit = calibrateEssvi(noisy(100 + seed), { loss: 'l2' });
      assert.ok(fit.ok);
      fit.perExpiry.forEach((e, i) => {
        atm[i]!.push(Math.sqrt(e.theta / e.timeToExpiryYears));
        rho[i]!.push(e.rho);
      });
      if (seed === 1) reported = fit.perExpiry.map((e) => ({ atmVol: e.standardErrors!.atmVol, rho: e.standardErrors!.rho }));
    }
    const sd = (v: number[]) => {
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      return Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1));
    };
    nodes.forEach((_, i) => {
      for (const [name, values, se] of [['ATM vol', atm[i]!, reported[i]!.atmVol], ['rho', rho[i]!, reported[i]!.rho]] as const) {
        const ratio = se / sd(values);
        assert.ok(ratio > 1 / 1.6 && ratio < 1.6, `slice ${i} ${name}: reported ${se}, scatter ${sd(values)}`);
      }
    });
  });
});

describe('packed prior (temporal regularisation of the stochastic models)', () => {
  const truth = { v0: 0.36, kappa: 2, theta: 0.49, sigma: 1.2, rho: -0.3 };
  const slices = modelSurface(heston, truth, { days: [7, 30, 90, 180], strikes: 11, noiseVol: 0.003, halfSpreadVol: 0.005, seed: 3 });
  const spec = createHestonSpec();
  const center = spec.pack({ ...truth, sigma: 0.8, rho: -0.1 });
  const ones = new Float64Array(center.length).fill(1);

  it('strength 0 reproduces the unregularised fit; a huge strength returns the centre', () => {
    const plain = calibrateModel(spec, slices);
    const zero = calibrateModel(spec, slices, { prior: packedPrior(0, center, ones, ones) });
    assert.ok(plain.ok && zero.ok);
    assert.deepEqual(Array.from(zero.packed), Array.from(plain.packed));
    const held = calibrateModel(spec, slices, { prior: packedPrior(1e10, center, new Float64Array(center.length).fill(1e-3), ones) });
    assert.ok(held.ok);
    held.packed.forEach((v, j) => {
      assert.ok(Math.abs(v - center[j]!) < 1e-3, `${spec.packedNames[j]}: ${v} vs ${center[j]}`);
    });
  });

  it('the regularised optimum trades data cost for penalty: data cost up, total cost down against the plain optimum', () => {
    const prior = packedPrior(1, center, new Float64Array(center.length).fill(0.05), ones);
    const plain = calibrateModel(spec, slices);
    const reg = calibrateModel(spec, slices, { prior });
    assert.ok(plain.ok && reg.ok);
    assert.ok(reg.solver.cost >= plain.solver.cost * (1 - 1e-6), `data cost ${reg.solver.cost} < ${plain.solver.cost}`);
    assert.ok(reg.solver.penaltyCost > 0 && Math.abs(reg.solver.penaltyCost - priorCost(prior, reg.packed)) < 1e-12);
    const plainTotal = plain.solver.cost + priorCost(prior, plain.packed);
    assert.ok(reg.solver.cost + reg.solver.penaltyCost <= plainTotal * (1 + 1e-6), 'the regularised fit minimises the total');
  });

  it('rejects a negative or non-finite strength', () => {
    assert.throws(() => packedPrior(-1, center, ones, ones), /strength/);
    assert.throws(() => packedPrior(Number.NaN, center, ones, ones), /strength/);
  });
});

describe('discountedStrength', () => {
  it('keeps λ on a still market, divides it by 1 + d² after a move of d daily sigmas, and ignores an unknown move', () => {
    assert.equal(discountedStrength(3, 0), 3);
    assert.equal(discountedStrength(3, 3), 0.3);
    assert.equal(discountedStrength(2, 1), 1);
    assert.equal(discountedStrength(3, Number.NaN), 3);
  });
});

describe('levels left free', () => {
  it('packedPrior with a free mask does not pull the masked parameter (zero row, zero Jacobian) and pulls the rest', () => {
    const prior = packedPrior(4, Float64Array.of(0.3, 2), Float64Array.of(0.01, 0.5), Float64Array.of(1, 10), Uint8Array.of(1, 0));
    const rows = packedPriorRows(prior);
    const out = new Float64Array(2);
    rows.residuals(Float64Array.of(0.5, 3), out, 0);
    assert.deepEqual(Array.from(out), [0, (2 * (3 - 2)) / 0.5]);
    const jac = new Float64Array(4);
    rows.jacobian(Float64Array.of(0.5, 3), jac, 0);
    assert.deepEqual(Array.from(jac), [0, 0, 0, 2 / 0.5]);
    assert.equal(priorCost(prior, Float64Array.of(0.5, 3)), (4 * 4) / 2);
  });

  it('surfacePrior with freeAtmVol keeps the ρ and ψ targets and drops the ATM vol ones', () => {
    const previous: PriorSlice[] = [{ expiryMs: 1, timeToExpiryYears: 0.1, theta: 0.025, rho: -0.2, psi: 0.1, atmVolError: 0.01, rhoError: 0.02, psiError: 0.01 }];
    const expiries = [{ expiryMs: 1, timeToExpiryYears: 0.1 }];
    const held = surfacePrior(1, expiries, previous);
    const shape = surfacePrior(1, expiries, previous, { freeAtmVol: true });
    assert.ok(Math.abs(held.atmVol[0]! - 0.5) < 1e-12);
    assert.ok(Number.isNaN(shape.atmVol[0]!));
    assert.equal(shape.rho[0], -0.2);
    assert.equal(shape.psi[0], 0.1);
  });
});
