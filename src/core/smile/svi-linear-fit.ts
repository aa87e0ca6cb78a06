/**
 * The inner problem of the quasi-explicit SVI calibration (De Marco & Martini, "Quasi-explicit calibration
 * of Gatheral's SVI model", Zeliade white paper 2009, §3): for fixed (m, σ), with y = (k − m)/σ,
 *
 *   w(y) = a + d·y + c·√(y² + 1),   c = bσ, d = ρbσ,
 *
 * is linear in x = (a, d, c), so the weighted least squares ½ Σ ω_i (w(y_i) − w_i)² is a convex quadratic
 * ½ xᵀHx − gᵀx + ½s over a polytope. It is solved exactly by active-set enumeration: the optimum of a convex
 * QP is the equality-constrained optimum of its own active set, so among the unconstrained solution and the
 * solutions on every face, edge and vertex (subsets of at most 3 constraints) the feasible one of least cost
 * is the answer. A feasible candidate whose Lagrange multipliers are all ≥ 0 satisfies KKT and ends the search
 * early. Order: the unconstrained optimum (Cholesky; feasible in ~85% of the outer search's calls), then the
 * faces of the constraints it violates (these certify the optimum in nearly all other calls), then every
 * active set (1 + 11 + 55 + 165 at most, each a KKT system of order ≤ 6). Singular reduced systems (fewer than 3 distinct strikes, c ≡ 0) are skipped: the cost is then
 * constant along the null direction, so a smaller face attains the same minimum.
 *
 * Polytope (constraints n·x ≥ β):
 *   |d| ≤ ρ_max·c                 (|ρ| ≤ ρ_max = 0.999 where the paper has |d| ≤ c; implies c ≥ 0, i.e. b ≥ 0)
 *   c + |d| ≤ S·σ                 (b(1 + |ρ|) ≤ S: Lee's S = 2 by default; the paper's domain has S = 4)
 *   a ≤ a_max                     (the largest observed variance, as in the paper)
 *   level floor, either
 *     'zeliade':            a ≥ 0 (the paper's domain), or
 *     'positive-variance':  a + c·ℓ_j(d/c) ≥ 0 for the chords ℓ_j of √(1 − ρ²) between |ρ| = 0, ½, 0.8 and ρ_max
 *                           (six rows, a ± s_j·d + p_j·c ≥ 0): a polygon inside min w = a + √(c² − d²) ≥ 0,
 *                           within 0.04c of it for |ρ| ≤ 0.8 (√(1 − ρ²) is concave, so its chords lie below it);
 *                           a superset of the paper's domain that admits a < 0. The single chord c − |d| used
 *                           before (from ρ = 0 to ±1) is up to 0.41c inside; on the Deribit data the fitted SVI
 *                           often has a < 0 with a + c(1 − |ρ|) < 0, so that start sat on a false floor and
 *                           Levenberg–Marquardt spent 40–120 iterations sliding off it.
 * Accuracy: the normal equations square the design's condition number; for |y| ≲ 1e3 the solution is good to
 * ~1e-10 relative in w (checked by exact-recovery tests in svi-quasi-explicit.test.ts).
 */

export type SviLevelFloor = 'zeliade' | 'positive-variance';

export interface SviLinearConstraintOptions {
  /** σ of the current (m, σ): the slope bound is S·σ in these coordinates. */
  readonly sigma: number;
  /** S in b(1 + |ρ|) ≤ S. */
  readonly maxWingSlope: number;
  /** ρ_max < 1. */
  readonly maxAbsRho: number;
  /** Upper bound on a (total variance). */
  readonly aMax: number;
  readonly levelFloor: SviLevelFloor;
}

/** The polytope as rows n_j·x ≥ β_j: normals row-major (3 per row) and bounds. */
export interface SviLinearConstraints {
  readonly count: number;
  readonly normals: Float64Array;
  readonly lower: Float64Array;
}

