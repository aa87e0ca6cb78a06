/**
 * Temporal regularisation of an SSVI-family surface (eSSVI, SSVI): the penalty of parameter-prior.ts on
 * the slices' natural quantities — ATM vol √(θ_i/T_i), ρ_i and ψ_i — rather than on the packed vector,
 * whose meaning shifts whenever the set of listed expiries changes (Mingone's packing chains every slice
 * to the one before it, essvi-spec.ts). A slice is pulled toward the previous calibration's slice of the
 * same expiry date, moved to the new time to expiry under sticky log-moneyness (σ(k) of the expiry kept:
 * θ and ψ scale with T, ρ is kept), with the previous fit's standard errors as scales. Expiries the
 * previous calibration did not have (a new listing) are not pulled (NaN targets), and with `freeAtmVol`
 * no ATM vol is: the level is the market's to set (docs/refinement.md, "levels free, shape held"), and
 * only the smile's shape (ρ, ψ) is held.
 *
 * The rows read the node values and node Jacobians that the data residuals have just written into the
 * shared NodeWorkspace at the same x (withExtraRows evaluates the data rows first).
 */
import type { ExtraRows } from '../optimize/extra-rows.ts';
import type { NodeWorkspace } from '../surface/surface-nodes.ts';
import { SCALE_FLOOR } from './parameter-prior.ts';

export interface SurfacePrior {
  /** λ ≥ 0. */
  readonly strength: number;
  /** Per slice of the fit, in slice order; NaN: no pull on that slice. */
  readonly atmVol: Float64Array;
  readonly rho: Float64Array;
  readonly psi: Float64Array;
  readonly atmVolScale: Float64Array;
  readonly rhoScale: Float64Array;
  readonly psiScale: Float64Array;
}

/** A previous calibration's slice with its standard errors (NaN when unknown). */
export interface PriorSlice {
  readonly expiryMs: number;
  readonly timeToExpiryYears: number;
  readonly theta: number;
  readonly rho: number;
  readonly psi: number;
  readonly atmVolError: number;
  readonly rhoError: number;
  readonly psiError: number;
}

/** Floors of the scales: ATM vol 0.1 vol point, ρ 0.001, ψ 1e-3 of its value. */
const ATM_VOL_FLOOR = 1e-3;
const RHO_FLOOR = 1e-3;
/** Scales used where the previous fit had no standard error: weak pulls. */
const ATM_VOL_DEFAULT = 0.05;
const RHO_DEFAULT = 0.2;

/**
 * The prior of a fit to slices with these expiries and times, from the previous calibration's slices
 * (matched by expiry date).
 */
export function surfacePrior(
  strength: number,
  expiries: readonly { readonly expiryMs: number; readonly timeToExpiryYears: number }[],
  previous: readonly PriorSlice[],
  options: { readonly freeAtmVol?: boolean } = {},
): SurfacePrior {
  if (!(strength >= 0) || !Number.isFinite(strength)) throw new RangeError(`prior strength ${strength} must be finite and ≥ 0`);
  const n = expiries.length;
  const make = (): Float64Array => new Float64Array(n).fill(Number.NaN);
  const prior = { strength, atmVol: make(), rho: make(), psi: make(), atmVolScale: make(), rhoScale: make(), psiScale: make() };
  const byExpiry = new Map(previous.map((p) => [p.expiryMs, p]));
  expiries.forEach((e, i) => {
    const p = byExpiry.get(e.expiryMs);
    if (p === undefined) return;
    const stretch = e.timeToExpiryYears / p.timeToExpiryYears;
    const psi = p.psi * stretch;
    prior.atmVol[i] = options.freeAtmVol === true ? Number.NaN : Math.sqrt(p.theta / p.timeToExpiryYears);
    prior.rho[i] = p.rho;
    prior.psi[i] = psi;
    prior.atmVolScale[i] = scaleOf(p.atmVolError, ATM_VOL_FLOOR, ATM_VOL_DEFAULT);
    prior.rhoScale[i] = scaleOf(p.rhoError, RHO_FLOOR, RHO_DEFAULT);
    prior.psiScale[i] = scaleOf(p.psiError * stretch, SCALE_FLOOR * psi, 0.5 * psi);
  });
  return prior;
}

function scaleOf(error: number, floor: number, fallback: number): number {
  return Number.isFinite(error) && error > 0 ? Math.max(error, floor) : fallback;
}

/** Rows 3i, 3i + 1, 3i + 2: the pulls on slice i's ATM vol, ρ and ψ. */
export function surfacePriorRows(prior: SurfacePrior, times: Float64Array, ws: NodeWorkspace): ExtraRows {
  const n = ws.sliceCount;
  const P = ws.parameterCount;
  if (prior.atmVol.length !== n || times.length !== n) throw new RangeError(`surface prior for ${prior.atmVol.length} slices, fit has ${n}`);
  const root = Math.sqrt(prior.strength);
  return {
    count: 3 * n,
    residuals: (_x, out, offset) => {
      // A NaN target is a row without pull (value 0, Jacobian row 0).
      for (let i = 0; i < n; i++) {
        const r = offset + 3 * i;
        const vol = prior.atmVol[i]!;
        const rho = prior.rho[i]!;
        const psi = prior.psi[i]!;
        out[r] = Number.isNaN(vol) ? 0 : (root * (Math.sqrt(ws.theta[i]! / times[i]!) - vol)) / prior.atmVolScale[i]!;
        out[r + 1] = Number.isNaN(rho) ? 0 : (root * (ws.rho[i]! - rho)) / prior.rhoScale[i]!;
        out[r + 2] = Number.isNaN(psi) ? 0 : (root * (ws.psi[i]! - psi)) / prior.psiScale[i]!;
      }
      return true;
    },
    jacobian: (_x, out, offset) => {
      out.fill(0, offset * P, (offset + 3 * n) * P);
      for (let i = 0; i < n; i++) {
        const vol = Math.sqrt(ws.theta[i]! / times[i]!);
        const dVol = Number.isNaN(prior.atmVol[i]!) ? 0 : root / (prior.atmVolScale[i]! * 2 * vol * times[i]!);
        const dRho = Number.isNaN(prior.rho[i]!) ? 0 : root / prior.rhoScale[i]!;
        const dPsi = Number.isNaN(prior.psi[i]!) ? 0 : root / prior.psiScale[i]!;
        const base = (offset + 3 * i) * P;
        for (let j = 0; j < P; j++) {
          out[base + j] = dVol * ws.dTheta[i * P + j]!;
          out[base + P + j] = dRho * ws.dRho[i * P + j]!;
          out[base + 2 * P + j] = dPsi * ws.dPsi[i * P + j]!;
        }
      }
    },
  };
}

/** ½Σp² at the nodes currently in ws. */
export function surfacePriorCost(prior: SurfacePrior, times: Float64Array, ws: NodeWorkspace): number {
  const rows = surfacePriorRows(prior, times, ws);
  const out = new Float64Array(rows.count);
  rows.residuals(new Float64Array(0), out, 0);
  let sum = 0;
  for (const v of out) sum += v * v;
  return sum / 2;
}
