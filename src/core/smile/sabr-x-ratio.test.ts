import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SERIES_RADIUS, sabrXRatio, sabrXRatioValue } from './sabr-x-ratio.ts';
import { createRng } from '../numerics/random.ts';

const out = new Float64Array(4);

function ratio(z: number, rho: number): [number, number, number, number] {
  sabrXRatio(z, rho, out);
  return [out[0]!, out[1]!, out[2]!, out[3]!];
}

function close(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected} (|Δ| ${Math.abs(actual - expected)} > ${tolerance})`);
}

const RHOS = [-0.999, -0.7, -0.2, 0, 0.3, 0.8, 0.999];

test('sabrXRatio at z = 0 gives y = 1, ∂y/∂z = ρ/2, ∂y/∂ρ = 0, ∂²y/∂z² = (3ρ² − 1)/3 (Legendre P₁, P₂)', () => {
  for (const rho of RHOS) {
    const [y, yz, yr, yzz] = ratio(0, rho);
    assert.equal(y, 1);
    close(yz, rho / 2, 1e-16, `y_z ρ=${rho}`);
    assert.equal(Math.abs(yr), 0);
    close(yzz, (3 * rho * rho - 1) / 3, 2e-16, `y_zz ρ=${rho}`);
  }
});

test('sabrXRatio series and closed form agree across the switch at |z| = SERIES_RADIUS (to 1e-13)', () => {
  // The two branches are independent formulas for the same function: a mismatch exposes either. The closed
  // forms of the derivatives cancel by ~1/|z| (∂²y/∂z²: ~1/z²) there, hence a few 1e-14 of noise.
  const delta = 1e-13;
  for (const rho of RHOS) {
    for (const edge of [SERIES_RADIUS, -SERIES_RADIUS]) {
      const inside = ratio(edge * (1 - delta), rho);
      const outside = ratio(edge * (1 + delta), rho);
      for (let j = 0; j < 4; j++) {
        close(inside[j]!, outside[j]!, 1e-13 * Math.max(1, Math.abs(outside[j]!)), `component ${j}, ρ=${rho}, z=${edge}`);
      }
    }
  }
});

test('sabrXRatio equals ln[(√(1 − 2ρz + z²) + z − ρ)/(1 − ρ)]/z where that form is accurate (Hagan 2002 eq. 2.17b)', () => {
  for (const rho of RHOS) {
    for (const z of [0.5, -0.5, 2, -2, 10, -10, 300]) {
      const s = Math.sqrt(1 - 2 * rho * z + z * z);
      const naive = Math.log((s + z - rho) / (1 - rho)) / z;
      // The printed form cancels in s + (z − ρ) when z − ρ ≪ 0: compare only where it loses < 2 digits.
      if (s + z - rho < 0.01 * (s + Math.abs(z - rho))) continue;
      close(ratio(z, rho)[0], naive, 1e-13 * naive, `ρ=${rho} z=${z}`);
    }
  }
});

test('sabrXRatio is even under (z, ρ) → (−z, −ρ) in y and ∂²y/∂z², odd in ∂y/∂z and ∂y/∂ρ', () => {
  for (const rho of RHOS) {
    for (const z of [0.03, 0.4, 3, 50]) {
      const a = ratio(z, rho);
      const b = ratio(-z, -rho);
      close(a[0], b[0], 1e-15 * a[0], 'y');
      close(a[1], -b[1], 3e-14 * Math.abs(a[1]) + 1e-18, 'y_z');
      close(a[2], -b[2], 3e-14 * Math.abs(a[2]) + 1e-18, 'y_ρ');
      close(a[3], b[3], 3e-14 * Math.abs(a[3]) + 1e-18, 'y_zz');
    }
  }
});

/** Five-point central difference f′(x) ≈ [8(f(x+h) − f(x−h)) − (f(x+2h) − f(x−2h))]/(12h): error O(h⁴) + O(ε/h). */
function derivative(f: (x: number) => number, x: number, h: number): number {
  return (8 * (f(x + h) - f(x - h)) - (f(x + 2 * h) - f(x - 2 * h))) / (12 * h);
}

test('sabrXRatio derivatives match five-point finite differences over a seeded grid (to 1e-8)', () => {
  const rng = createRng(2002);
  for (let i = 0; i < 400; i++) {
    const rho = rng.uniform(-0.99, 0.99);
    const z = (rng.next() < 0.5 ? -1 : 1) * Math.exp(rng.uniform(Math.log(1e-3), Math.log(30)));
    const [, yz, yr, yzz] = ratio(z, rho);
    const hz = 1e-3 * Math.max(1, Math.abs(z));
    const hr = 2e-3 * (1 - Math.abs(rho)); // the ρ-dependence steepens as |ρ| → 1
    const fdZ = derivative((v) => ratio(v, rho)[0], z, hz);
    const fdR = derivative((v) => ratio(z, v)[0], rho, hr);
    const fdZZ = derivative((v) => ratio(v, rho)[1], z, hz);
    close(yz, fdZ, 1e-8 * Math.max(Math.abs(fdZ), 1e-2), `y_z z=${z} ρ=${rho}`);
    close(yr, fdR, 1e-8 * Math.max(Math.abs(fdR), 1e-2), `y_ρ z=${z} ρ=${rho}`);
    close(yzz, fdZZ, 1e-8 * Math.max(Math.abs(fdZZ), 1e-2), `y_zz z=${z} ρ=${rho}`);
  }
});

test('sabrXRatio is finite and positive for |z| up to 1e8 and |ρ| up to 0.999', () => {
  for (const rho of RHOS) {
    for (const z of [-1e8, -1e4, -37, -1, -1e-300, 0, 5e-324, 1e-12, 1, 37, 1e4, 1e8]) {
      const values = ratio(z, rho);
      assert.ok(values[0] > 0, `y(${z}, ${rho}) = ${values[0]}`);
      for (const v of values) assert.ok(Number.isFinite(v), `z=${z} ρ=${rho}: ${values.join(', ')}`);
    }
  }
});

test('sabrXRatioValue returns sabrXRatio\'s y bit for bit (series, closed form, both signs of ρ, the switch and z = 0)', () => {
  const out = new Float64Array(4);
  const rng = createRng(17);
  const zs = [0, 1e-300, -1e-12, 0.05, -0.0999999, SERIES_RADIUS, -SERIES_RADIUS, 0.3, -2.5, 40, -1e6];
  for (let i = 0; i < 2000; i++) zs.push(rng.uniform(-0.2, 0.2), rng.uniform(-30, 30));
  for (const z of zs) {
    for (const rho of [-0.999, -0.7, -0.1, 0, 0.2, 0.85, 0.999]) {
      assert.equal(sabrXRatioValue(z, rho), sabrXRatio(z, rho, out), `z=${z} ρ=${rho}`);
    }
  }
});