/** Row index of the two slope rows, whose bounds −S·σ change with σ. */
const SLOPE_ROW_PLUS = 2;
const SLOPE_ROW_MINUS = 3;
const A_MAX_ROW = 4;
/** |ρ| at the ends of the floor's chords ('positive-variance'); the last is capped at ρ_max. */
const FLOOR_KNOTS = [0, 0.5, 0.8, 1];

/** The polytope for the given options (a fresh object). */
export function sviLinearConstraints(options: SviLinearConstraintOptions): SviLinearConstraints {
  const r = options.maxAbsRho;
  const slopeCap = options.maxWingSlope * options.sigma;
  const count = options.levelFloor === 'zeliade' ? 6 : 5 + 2 * (FLOOR_KNOTS.length - 1);
  // Normals and bounds as views of one buffer (one off-heap store; the quasi-explicit start builds one per slice).
  const buffer = new Float64Array(4 * count);
  const normals = buffer.subarray(0, 3 * count);
  const lower = buffer.subarray(3 * count);
  let row = 0;
  const push = (a: number, d: number, c: number, bound: number): void => {
    normals[3 * row] = a;
    normals[3 * row + 1] = d;
    normals[3 * row + 2] = c;
    lower[row++] = bound;
  };
  push(0, -1, r, 0); // d ≤ ρ_max c
  push(0, 1, r, 0); // −d ≤ ρ_max c
  push(0, -1, -1, -slopeCap); // c + d ≤ Sσ   (SLOPE_ROW_PLUS)
  push(0, 1, -1, -slopeCap); // c − d ≤ Sσ   (SLOPE_ROW_MINUS)
  push(-1, 0, 0, -options.aMax); // a ≤ a_max  (A_MAX_ROW)
  if (options.levelFloor === 'zeliade') {
    push(1, 0, 0, 0); // a ≥ 0
  } else {
    // a + c·ℓ(±d/c) ≥ 0 with ℓ(t) = p + s·t the chord of √(1 − t²) over [t0, t1]: a + p·c ± s·d ≥ 0.
    for (let j = 0; j + 1 < FLOOR_KNOTS.length; j++) {
      const t0 = Math.min(FLOOR_KNOTS[j]!, r);
      const t1 = Math.min(FLOOR_KNOTS[j + 1]!, r);
      if (!(t1 > t0)) continue; // a knot beyond r: no chord (its slope would be 0/0)
      const f0 = Math.sqrt(1 - t0 * t0);
      const slope = (Math.sqrt(1 - t1 * t1) - f0) / (t1 - t0);
      const p = f0 - slope * t0;
      push(1, slope, p, 0);
      push(1, -slope, p, 0);
    }
  }
  return { count, normals, lower };
}

/**
 * A solver for one polytope shape (ρ_max, S, a_max, floor) at any σ: `solve(normal, rhs, sigma, out)`
 * as `solveSviLinear`, without allocating (the quasi-explicit outer search calls it a few hundred times).
 */
export function createSviLinearSolver(
  shape: Omit<SviLinearConstraintOptions, 'sigma'>,
): (normal: Float64Array, rhs: Float64Array, sigma: number, out: Float64Array) => number {
  const cons = sviLinearConstraints({ ...shape, sigma: 1 });
  return (normal, rhs, sigma, out) => {
    cons.lower[SLOPE_ROW_PLUS] = -shape.maxWingSlope * sigma;
    cons.lower[SLOPE_ROW_MINUS] = -shape.maxWingSlope * sigma;
    return solveSviLinearWith(normal, rhs, cons, out);
  };
}

