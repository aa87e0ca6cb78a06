/**
 * eSSVI's packed parameters: Mingone's global change of variables (A. Mingone, "No arbitrage global
 * parametrization for the eSSVI volatility surface", Quantitative Finance 22 (2022), arXiv:2204.00312, §3),
 * under which the box bounds of the optimiser imply every condition of essvi.ts, so the whole surface is
 * fitted at once and no point the optimiser visits is arbitrageable.
 *
 * Packed layout (3n parameters for n expiries):
 *   x[0]          θ_1 ≥ THETA_FLOOR
 *   x[i], i ≥ 1   a_{i+1} ≥ 0 with θ_{i+1} = p_{i+1}·θ_i + a_{i+1}                      (C1, and room for C3)
 *   x[n + i]      ρ_{i+1} ∈ [−RHO_BOUND, RHO_BOUND]
 *   x[2n + i]     c_{i+1} ∈ [0, 1] with ψ_{i+1} = A + c·(C − A)
 * where p_{i+1} = wingRatio(ρ_i, ρ_{i+1}) (essvi.ts), A = p_{i+1}ψ_i (0 for the first slice: C2), and
 * C = min(ψ_iθ_{i+1}/θ_i (C3), G_{i+1}), with G_j = min_{l ≥ j} f_l / Π_{j<m≤l} p_m the largest ψ_j that
 * still lets every later slice meet its butterfly bound f_l = min(4(1 − ε)/(1 + |ρ_l|), √(4θ_l/(1 + |ρ_l|)))
 * (B1, B2) once (C2) has pushed it up by the p's. A ≤ C always holds, so every box point is a valid surface.
 *
 * The Jacobian of the nodes with respect to x is carried forward through the same recursion (forward-mode
 * differentiation, O(n²) per evaluation). The map has kinks (the max in p, the mins in C and G, |ρ|);
 * at a kink the derivative of the active branch is used, which is what a Levenberg–Marquardt step needs.
 */
import type { NodeWorkspace, SurfaceSpec } from './surface-nodes.ts';
import { createNodeWorkspace, RHO_BOUND, THETA_FLOOR } from './surface-nodes.ts';
import { B1_MARGIN } from './essvi.ts';

export interface EssviParams {
  readonly theta: readonly number[];
  readonly rho: readonly number[];
  readonly psi: readonly number[];
}

/** Scratch of the backward butterfly bounds G and the wing ratios p (and their gradients). */
interface Scratch {
  readonly p: Float64Array;
  readonly dpPrev: Float64Array;
  readonly dpThis: Float64Array;
  readonly g: Float64Array;
  readonly dG: Float64Array;
  readonly tmp: Float64Array;
}

export function createEssviSpec(n: number): SurfaceSpec<EssviParams> {
  const P = 3 * n;
  const lower = new Float64Array(P);
  const upper = new Float64Array(P);
  lower[0] = THETA_FLOOR;
  upper[0] = Number.POSITIVE_INFINITY;
  for (let i = 1; i < n; i++) upper[i] = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    lower[n + i] = -RHO_BOUND;
    upper[n + i] = RHO_BOUND;
    upper[2 * n + i] = 1;
  }
  const names = [
    'theta1',
    ...Array.from({ length: n - 1 }, (_, i) => `thetaExcess${i + 2}`),
    ...Array.from({ length: n }, (_, i) => `rho${i + 1}`),
    ...Array.from({ length: n }, (_, i) => `psiPosition${i + 1}`),
  ];
  const scratch: Scratch = {
    p: new Float64Array(n),
    dpPrev: new Float64Array(n),
    dpThis: new Float64Array(n),
    g: new Float64Array(n),
    dG: new Float64Array(n * P),
    tmp: new Float64Array(P),
  };

  const unpack = (x: Float64Array, ws: NodeWorkspace, withGradient: boolean): void => {
    unpackEssvi(x, n, ws, scratch, withGradient);
  };

  return {
    model: 'essvi',
    sliceCount: n,
    parameterNames: names,
    bounds: { lower, upper },
    unpack,
    pack: (theta, rho, psi) => packEssvi(theta, rho, psi, n, lower, upper),
    named: (x) => {
      const ws = createNodeWorkspace(n, P);
      unpackEssvi(x, n, ws, scratch, false);
      return { theta: Array.from(ws.theta), rho: Array.from(ws.rho), psi: Array.from(ws.psi) };
    },
  };
}

