import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { createRng } from '../numerics/random.ts';
import { sabrNuMax } from './sabr-bounds.ts';
import { sabrVol, sabrVolKDerivatives, sabrVolWithGradient } from './sabr-vol.ts';

interface ReferenceCase {
  alpha: number;
  rho: number;
  nu: number;
  beta: number;
  timeYears: number;
  k: number;
  vol: number;
  gradient: [number, number, number];
  dVolDk: number;
  d2VolDk2: number;
}

const reference = (
  JSON.parse(readFileSync(new URL('./fixtures/sabr-reference.json', import.meta.url), 'utf8')) as { cases: ReferenceCase[] }
).cases;

const gradient = new Float64Array(3);
const kDerivatives = new Float64Array(3);

function close(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected} (|Δ| ${Math.abs(actual - expected)} > ${tolerance})`);
}

function label(c: { alpha: number; rho: number; nu: number; beta: number; timeYears: number; k: number }): string {
  return `α=${c.alpha} ρ=${c.rho} ν=${c.nu} β=${c.beta} T=${c.timeYears} k=${c.k}`;
}

test('sabrVol matches 50-digit evaluations of Hagan eq. 2.17a with an un-normalised forward (to 4e-15 relative)', () => {
  // Fixtures: scripts/sabr/generate-sabr-fixtures.py (F = 60000, α_Hagan = α·F^(1−β)); k from −3 to 3, incl. ±1e-9.
  assert.ok(reference.length >= 100);
  for (const c of reference) {
    const v = sabrVol(c.alpha, c.rho, c.nu, c.beta, c.k, c.timeYears);
    close(v, c.vol, 4e-15 * c.vol, label(c));
  }
});

test('sabrVolWithGradient and sabrVolKDerivatives return the same σ and match 50-digit derivatives (to 1e-12 of max(|value|, σ))', () => {
  for (const c of reference) {
    const v = sabrVolWithGradient(c.alpha, c.rho, c.nu, c.beta, c.k, c.timeYears, gradient);
    assert.equal(v, sabrVol(c.alpha, c.rho, c.nu, c.beta, c.k, c.timeYears), label(c));
    for (let j = 0; j < 3; j++) {
      const expected = c.gradient[j]!;
      close(gradient[j]!, expected, 1e-12 * Math.max(Math.abs(expected), c.vol), `${label(c)} ∂σ/∂x${j}`);
    }
    const v2 = sabrVolKDerivatives(c.alpha, c.rho, c.nu, c.beta, c.k, c.timeYears, kDerivatives);
    assert.equal(v2, v, label(c));
    close(kDerivatives[1]!, c.dVolDk, 1e-12 * Math.max(Math.abs(c.dVolDk), c.vol), `${label(c)} ∂σ/∂k`);
    close(kDerivatives[2]!, c.d2VolDk2, 1e-12 * Math.max(Math.abs(c.d2VolDk2), c.vol), `${label(c)} ∂²σ/∂k²`);
  }
});

test("sabrVol reproduces QuantLib's published Hagan value 0.205953 (test-suite/sabr.py, testHagenFormula)", () => {
  // QuantLib: F = 100, K = 110, T = 181/365 (9 Jan 2019 + 6 months, Act/365), α = 0.35, β = 0.85, ν = 0.75,
  // ρ = 0.85, asserted to 6 decimals; volcal's α is forward-normalised: 0.35 / 100^0.15.
  const beta = 0.85;
  const v = sabrVol(0.35 / 100 ** (1 - beta), 0.85, 0.75, beta, Math.log(110 / 100), 181 / 365);
  close(v, 0.205953, 5e-7, 'QuantLib Hagan value');
});

/** Five-point central difference: error O(h⁴) + O(ε/h). */
function derivative(f: (x: number) => number, x: number, h: number): number {
  return (8 * (f(x + h) - f(x - h)) - (f(x + 2 * h) - f(x - 2 * h))) / (12 * h);
}

test('sabrVolWithGradient matches five-point finite differences over a seeded grid, β ∈ {0, 0.5, 1} (to 1e-8)', () => {
  const rng = createRng(1729);
  for (const beta of [0, 0.5, 1]) {
    for (let i = 0; i < 300; i++) {
      const T = Math.exp(rng.uniform(Math.log(1 / 365), Math.log(3)));
      const alpha = rng.uniform(0.2, 1.5);
      const rho = rng.uniform(-0.95, 0.95);
      const nu = rng.uniform(0, 4);
      const k = rng.uniform(-2, 2) * Math.sqrt(T);
      const v = sabrVolWithGradient(alpha, rho, nu, beta, k, T, gradient);
      const fd = [
        derivative((a) => sabrVol(a, rho, nu, beta, k, T), alpha, 1e-3 * alpha),
        derivative((r) => sabrVol(alpha, r, nu, beta, k, T), rho, 1e-3 * (1 - Math.abs(rho))),
        derivative((n) => sabrVol(alpha, rho, n, beta, k, T), nu, 1e-3 * Math.max(nu, 0.1)),
      ];
      for (let j = 0; j < 3; j++) {
        close(gradient[j]!, fd[j]!, 1e-8 * Math.max(Math.abs(fd[j]!), v), `${label({ alpha, rho, nu, beta, timeYears: T, k })} ∂σ/∂x${j}`);
      }
    }
  }
});

test('sabrVol is continuous across the money: σ(±1e-9) = σ(0) ± 1e-9·∂σ/∂k to 1e-14 relative (no 0/0 at k = 0)', () => {
  for (const beta of [0, 0.5, 1]) {
    for (const [alpha, rho, nu, T] of [[0.6, -0.3, 1.5, 0.05], [0.9, 0.999, 2, 0.1], [0.4, -0.999, 8, 1 / 365], [0.5, 0, 1e-9, 1]] as const) {
      const atm = sabrVolKDerivatives(alpha, rho, nu, beta, 0, T, kDerivatives);
      const slope = kDerivatives[1]!;
      assert.ok(Number.isFinite(atm) && atm > 0);
      for (const eps of [1e-9, -1e-9, 1e-12, -1e-15]) {
        close(sabrVol(alpha, rho, nu, beta, eps, T), atm + eps * slope, 1e-14 * atm, `β=${beta} ρ=${rho} k=${eps}`);
      }
    }
  }
});

test('sabrVol ATM slope and curvature as T → 0 follow Hagan eq. 3.1a: σ′ = (ρν − (1−β)α)/2, σ″ = [(1−β)²α² + (2−3ρ²)ν²]/(6α)', () => {
  for (const beta of [0, 0.5, 1]) {
    for (const [alpha, rho, nu] of [[0.6, -0.3, 1.5], [0.9, 0.7, 3], [0.3, -0.95, 0.4]] as const) {
      const b = 1 - beta;
      const atm = sabrVolKDerivatives(alpha, rho, nu, beta, 0, 0, kDerivatives);
      assert.equal(atm, alpha);
      close(kDerivatives[1]!, (rho * nu - b * alpha) / 2, 1e-15, `slope β=${beta}`);
      close(kDerivatives[2]!, (b * b * alpha * alpha + (2 - 3 * rho * rho) * nu * nu) / (6 * alpha), 1e-14, `curvature β=${beta}`);
    }
  }
});

test('sabrVol at the money equals Hagan eq. 2.18: α{1 + [(1−β)²α²/24 + ρβαν/4 + (2−3ρ²)ν²/24]T}', () => {
  for (const beta of [0, 0.5, 1]) {
    const [alpha, rho, nu, T] = [0.7, -0.4, 2.2, 0.3];
    const b = 1 - beta;
    const expected = alpha * (1 + ((b * b * alpha * alpha) / 24 + (rho * beta * alpha * nu) / 4 + ((2 - 3 * rho * rho) * nu * nu) / 24) * T);
    close(sabrVol(alpha, rho, nu, beta, 0, T), expected, 2e-16 * expected, `β=${beta}`);
  }
});

test('sabrVol with ν = 0 and β = 1 is the flat vol α at every strike; ν = 1e-8 stays within 1e-7 of it', () => {
  for (const k of [-3, -0.5, -1e-9, 0, 0.2, 3]) {
    assert.equal(sabrVol(0.55, -0.6, 0, 1, k, 2), 0.55);
    close(sabrVol(0.55, -0.6, 1e-8, 1, k, 2), 0.55, 1e-7 * 0.55, `ν=1e-8 k=${k}`);
  }
});

test('sabrVol with β = 1 and ρ = 0 is symmetric in k (to 1e-15 relative)', () => {
  for (const [alpha, nu, T] of [[0.6, 1.5, 0.05], [0.3, 5, 1], [1.2, 0.2, 0.01]] as const) {
    for (const k of [1e-9, 0.01, 0.1, 0.7, 2, 3]) {
      const up = sabrVol(alpha, 0, nu, 1, k, T);
      close(sabrVol(alpha, 0, nu, 1, -k, T), up, 1e-15 * up, `α=${alpha} ν=${nu} k=±${k}`);
    }
  }
});

test('sabrVol, its gradient and k-derivatives are finite for seeded parameters across the bounds and k ∈ [−3, 3]', () => {
  const rng = createRng(31337);
  const pick = (lo: number, hi: number): number => {
    const u = rng.next();
    return u < 0.05 ? lo : u > 0.95 ? hi : lo + (hi - lo) * rng.next();
  };
  for (let i = 0; i < 20000; i++) {
    const T = Math.exp(rng.uniform(Math.log(1 / 8760), Math.log(5)));
    const alpha = Math.exp(pick(Math.log(1e-4), Math.log(10)));
    const rho = pick(-0.999, 0.999);
    const nu = pick(0, sabrNuMax(T));
    const beta = pick(0, 1);
    const k = pick(-3, 3);
    const v = sabrVolWithGradient(alpha, rho, nu, beta, k, T, gradient);
    sabrVolKDerivatives(alpha, rho, nu, beta, k, T, kDerivatives);
    const values = [v, ...gradient, ...kDerivatives];
    assert.ok(values.every(Number.isFinite), `${label({ alpha, rho, nu, beta, timeYears: T, k })}: ${values.join(', ')}`);
  }
});