/** Every subset of {0..count−1} with at most 3 members, by size (the empty set first), cached per count. */
const subsetCache: (Int8Array | undefined)[] = [];
function activeSets(count: number): Int8Array {
  const cached = subsetCache[count];
  if (cached !== undefined) return cached;
  const rows: number[] = [-1, -1, -1];
  for (let i = 0; i < count; i++) rows.push(i, -1, -1);
  for (let i = 0; i < count; i++) for (let j = i + 1; j < count; j++) rows.push(i, j, -1);
  for (let i = 0; i < count; i++) {
    for (let j = i + 1; j < count; j++) for (let l = j + 1; l < count; l++) rows.push(i, j, l);
  }
  const sets = Int8Array.from(rows);
  subsetCache[count] = sets;
  return sets;
}

// Scratch buffers (module-level, reused: the inner solve runs a few hundred times per slice fit).
const kkt = new Float64Array(36);
const kktRhs = new Float64Array(6);
const candidate = new Float64Array(3);
const faceCandidate = new Float64Array(3);
/** The Cholesky factor of the last unconstrainedByCholesky: l00, l10, l20, l11, l21, l22. */
const choleskyFactor = new Float64Array(6);
const scaledNormal = new Float64Array(6);
const scaledRhs = new Float64Array(3);

/** ½ xᵀHx − gᵀx for H given by its 6 upper entries (h00, h01, h02, h11, h12, h22). */
function quadratic(h: Float64Array, g: Float64Array, x: Float64Array): number {
  const a = x[0]!;
  const d = x[1]!;
  const c = x[2]!;
  const hx0 = h[0]! * a + h[1]! * d + h[2]! * c;
  const hx1 = h[1]! * a + h[3]! * d + h[4]! * c;
  const hx2 = h[2]! * a + h[4]! * d + h[5]! * c;
  return 0.5 * (a * hx0 + d * hx1 + c * hx2) - (g[0]! * a + g[1]! * d + g[2]! * c);
}

/**
 * The equality-constrained optimum on the active set (s0, s1, s2; −1 = unused) from the KKT system
 * [H Nᵀ; N 0][x; μ] = [g; β] (μ = −λ for the Lagrangian f − λᵀ(Nx − β)); writes x into `candidate`,
 * leaves μ in kktRhs[3..]. False when the system is singular.
 */
function solveOnActiveSet(h: Float64Array, g: Float64Array, cons: SviLinearConstraints, s0: number, s1: number, s2: number): boolean {
  const active = s0 < 0 ? 0 : s1 < 0 ? 1 : s2 < 0 ? 2 : 3;
  const size = 3 + active;
  kkt.fill(0, 0, size * size);
  kkt[0] = h[0]!;
  kkt[1] = h[1]!;
  kkt[2] = h[2]!;
  kkt[size] = h[1]!;
  kkt[size + 1] = h[3]!;
  kkt[size + 2] = h[4]!;
  kkt[2 * size] = h[2]!;
  kkt[2 * size + 1] = h[4]!;
  kkt[2 * size + 2] = h[5]!;
  kktRhs[0] = g[0]!;
  kktRhs[1] = g[1]!;
  kktRhs[2] = g[2]!;
  for (let q = 0; q < active; q++) {
    const j = q === 0 ? s0 : q === 1 ? s1 : s2;
    for (let col = 0; col < 3; col++) {
      const v = cons.normals[3 * j + col]!;
      kkt[(3 + q) * size + col] = v;
      kkt[col * size + 3 + q] = v;
    }
    kktRhs[3 + q] = cons.lower[j]!;
  }
  if (!solveKkt(size)) return false;
  candidate[0] = kktRhs[0]!;
  candidate[1] = kktRhs[1]!;
  candidate[2] = kktRhs[2]!;
  return true;
}

/**
 * Gaussian elimination with partial pivoting on the KKT matrix of order n ≤ 6 (symmetric, indefinite; H is
 * scaled to unit diagonal size and the normals are O(1), so one relative pivot tolerance serves both blocks).
 * The solution lands in kktRhs; false when a pivot falls below 1e-13 of the largest entry.
 */