/** Butterfly bound f = min(4(1 − ε)/(1 + |ρ|), √(4θ/(1 + |ρ|))) and its partials [∂f/∂θ, ∂f/∂ρ] into d. */
function butterflyBound(theta: number, rho: number, d: Float64Array): number {
  const r = 1 + Math.abs(rho);
  const sign = rho > 0 ? 1 : rho < 0 ? -1 : 0;
  const b1 = (4 * (1 - B1_MARGIN)) / r;
  const b2 = 2 * Math.sqrt(theta / r);
  if (b1 <= b2) {
    d[0] = 0;
    d[1] = (-b1 * sign) / r;
    return b1;
  }
  d[0] = b2 / (2 * theta);
  d[1] = (-b2 * sign) / (2 * r);
  return b2;
}

function unpackEssvi(x: Float64Array, n: number, ws: NodeWorkspace, s: Scratch, grad: boolean): void {
  const P = 3 * n;
  const { theta, rho, psi, dTheta, dRho, dPsi } = ws;
  if (grad) {
    dTheta.fill(0);
    dRho.fill(0);
    dPsi.fill(0);
    s.dG.fill(0);
  }
  for (let i = 0; i < n; i++) {
    rho[i] = x[n + i]!;
    if (grad) dRho[i * P + n + i] = 1;
  }
  // θ forward, with the wing ratios p_i (p_0 unused).
  theta[0] = x[0]!;
  if (grad) dTheta[0] = 1;
  for (let i = 1; i < n; i++) {
    const r0 = rho[i - 1]!;
    const r1 = rho[i]!;
    const up = (1 + r0) / (1 + r1);
    const down = (1 - r0) / (1 - r1);
    let p: number;
    if (up >= down) {
      p = up;
      s.dpPrev[i] = 1 / (1 + r1);
      s.dpThis[i] = -up / (1 + r1);
    } else {
      p = down;
      s.dpPrev[i] = -1 / (1 - r1);
      s.dpThis[i] = down / (1 - r1);
    }
    s.p[i] = p;
    theta[i] = p * theta[i - 1]! + x[i]!;
    if (grad) {
      const row = i * P;
      const prev = (i - 1) * P;
      for (let j = 0; j < P; j++) dTheta[row + j] = p * dTheta[prev + j]!;
      dTheta[row + n + i - 1] = dTheta[row + n + i - 1]! + theta[i - 1]! * s.dpPrev[i]!;
      dTheta[row + n + i] = dTheta[row + n + i]! + theta[i - 1]! * s.dpThis[i]!;
      dTheta[row + i] = dTheta[row + i]! + 1;
    }
  }
  // G backward: G_{n−1} = f_{n−1}, G_i = min(f_i, G_{i+1}/p_{i+1}).
  const d = s.tmp;
  for (let i = n - 1; i >= 0; i--) {
    const f = butterflyBound(theta[i]!, rho[i]!, d);
    const dfTheta = d[0]!;
    const dfRho = d[1]!;
    const row = i * P;
    const carried = i < n - 1 ? s.g[i + 1]! / s.p[i + 1]! : Number.POSITIVE_INFINITY;
    if (f <= carried) {
      s.g[i] = f;
      if (grad) {
        for (let j = 0; j < P; j++) s.dG[row + j] = dfTheta * dTheta[row + j]!;
        s.dG[row + n + i] = s.dG[row + n + i]! + dfRho;
      }
    } else {
      const pNext = s.p[i + 1]!;
      s.g[i] = carried;
      if (grad) {
        const next = (i + 1) * P;
        for (let j = 0; j < P; j++) s.dG[row + j] = s.dG[next + j]! / pNext;
        const dp = -carried / pNext;
        s.dG[row + n + i] = s.dG[row + n + i]! + dp * s.dpPrev[i + 1]!;
        s.dG[row + n + i + 1] = s.dG[row + n + i + 1]! + dp * s.dpThis[i + 1]!;
      }
    }
  }
  // ψ forward: ψ_i = A + c(C − A).
  const c0 = x[2 * n]!;
  psi[0] = c0 * s.g[0]!;
  if (grad) {
    for (let j = 0; j < P; j++) dPsi[j] = c0 * s.dG[j]!;
    dPsi[2 * n] = dPsi[2 * n]! + s.g[0]!;
  }
  for (let i = 1; i < n; i++) {
    const p = s.p[i]!;
    const psiPrev = psi[i - 1]!;
    const thPrev = theta[i - 1]!;
    const th = theta[i]!;
    const a = p * psiPrev;
    const phiCap = (psiPrev * th) / thPrev;
    const gi = s.g[i]!;
    const useG = gi <= phiCap;
    const cap = useG ? gi : phiCap;
    const ci = x[2 * n + i]!;
    psi[i] = a + ci * (cap - a);
    if (!grad) continue;
    const row = i * P;
    const prev = (i - 1) * P;
    for (let j = 0; j < P; j++) {
      const dA = p * dPsi[prev + j]!;
      const dCap = useG
        ? s.dG[row + j]!
        : (th * dPsi[prev + j]! + psiPrev * dTheta[row + j]!) / thPrev - (phiCap * dTheta[prev + j]!) / thPrev;
      dPsi[row + j] = (1 - ci) * dA + ci * dCap;
    }
    // p's own dependence on ρ_{i−1}, ρ_i enters through A = pψ_{i−1}.
    dPsi[row + n + i - 1] = dPsi[row + n + i - 1]! + (1 - ci) * psiPrev * s.dpPrev[i]!;
    dPsi[row + n + i] = dPsi[row + n + i]! + (1 - ci) * psiPrev * s.dpThis[i]!;
    dPsi[row + 2 * n + i] = dPsi[row + 2 * n + i]! + (cap - a);
  }
}

