import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../numerics/random.ts';
import type { Rng } from '../numerics/random.ts';
import type { SviLevelFloor, SviLinearConstraintOptions } from './svi-linear-fit.ts';
import { solveSviLinear, sviLinearConstraints, sviLinearViolation } from './svi-linear-fit.ts';

interface Instance {
  readonly normal: Float64Array;
  readonly rhs: Float64Array;
  readonly options: SviLinearConstraintOptions;
}

/**
 * A random inner problem: quotes with random (not SVI-shaped) variances and weights at a random (m, σ), so
 * the unconstrained least squares often leaves the polytope (negative c, |ρ| > 1, a < 0, steep wings).
 */
function randomInstance(rng: Rng, levelFloor: SviLevelFloor): Instance {
  const n = 5 + rng.nextInt(20);
  const m = rng.uniform(-0.3, 0.3);
  const sigma = Math.exp(rng.uniform(Math.log(0.01), Math.log(1)));
  const h = [0, 0, 0, 0, 0, 0];
  const g = [0, 0, 0];
  let aMax = 0;
  const trend = rng.uniform(-0.3, 0.3);
  for (let i = 0; i < n; i++) {
    const k = rng.uniform(-0.8, 0.8);
    const w = Math.max(1e-4, 0.05 + trend * k + rng.uniform(-0.04, 0.04));
    const om = rng.uniform(0.1, 2);
    const y = (k - m) / sigma;
    const z = Math.sqrt(y * y + 1);
    const basis = [om, om * y, om * z, om * y * y, om * y * z, om * z * z];
    basis.forEach((v, j) => (h[j] = h[j]! + v));
    [om * w, om * w * y, om * w * z].forEach((v, j) => (g[j] = g[j]! + v));
    aMax = Math.max(aMax, w);
  }
  const normal = Float64Array.from(h);
  const rhs = Float64Array.from(g);
  return { normal, rhs, options: { sigma, maxWingSlope: 2, maxAbsRho: 0.999, aMax, levelFloor } };
}

function objective(h: Float64Array, g: Float64Array, a: number, d: number, c: number): number {
  const hx0 = h[0]! * a + h[1]! * d + h[2]! * c;
  const hx1 = h[1]! * a + h[3]! * d + h[4]! * c;
  const hx2 = h[2]! * a + h[4]! * d + h[5]! * c;
  return 0.5 * (a * hx0 + d * hx1 + c * hx2) - (g[0]! * a + g[1]! * d + g[2]! * c);
}

/** Every vertex of the polytope, by intersecting each triple of constraint planes (Cramer's rule). */
function vertices(options: SviLinearConstraintOptions): Float64Array[] {
  const cons = sviLinearConstraints(options);
  const out: Float64Array[] = [];
  const row = (j: number): [number, number, number] => [cons.normals[3 * j]!, cons.normals[3 * j + 1]!, cons.normals[3 * j + 2]!];
  const det = (p: number[], q: number[], r: number[]): number =>
    p[0]! * (q[1]! * r[2]! - q[2]! * r[1]!) - p[1]! * (q[0]! * r[2]! - q[2]! * r[0]!) + p[2]! * (q[0]! * r[1]! - q[1]! * r[0]!);
  for (let i = 0; i < cons.count; i++) {
    for (let j = i + 1; j < cons.count; j++) {
      for (let l = j + 1; l < cons.count; l++) {
        const [p, q, r] = [row(i), row(j), row(l)];
        const dd = det(p, q, r);
        if (Math.abs(dd) < 1e-12) continue;
        const b = [cons.lower[i]!, cons.lower[j]!, cons.lower[l]!];
        const col = (c: number): number[][] => [p, q, r].map((v, t) => v.map((x, u) => (u === c ? b[t]! : x)));
        const x = Float64Array.from([0, 1, 2], (c) => {
          const [pp, qq, rr] = col(c);
          return det(pp!, qq!, rr!) / dd;
        });
        if (sviLinearViolation(cons, x) <= 1e-12) out.push(x);
      }
    }
  }
  return out;
}