function solveKkt(n: number): boolean {
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(kkt[i]!));
  if (!(scale > 0) || !Number.isFinite(scale)) return false;
  const tol = 1e-13 * scale;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) if (Math.abs(kkt[row * n + col]!) > Math.abs(kkt[pivot * n + col]!)) pivot = row;
    if (!(Math.abs(kkt[pivot * n + col]!) > tol)) return false;
    if (pivot !== col) {
      for (let j = 0; j < n; j++) {
        const t = kkt[col * n + j]!;
        kkt[col * n + j] = kkt[pivot * n + j]!;
        kkt[pivot * n + j] = t;
      }
      const t = kktRhs[col]!;
      kktRhs[col] = kktRhs[pivot]!;
      kktRhs[pivot] = t;
    }
    const p = kkt[col * n + col]!;
    for (let row = col + 1; row < n; row++) {
      const f = kkt[row * n + col]! / p;
      if (f === 0) continue;
      for (let j = col; j < n; j++) kkt[row * n + j] = kkt[row * n + j]! - f * kkt[col * n + j]!;
      kktRhs[row] = kktRhs[row]! - f * kktRhs[col]!;
    }
  }
  for (let row = n - 1; row >= 0; row--) {
    let s = kktRhs[row]!;
    for (let j = row + 1; j < n; j++) s -= kkt[row * n + j]! * kktRhs[j]!;
    kktRhs[row] = s / kkt[row * n + row]!;
  }
  return true;
}

const REJECTED = 0;
const IMPROVED = 1;
const CERTIFIED = 2;

/**
 * Solves on the active set (s0, s1, s2; −1 = unused) and, when the candidate is feasible and cheaper than
 * `bestCost`, copies it to `out`: IMPROVED, or CERTIFIED when its multipliers λ = −μ are all ≥ 0 (KKT: the
 * global optimum of the convex QP). REJECTED otherwise.
 */
function tryActiveSet(
  cons: SviLinearConstraints,
  s0: number,
  s1: number,
  s2: number,
  feasTol: number,
  lambdaTol: number,
  bestCost: number,
  out: Float64Array,
): number {
  if (!solveOnActiveSet(scaledNormal, scaledRhs, cons, s0, s1, s2)) return REJECTED;
  if (!(sviLinearViolation(cons, candidate) <= feasTol)) return REJECTED;
  if (!(quadratic(scaledNormal, scaledRhs, candidate) < bestCost)) return REJECTED;
  out[0] = candidate[0]!;
  out[1] = candidate[1]!;
  out[2] = candidate[2]!;
  const active = s0 < 0 ? 0 : s1 < 0 ? 1 : s2 < 0 ? 2 : 3;
  for (let q = 0; q < active; q++) if (-kktRhs[3 + q]! < lambdaTol) return IMPROVED;
  return CERTIFIED;
}

function bestCostOf(x: Float64Array, unit: number): number {
  return quadratic(scaledNormal, scaledRhs, x) * unit;
}

function violation(cons: SviLinearConstraints, x: Float64Array, j: number): number {
  return cons.lower[j]! - (cons.normals[3 * j]! * x[0]! + cons.normals[3 * j + 1]! * x[1]! + cons.normals[3 * j + 2]! * x[2]!);
}

/**
 * Hx = g for the scaled (unit largest diagonal) positive semi-definite H by Cholesky, into `candidate`;
 * false when a pivot falls below 1e-13 (the same relative threshold as the KKT elimination).
 */