/** Projection of natural nodes onto the packed box (exact inverse of unpack inside the domain). */
function packEssvi(
  thetaIn: Float64Array,
  rhoIn: Float64Array,
  psiIn: Float64Array,
  n: number,
  lower: Float64Array,
  upper: Float64Array,
): Float64Array {
  const x = new Float64Array(3 * n);
  const theta = new Float64Array(n);
  const rho = new Float64Array(n);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) rho[i] = Math.min(Math.max(rhoIn[i]!, lower[n + i]!), upper[n + i]!);
  theta[0] = Math.max(thetaIn[0]!, THETA_FLOOR);
  x[0] = theta[0];
  for (let i = 1; i < n; i++) {
    p[i] = Math.max((1 + rho[i - 1]!) / (1 + rho[i]!), (1 - rho[i - 1]!) / (1 - rho[i]!));
    const excess = Math.max(thetaIn[i]! - p[i]! * theta[i - 1]!, 0);
    x[i] = excess;
    theta[i] = p[i]! * theta[i - 1]! + excess;
  }
  for (let i = 0; i < n; i++) x[n + i] = rho[i]!;
  const g = new Float64Array(n);
  const d = new Float64Array(2);
  for (let i = n - 1; i >= 0; i--) {
    const f = butterflyBound(theta[i]!, rho[i]!, d);
    g[i] = i < n - 1 ? Math.min(f, g[i + 1]! / p[i + 1]!) : f;
  }
  let psiPrev = 0;
  for (let i = 0; i < n; i++) {
    const a = i === 0 ? 0 : p[i]! * psiPrev;
    const cap = i === 0 ? g[0]! : Math.min(g[i]!, (psiPrev * theta[i]!) / theta[i - 1]!);
    const c = cap > a ? Math.min(Math.max((psiIn[i]! - a) / (cap - a), 0), 1) : 0;
    x[2 * n + i] = c;
    psiPrev = a + c * (cap - a);
  }
  return x;
}