for (const levelFloor of ['zeliade', 'positive-variance'] as const) {
  test(`the inner solve (${levelFloor}) is feasible and no worse than any vertex or any point of a dense grid of the polytope`, () => {
    const rng = createRng(levelFloor === 'zeliade' ? 11 : 12);
    const x = new Float64Array(3);
    let constrainedCount = 0;
    for (let trial = 0; trial < 40; trial++) {
      const { normal, rhs, options } = randomInstance(rng, levelFloor);
      const value = solveSviLinear(normal, rhs, options, x);
      const cons = sviLinearConstraints(options);
      const scale = Math.max(options.aMax, options.maxWingSlope * options.sigma);
      assert.ok(sviLinearViolation(cons, x) <= 1e-11 * scale, `trial ${trial}: infeasible ${[...x].join(', ')}`);
      assert.ok(Math.abs(value - objective(normal, rhs, x[0]!, x[1]!, x[2]!)) <= 1e-12 * (Math.abs(value) + 1));
      const tolerance = 1e-10 * (Math.abs(value) + normal[0]! * options.aMax * options.aMax);
      const corners = vertices(options);
      assert.ok(corners.length >= 4, 'the polytope is a bounded solid');
      for (const v of corners) assert.ok(value <= objective(normal, rhs, v[0]!, v[1]!, v[2]!) + tolerance);
      // Dense grid over the bounding box, feasible points only.
      const cap = options.maxWingSlope * options.sigma;
      const aLow = levelFloor === 'zeliade' ? 0 : -cap;
      const steps = 48;
      let gridBest = Infinity;
      const p = new Float64Array(3);
      for (let i = 0; i <= steps; i++) {
        p[0] = aLow + ((options.aMax - aLow) * i) / steps;
        for (let j = 0; j <= steps; j++) {
          p[1] = -cap + (2 * cap * j) / steps;
          for (let l = 0; l <= steps; l++) {
            p[2] = (cap * l) / steps;
            if (sviLinearViolation(cons, p) > 0) continue;
            gridBest = Math.min(gridBest, objective(normal, rhs, p[0], p[1], p[2]));
          }
        }
      }
      assert.ok(value <= gridBest + tolerance, `trial ${trial}: solver ${value} vs grid ${gridBest}`);
      // Count instances where the unconstrained optimum was infeasible (the test must exercise the faces).
      const unconstrained = solveUnconstrained(normal, rhs);
      if (unconstrained === null || sviLinearViolation(cons, unconstrained) > 1e-12) constrainedCount++;
    }
    assert.ok(constrainedCount >= 10, `only ${constrainedCount} of 40 instances had an active constraint`);
  });
}

function solveUnconstrained(h: Float64Array, g: Float64Array): Float64Array | null {
  const m = [
    [h[0]!, h[1]!, h[2]!],
    [h[1]!, h[3]!, h[4]!],
    [h[2]!, h[4]!, h[5]!],
  ];
  const det = (q: number[][]): number =>
    q[0]![0]! * (q[1]![1]! * q[2]![2]! - q[1]![2]! * q[2]![1]!) -
    q[0]![1]! * (q[1]![0]! * q[2]![2]! - q[1]![2]! * q[2]![0]!) +
    q[0]![2]! * (q[1]![0]! * q[2]![1]! - q[1]![1]! * q[2]![0]!);
  const d = det(m);
  if (Math.abs(d) < 1e-300) return null;
  return Float64Array.from([0, 1, 2], (c) => det(m.map((r, i) => r.map((v, j) => (j === c ? g[i]! : v)))) / d);
}

test('the inner solve returns the unconstrained least squares when it lies inside the polytope', () => {
  // Data exactly on w = 0.02 + 0.003·y + 0.01·√(y² + 1) at σ = 0.1: feasible (|d| ≤ c, c + |d| ≤ 2σ, a ≥ 0).
  const sigma = 0.1;
  const normal = new Float64Array(6);
  const rhs = new Float64Array(3);
  for (let i = 0; i < 9; i++) {
    const y = (-0.4 + 0.1 * i) / sigma;
    const z = Math.sqrt(y * y + 1);
    const w = 0.02 + 0.003 * y + 0.01 * z;
    normal.set([normal[0]! + 1, normal[1]! + y, normal[2]! + z, normal[3]! + y * y, normal[4]! + y * z, normal[5]! + z * z]);
    rhs.set([rhs[0]! + w, rhs[1]! + w * y, rhs[2]! + w * z]);
  }
  const x = new Float64Array(3);
  solveSviLinear(normal, rhs, { sigma, maxWingSlope: 2, maxAbsRho: 0.999, aMax: 1, levelFloor: 'zeliade' }, x);
  assert.ok(Math.abs(x[0]! - 0.02) < 1e-13 && Math.abs(x[1]! - 0.003) < 1e-13 && Math.abs(x[2]! - 0.01) < 1e-13, [...x].join(', '));
});

test('the inner solve with no information (all weights zero) returns a feasible point, not NaN', () => {
  const x = new Float64Array(3);
  const options = { sigma: 0.2, maxWingSlope: 2, maxAbsRho: 0.999, aMax: 0.05, levelFloor: 'positive-variance' as const };
  const value = solveSviLinear(new Float64Array(6), new Float64Array(3), options, x);
  assert.equal(value, 0);
  assert.ok(x.every(Number.isFinite));
  assert.ok(sviLinearViolation(sviLinearConstraints(options), x) <= 1e-15);
});