function unconstrainedByCholesky(h: Float64Array, g: Float64Array): boolean {
  const d0 = h[0]!;
  if (!(d0 > 1e-13)) return false;
  const l00 = Math.sqrt(d0);
  const l10 = h[1]! / l00;
  const l20 = h[2]! / l00;
  const d1 = h[3]! - l10 * l10;
  if (!(d1 > 1e-13)) return false;
  const l11 = Math.sqrt(d1);
  const l21 = (h[4]! - l20 * l10) / l11;
  const d2 = h[5]! - l20 * l20 - l21 * l21;
  if (!(d2 > 1e-13)) return false;
  const l22 = Math.sqrt(d2);
  choleskyFactor[0] = l00;
  choleskyFactor[1] = l10;
  choleskyFactor[2] = l20;
  choleskyFactor[3] = l11;
  choleskyFactor[4] = l21;
  choleskyFactor[5] = l22;
  const z0 = g[0]! / l00;
  const z1 = (g[1]! - l10 * z0) / l11;
  const z2 = (g[2]! - l20 * z0 - l21 * z1) / l22;
  const x2 = z2 / l22;
  const x1 = (z1 - l21 * x2) / l11;
  candidate[0] = (z0 - l10 * x1 - l20 * x2) / l00;
  candidate[1] = x1;
  candidate[2] = x2;
  return true;
}

/**
 * The optimum on the face n_j·x = β_j from the unconstrained optimum in `candidate` and the Cholesky factor
 * of the last unconstrainedByCholesky, into `faceCandidate`; false when nᵀH⁻¹n is not positive.
 */
function faceByCholesky(cons: SviLinearConstraints, j: number): boolean {
  const l00 = choleskyFactor[0]!;
  const l10 = choleskyFactor[1]!;
  const l20 = choleskyFactor[2]!;
  const l11 = choleskyFactor[3]!;
  const l21 = choleskyFactor[4]!;
  const l22 = choleskyFactor[5]!;
  const n0 = cons.normals[3 * j]!;
  const n1 = cons.normals[3 * j + 1]!;
  const n2 = cons.normals[3 * j + 2]!;
  // z = L⁻¹n, y = L⁻ᵀz = H⁻¹n, nᵀH⁻¹n = ‖z‖².
  const z0 = n0 / l00;
  const z1 = (n1 - l10 * z0) / l11;
  const z2 = (n2 - l20 * z0 - l21 * z1) / l22;
  const curvature = z0 * z0 + z1 * z1 + z2 * z2;
  if (!(curvature > 0) || !Number.isFinite(curvature)) return false;
  const y2 = z2 / l22;
  const y1 = (z1 - l21 * y2) / l11;
  const y0 = (z0 - l10 * y1 - l20 * y2) / l00;
  const lambda = (cons.lower[j]! - (n0 * candidate[0]! + n1 * candidate[1]! + n2 * candidate[2]!)) / curvature;
  faceCandidate[0] = candidate[0]! + lambda * y0;
  faceCandidate[1] = candidate[1]! + lambda * y1;
  faceCandidate[2] = candidate[2]! + lambda * y2;
  return true;
}

/** Largest violation max_j (β_j − n_j·x) over the polytope (≤ 0 when x is feasible). */
export function sviLinearViolation(cons: SviLinearConstraints, x: Float64Array): number {
  let worst = -Infinity;
  for (let j = 0; j < cons.count; j++) worst = Math.max(worst, violation(cons, x, j));
  return worst;
}

/**
 * Minimises ½ xᵀHx − gᵀx over the polytope; writes the optimum x = (a, d, c) into `out` and returns the
 * minimum of ½ xᵀHx − gᵀx (add ½ Σ ω w² for the least-squares cost). `normal` holds H's upper entries
 * (h00, h01, h02, h11, h12, h22) in the basis (1, y, √(y² + 1)), `rhs` holds g. Never NaN for finite input:
 * the polytope is bounded and non-empty (x = (a_max, 0, 0) is feasible for a_max ≥ 0), so some vertex is a
 * candidate.
 */
export function solveSviLinear(
  normal: Float64Array,
  rhs: Float64Array,
  options: SviLinearConstraintOptions,
  out: Float64Array,
): number {
  return solveSviLinearWith(normal, rhs, sviLinearConstraints(options), out);
}

