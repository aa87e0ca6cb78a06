/**
 * Power-law SSVI's packed parameters (Gatheral & Jacquier 2014, eq. 4.5; see ssvi.ts), chosen so that the
 * optimiser's box bounds imply GJ's no-arbitrage conditions:
 *
 *   x[0]         θ_1 ≥ THETA_FLOOR
 *   x[i], i ≥ 1  Δθ_{i+1} = θ_{i+1} − θ_i ≥ 0                  (θ non-decreasing: GJ Thm 4.1)
 *   x[n]         ρ ∈ [−RHO_BOUND, RHO_BOUND]
 *   x[n + 1]     s = η(1 + |ρ|)/2 ∈ [0, 1]                       (η(1 + |ρ|) ≤ 2: GJ Remark 4.4)
 *   x[n + 2]     γ ∈ [0, ½]                                      (GJ Remark 4.4; γ = 0 also meets Thm 4.1)
 *
 * θ_i are fitted, not pinned to the ATM mids. ψ_i = η(θ_i/(1 + θ_i))^(1−γ), and the node Jacobian is
 * analytic: ∂ψ/∂θ = (1 − γ)ψ/(θ(1 + θ)), ∂ψ/∂η = ψ/η, ∂ψ/∂γ = −ψ·ln(θ/(1 + θ)), η = 2s/(1 + |ρ|).
 * At ρ = 0 the kink of |ρ| makes ∂η/∂ρ one-sided; the value 0 (the average of the two sides) is used.
 */
import type { NodeWorkspace, SurfaceSpec } from './surface-nodes.ts';
import { RHO_BOUND, THETA_FLOOR } from './surface-nodes.ts';
import type { SsviPowerLaw } from './ssvi.ts';

export interface SsviParams extends SsviPowerLaw {
  readonly theta: readonly number[];
}

export function createSsviSpec(n: number): SurfaceSpec<SsviParams> {
  const P = n + 3;
  const RHO = n;
  const S = n + 1;
  const GAMMA = n + 2;
  const lower = new Float64Array(P);
  const upper = new Float64Array(P).fill(Number.POSITIVE_INFINITY);
  lower[0] = THETA_FLOOR;
  lower[RHO] = -RHO_BOUND;
  upper[RHO] = RHO_BOUND;
  upper[S] = 1;
  upper[GAMMA] = 0.5;

  const etaOf = (x: Float64Array): number => (2 * x[S]!) / (1 + Math.abs(x[RHO]!));

  const unpack = (x: Float64Array, ws: NodeWorkspace, withGradient: boolean): void => {
    const rho = x[RHO]!;
    const s = x[S]!;
    const gamma = x[GAMMA]!;
    const r = 1 + Math.abs(rho);
    const eta = (2 * s) / r;
    const detaDs = 2 / r;
    const detaDrho = (-2 * s * Math.sign(rho)) / (r * r);
    if (withGradient) {
      ws.dTheta.fill(0);
      ws.dRho.fill(0);
      ws.dPsi.fill(0);
    }
    let theta = 0;
    for (let i = 0; i < n; i++) {
      theta += x[i]!;
      const q = theta / (1 + theta);
      const shape = Math.pow(q, 1 - gamma);
      const psi = eta * shape;
      ws.theta[i] = theta;
      ws.rho[i] = rho;
      ws.psi[i] = psi;
      if (!withGradient) continue;
      const row = i * P;
      const dPsiDtheta = ((1 - gamma) * psi) / (theta * (1 + theta));
      for (let j = 0; j <= i; j++) {
        ws.dTheta[row + j] = 1;
        ws.dPsi[row + j] = dPsiDtheta;
      }
      ws.dRho[row + RHO] = 1;
      ws.dPsi[row + RHO] = shape * detaDrho;
      ws.dPsi[row + S] = shape * detaDs;
      ws.dPsi[row + GAMMA] = -psi * Math.log(q);
    }
  };

  return {
    model: 'ssvi',
    sliceCount: n,
    parameterNames: ['theta1', ...Array.from({ length: n - 1 }, (_, i) => `thetaIncrement${i + 2}`), 'rho', 'etaShare', 'gamma'],
    bounds: { lower, upper },
    unpack,
    pack: (theta, rho, psi) => packSsvi(theta, rho, psi, n),
    named: (x) => {
      const theta: number[] = [];
      let t = 0;
      for (let i = 0; i < n; i++) theta.push((t += x[i]!));
      return { theta, rho: x[RHO]!, eta: etaOf(x), gamma: x[GAMMA]! };
    },
  };
}

/**
 * A packed start from per-slice estimates: θ made non-decreasing, ρ their mean, and (η, γ) from the
 * least-squares line ln ψ_i = ln η + (1 − γ)·ln(θ_i/(1 + θ_i)) (γ = ½ when it cannot be estimated),
 * then clamped into the box.
 */
function packSsvi(thetaIn: Float64Array, rhoIn: Float64Array, psiIn: Float64Array, n: number): Float64Array {
  const x = new Float64Array(n + 3);
  let previous = 0;
  let rhoSum = 0;
  for (let i = 0; i < n; i++) {
    const theta = Math.max(thetaIn[i]!, previous, THETA_FLOOR);
    x[i] = theta - previous;
    previous = theta;
    rhoSum += rhoIn[i]!;
  }
  const rho = Math.min(Math.max(rhoSum / n, -RHO_BOUND), RHO_BOUND);
  // Regression of ln ψ on ln q over slices with ψ > 0.
  let count = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  let theta = 0;
  for (let i = 0; i < n; i++) {
    theta += x[i]!;
    const psi = psiIn[i]!;
    if (!(psi > 0)) continue;
    const lx = Math.log(theta / (1 + theta));
    const ly = Math.log(psi);
    count++;
    sx += lx;
    sy += ly;
    sxx += lx * lx;
    sxy += lx * ly;
  }
  let gamma = 0.5;
  const spread = sxx - (sx * sx) / Math.max(count, 1);
  if (count >= 2 && spread > 1e-6) gamma = 1 - (sxy - (sx * sy) / count) / spread;
  gamma = Math.min(Math.max(gamma, 0), 0.5);
  const eta = count > 0 ? Math.exp((sy - (1 - gamma) * sx) / count) : 0.5;
  x[n] = rho;
  x[n + 1] = Math.min(Math.max((eta * (1 + Math.abs(rho))) / 2, 0), 1);
  x[n + 2] = gamma;
  return x;
}
