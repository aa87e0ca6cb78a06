import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../numerics/random.ts';
import { essviConditionViolations, wingRatio } from './essvi.ts';
import { createEssviSpec } from './essvi-spec.ts';
import { createSsviSpec } from './ssvi-spec.ts';
import { sliceTotalVarianceUnchecked } from './ssvi.ts';
import { createNodeWorkspace, type SurfaceNode, type SurfaceSpec } from './surface-nodes.ts';
import { cryptoEssviNodes } from './testing/generate-surface.ts';

const node = (T: number, theta: number, rho: number, psi: number): SurfaceNode => ({ timeToExpiryYears: T, theta, rho, psi });

test('the generated crypto-like eSSVI nodes satisfy every condition', () => {
  assert.deepEqual(essviConditionViolations(cryptoEssviNodes(12)), []);
});

test('each condition is reported when it alone fails', () => {
  const base = node(0.1, 0.02, -0.2, 0.1);
  const kinds = (nodes: SurfaceNode[]): string[] => essviConditionViolations(nodes).map((v) => v.condition);
  assert.deepEqual(kinds([node(0.1, 0.02, -0.2, 3.5)]), ['B1', 'B2']);
  assert.deepEqual(kinds([node(0.1, 0.001, 0, 0.1)]), ['B2']);
  assert.deepEqual(kinds([base, node(0.2, 0.019, -0.2, 0.1)]), ['C1', 'C3']);
  assert.deepEqual(kinds([base, node(0.2, 0.04, 0.3, 0.11)]), ['C2']);
  assert.deepEqual(kinds([base, node(0.2, 0.03, -0.2, 0.2)]), ['C3']);
  assert.deepEqual(kinds([node(0.1, -1, 0, 0)]).includes('theta'), true);
});

test('(C1)–(C3) keep w(k, T₂) ≥ w(k, T₁) on k ∈ [−5, 5] for 20 000 random slice pairs, and dropping (C3) does not', () => {
  const rng = createRng(7);
  let violatedWithoutC3 = 0;
  for (let trial = 0; trial < 20000; trial++) {
    const th1 = rng.uniform(1e-4, 0.5);
    const r1 = rng.uniform(-0.95, 0.95);
    const r2 = rng.uniform(-0.95, 0.95);
    const ps1 = rng.uniform(0, 1.5);
    const ps2 = ps1 * wingRatio(r1, r2) * rng.uniform(1, 1.5);
    const th2 = th1 * (ps2 / Math.max(ps1, 1e-300)) * rng.uniform(1, 1.3);
    const thLow = th1 * rng.uniform(1, Math.max(ps2 / ps1, 1));
    let brokeLow = false;
    for (let k = -5; k <= 5; k += 0.02) {
      const w1 = sliceTotalVarianceUnchecked(k, th1, r1 * ps1, ps1);
      assert.ok(sliceTotalVarianceUnchecked(k, th2, r2 * ps2, ps2) >= w1 * (1 - 1e-14), `trial ${trial}, k = ${k}`);
      if (sliceTotalVarianceUnchecked(k, thLow, r2 * ps2, ps2) < w1 * (1 - 1e-12)) brokeLow = true;
    }
    if (brokeLow) violatedWithoutC3++;
  }
  assert.ok(violatedWithoutC3 > 1000, `${violatedWithoutC3}`);
});

function randomBoxPoint(spec: SurfaceSpec<unknown>, rng: ReturnType<typeof createRng>): Float64Array {
  const { lower, upper } = spec.bounds;
  return Float64Array.from(lower, (lo, j) => (Number.isFinite(upper[j]!) ? rng.uniform(lo, upper[j]!) : lo + rng.uniform(0, 0.2)));
}