/** As solveSviLinear, for an already built polytope. */
export function solveSviLinearWith(normal: Float64Array, rhs: Float64Array, cons: SviLinearConstraints, out: Float64Array): number {
  // Scale H to unit largest diagonal (the minimiser is unchanged; the cost scales back below).
  const t = Math.max(normal[0]!, normal[3]!, normal[5]!);
  const unit = t > 0 && Number.isFinite(t) ? t : 1;
  for (let i = 0; i < 6; i++) scaledNormal[i] = normal[i]! / unit;
  for (let i = 0; i < 3; i++) scaledRhs[i] = rhs[i]! / unit;
  let boundScale = 0;
  for (let j = 0; j < cons.count; j++) boundScale = Math.max(boundScale, Math.abs(cons.lower[j]!));
  const feasTol = 1e-12 * boundScale + 1e-300;
  const lambdaTol = -1e-12 * (Math.abs(scaledRhs[0]!) + Math.abs(scaledRhs[1]!) + Math.abs(scaledRhs[2]!) + boundScale);
  // The common case first: the unconstrained optimum, by Cholesky, is feasible and therefore optimal.
  const regular = unconstrainedByCholesky(scaledNormal, scaledRhs);
  if (regular && sviLinearViolation(cons, candidate) <= feasTol) {
    out[0] = candidate[0]!;
    out[1] = candidate[1]!;
    out[2] = candidate[2]!;
    return quadratic(scaledNormal, scaledRhs, candidate) * unit;
  }
  // Next the faces of the constraints the unconstrained optimum violates (usually one of them holds the
  // optimum, certified by KKT); then, if none is certified, every active set.
  let violatedMask = 0;
  if (regular) {
    for (let j = 0; j < cons.count; j++) if (violation(cons, candidate, j) > feasTol) violatedMask |= 1 << j;
  }
  // A single face's optimum is x_u + λH⁻¹n with λ = (β − nᵀx_u)/(nᵀH⁻¹n) > 0 (from the Cholesky factor
  // already at hand): its multiplier is positive, so it is the global optimum whenever it is feasible.
  for (let j = 0; j < cons.count; j++) {
    if ((violatedMask & (1 << j)) === 0) continue;
    if (faceByCholesky(cons, j) && sviLinearViolation(cons, faceCandidate) <= feasTol) {
      out[0] = faceCandidate[0]!;
      out[1] = faceCandidate[1]!;
      out[2] = faceCandidate[2]!;
      return bestCostOf(out, unit);
    }
  }
  let bestCost = Infinity;
  // Every active set, those with a violated constraint first (the optimum of a strictly convex QP is unique,
  // so the order changes only how soon it is certified).
  const sets = activeSets(cons.count);
  for (let pass = violatedMask === 0 ? 1 : 0; pass < 2; pass++) {
    for (let s = 3; s < sets.length; s += 3) {
      const s0 = sets[s]!;
      const s1 = sets[s + 1]!;
      const s2 = sets[s + 2]!;
      const touches = ((1 << s0) | (s1 < 0 ? 0 : 1 << s1) | (s2 < 0 ? 0 : 1 << s2)) & violatedMask;
      if ((pass === 0) !== (touches !== 0)) continue;
      const verdict = tryActiveSet(cons, s0, s1, s2, feasTol, lambdaTol, bestCost, out);
      if (verdict === CERTIFIED) return bestCostOf(out, unit);
      if (verdict === IMPROVED) bestCost = quadratic(scaledNormal, scaledRhs, out);
    }
  }
  if (bestCost === Infinity) {
    // Unreachable for finite input (every vertex system is regular); a safe feasible point regardless.
    out[0] = Math.max(0, -cons.lower[A_MAX_ROW]!);
    out[1] = 0;
    out[2] = 0;
    bestCost = quadratic(scaledNormal, scaledRhs, out);
  }
  return bestCost * unit;
}
