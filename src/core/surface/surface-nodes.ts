/**
 * The common currency of the SSVI-family calibrators: per-expiry slices in ψ form (θ_i, ρ_i, ψ_i) and
 * their derivatives with respect to the optimiser's packed parameters. Each surface model owns a spec
 * (ssvi-spec.ts, essvi-spec.ts) that maps packed parameters to nodes (and back, for starts); the
 * calibrator then prices every quote from the nodes alone, and chains the quote's ∂w/∂(θ, ρ, ψ) through
 * the node Jacobians, so one residual/Jacobian loop serves both models.
 */
import type { Bounds } from '../optimize/least-squares.ts';
import type { SsviSliceParams } from './ssvi.ts';

/** A calibrated slice and its expiry. */
export interface SurfaceNode extends SsviSliceParams {
  readonly timeToExpiryYears: number;
}

/** Scratch for one unpack: node values and row-major n × P Jacobians (row i = node i). */
export interface NodeWorkspace {
  readonly sliceCount: number;
  readonly parameterCount: number;
  readonly theta: Float64Array;
  readonly rho: Float64Array;
  readonly psi: Float64Array;
  readonly dTheta: Float64Array;
  readonly dRho: Float64Array;
  readonly dPsi: Float64Array;
}

export function createNodeWorkspace(sliceCount: number, parameterCount: number): NodeWorkspace {
  const size = sliceCount * parameterCount;
  return {
    sliceCount,
    parameterCount,
    theta: new Float64Array(sliceCount),
    rho: new Float64Array(sliceCount),
    psi: new Float64Array(sliceCount),
    dTheta: new Float64Array(size),
    dRho: new Float64Array(size),
    dPsi: new Float64Array(size),
  };
}

/** One surface model's parameter spec: names, box bounds, packed → nodes, and natural nodes → packed start. */
export interface SurfaceSpec<P> {
  readonly model: 'ssvi' | 'essvi';
  readonly sliceCount: number;
  readonly parameterNames: readonly string[];
  readonly bounds: Bounds;
  /** Writes the nodes of x (and, when asked, their Jacobians) into ws. */
  unpack(x: Float64Array, ws: NodeWorkspace, withGradient: boolean): void;
  /**
   * The packed point whose nodes are closest (by the spec's own projection) to the given ones: exact for
   * nodes already inside the model's no-arbitrage domain, a projection onto its boundary otherwise.
   */
  pack(theta: Float64Array, rho: Float64Array, psi: Float64Array): Float64Array;
  /** Named parameters of a packed vector. */
  named(x: Float64Array): P;
}

/** Upper bound on |ρ|: keeps R > 0 and the wing-slope ratios of eSSVI's calendar condition finite. */
export const RHO_BOUND = 0.995;

/** Smallest θ_1 (total variance) the calibrators allow: a 1% vol over 50 minutes. */
export const THETA_FLOOR = 1e-8;