for (const [name, make] of [
  ['eSSVI', createEssviSpec],
  ['SSVI', createSsviSpec],
] as const) {
  test(`every point of the ${name} box unpacks to slices meeting every condition (1000 seeded points)`, () => {
    const rng = createRng(11);
    const spec: SurfaceSpec<unknown> = make(8);
    const ws = createNodeWorkspace(8, spec.parameterNames.length);
    for (let trial = 0; trial < 1000; trial++) {
      spec.unpack(randomBoxPoint(spec, rng), ws, false);
      const nodes = Array.from(ws.theta, (theta, i) => node(i + 1, theta, ws.rho[i]!, ws.psi[i]!));
      assert.deepEqual(essviConditionViolations(nodes), [], `trial ${trial}`);
    }
  });

  test(`the ${name} node Jacobian matches central finite differences`, () => {
    const rng = createRng(5);
    const n = 6;
    const spec: SurfaceSpec<unknown> = make(n);
    const P = spec.parameterNames.length;
    const ws = createNodeWorkspace(n, P);
    const up = createNodeWorkspace(n, P);
    const down = createNodeWorkspace(n, P);
    let checked = 0;
    let skipped = 0;
    for (let trial = 0; trial < 50; trial++) {
      const x = randomBoxPoint(spec, rng);
      // Stay away from the box edges so both difference points are inside.
      for (let j = 0; j < P; j++) x[j] = Math.min(Math.max(x[j]!, spec.bounds.lower[j]! + 1e-4), spec.bounds.upper[j]! - 1e-4);
      spec.unpack(x, ws, true);
      for (let j = 0; j < P; j++) {
        const h = 1e-5 * Math.max(Math.abs(x[j]!), 1e-2);
        const xu = Float64Array.from(x);
        const xd = Float64Array.from(x);
        xu[j] = x[j]! + h;
        xd[j] = x[j]! - h;
        spec.unpack(xu, up, false);
        spec.unpack(xd, down, false);
        for (let i = 0; i < n; i++) {
          for (const [key, dKey] of [['theta', 'dTheta'], ['rho', 'dRho'], ['psi', 'dPsi']] as const) {
            const fd = (up[key][i]! - down[key][i]!) / (2 * h);
            const an = ws[dKey][i * P + j]!;
            // A kink (max/min switching branch) between x − h and x + h makes the difference meaningless there.
            const fdLeft = (ws[key][i]! - down[key][i]!) / h;
            const fdRight = (up[key][i]! - ws[key][i]!) / h;
            if (Math.abs(fdLeft - fdRight) > 1e-4 * (Math.abs(fdLeft) + Math.abs(fdRight) + 1e-8)) {
              skipped++;
              continue;
            }
            checked++;
            assert.ok(Math.abs(an - fd) <= 1e-5 * Math.abs(fd) + 1e-7 * (Math.abs(ws[key][i]!) + 1e-6), `${name} trial ${trial}: ∂${key}_${i}/∂x_${j} = ${an}, FD ${fd}`);
          }
        }
      }
    }
    assert.ok(checked > 20 * skipped, `checked ${checked}, skipped at kinks ${skipped}`);
  });
}

test('eSSVI pack then unpack returns slices already inside the domain to rounding', () => {
  const nodes = cryptoEssviNodes(12);
  const spec = createEssviSpec(12);
  const x = spec.pack(
    Float64Array.from(nodes, (s) => s.theta),
    Float64Array.from(nodes, (s) => s.rho),
    Float64Array.from(nodes, (s) => s.psi),
  );
  const p = spec.named(x);
  nodes.forEach((s, i) => {
    assert.ok(Math.abs(p.theta[i]! - s.theta) <= 1e-15 * s.theta + 1e-18);
    assert.ok(Math.abs(p.rho[i]! - s.rho) <= 1e-15);
    assert.ok(Math.abs(p.psi[i]! - s.psi) <= 1e-13 * s.psi);
  });
});

test('eSSVI pack projects slices outside the domain onto slices inside it', () => {
  const spec = createEssviSpec(3);
  const x = spec.pack(Float64Array.of(0.01, 0.005, 0.04), Float64Array.of(0.5, -0.5, 0.2), Float64Array.of(0.3, 0.1, 5));
  const p = spec.named(x);
  const nodes = p.theta.map((theta, i) => node(i + 1, theta, p.rho[i]!, p.psi[i]!));
  assert.deepEqual(essviConditionViolations(nodes), []);
});
