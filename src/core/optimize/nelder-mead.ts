/**
 * Bounded Nelder–Mead simplex search for small derivative-free minimisations, chiefly the 2-D outer search
 * of the quasi-explicit SVI calibration (Zeliade, "Quasi-explicit calibration of Gatheral's SVI model",
 * 2009), where f may be +Infinity at infeasible points.
 *
 * Method: the simplex moves of Lagarias, Reeds, Wright & Wright, "Convergence properties of the Nelder–Mead
 * simplex method in low dimensions", SIAM J. Optim. 9, 1998 (greedy minimisation: an expansion is kept only
 * if it beats the reflection), with Gao & Han's dimension-adaptive coefficients ("Implementing the
 * Nelder–Mead simplex algorithm with adaptive parameters", Comput. Optim. Appl. 51, 2012):
 *   reflection 1, expansion 1 + 2/n, contraction 3/4 − 1/(2n), shrink 1 − 1/n,
 * which equal the classical (1, 2, ½, ½) for n = 2. For n = 1 Gao–Han's shrink factor is 0, which would
 * collapse the simplex, so n = 1 uses the classical values.
 * Bounds: every trial point is projected onto the box (the simplex can flatten onto a face that holds the
 * minimiser; it then keeps searching within the face).
 *
 * Accuracy: NM converges linearly at best and has no convergence theory beyond n = 1 (McKinnon 1998 gives
 * a 2-D stall on a smooth convex function), so stopping is by simplex size and value spread, not a
 * stationarity test; use it where f is cheap and the dimension small. Scratch is allocated once per call;
 * f receives an internal buffer it must not keep. Deterministic, ties broken by vertex age.
 */
import type { Bounds, StopReason } from './least-squares.ts';

export interface NelderMeadOptions {
  /** Calls of f before stopping with `max_evaluations` (a shrink may overrun by up to n). Default 500·n. */
  readonly maxEvaluations: number;
  /**
   * Stop (`converged_xtol`) when every vertex is within xtol·max(|x_best,j|, 1) of the best vertex in
   * every coordinate. Default 1e-10.
   */
  readonly xtol: number;
  /**
   * Stop (`converged_ftol`) when the values at the vertices agree to ftol relative to |f_best|. Default
   * 1e-14: a few ulp of f, below which the simplex can no longer tell the vertices apart.
   */
  readonly ftol: number;
  /** Box constraints (±Infinity for none); the start is projected into the box. */
  readonly bounds?: Bounds;
  /**
   * Initial simplex edge per coordinate (a number for all): vertex j is the start moved by step_j along
   * axis j (backwards if forwards leaves the box). Default 0.05·max(|x_j|, 1), at most a quarter of a
   * finite box's width.
   */
  readonly initialStep?: number | Float64Array;
  /** Simplex iterations before stopping with `max_iterations`. Default unlimited. */
  readonly maxIterations?: number;
}

export interface NelderMeadResult {
  readonly x: Float64Array;
  /** f(x); +Infinity only with `invalid_start`. */
  readonly value: number;
  readonly evaluations: number;
  readonly iterations: number;
  readonly stopReason: StopReason;
}

export function nelderMead(
  f: (x: Float64Array) => number,
  start: Float64Array,
  options: Partial<NelderMeadOptions> = {},
): NelderMeadResult {
  const n = start.length;
  if (n < 1) throw new RangeError('nelderMead: the start point is empty');
  const maxEvaluations = options.maxEvaluations ?? 500 * n;
  const maxIterations = options.maxIterations ?? Infinity;
  const xtol = options.xtol ?? 1e-10;
  const ftol = options.ftol ?? 1e-14;
  const lower = options.bounds?.lower ?? new Float64Array(n).fill(-Infinity);
  const upper = options.bounds?.upper ?? new Float64Array(n).fill(Infinity);
  if (lower.length !== n || upper.length !== n) throw new RangeError(`nelderMead: bounds must have length ${n}`);
  for (let j = 0; j < n; j++) {
    if (!(lower[j]! <= upper[j]!)) throw new RangeError(`nelderMead: bounds of coordinate ${j} are [${lower[j]}, ${upper[j]}]`);
  }
  const adaptive = n >= 2;
  const reflection = 1;
  const expansion = adaptive ? 1 + 2 / n : 2;
  const contraction = adaptive ? 0.75 - 1 / (2 * n) : 0.5;
  const shrink = adaptive ? 1 - 1 / n : 0.5;

  const vertices = n + 1;
  const simplex = new Float64Array(vertices * n); // vertex v at simplex[v·n …]
  const values = new Float64Array(vertices);
  const order = new Int32Array(vertices); // vertex indices, best first
  const centroid = new Float64Array(n);
  const trial = new Float64Array(n);
  const candidate = new Float64Array(n);
  let evaluations = 0;
  let iterations = 0;

  const evaluate = (p: Float64Array): number => {
    evaluations++;
    const v = f(p);
    return Number.isNaN(v) ? Infinity : v;
  };
  // trial ← proj(centroid + t·(centroid − worst)).
  const along = (worst: number, t: number, out: Float64Array): void => {
    for (let j = 0; j < n; j++) {
      const c = centroid[j]!;
      out[j] = Math.min(Math.max(c + t * (c - simplex[worst * n + j]!), lower[j]!), upper[j]!);
    }
  };

  for (let j = 0; j < n; j++) simplex[j] = Math.min(Math.max(start[j]!, lower[j]!), upper[j]!);
  copyVertex(simplex, 0, n, trial);
  values[0] = allFiniteVector(trial) ? evaluate(trial) : Infinity;
  if (!Number.isFinite(values[0])) {
    return { x: trial.map((v) => (Number.isFinite(v) ? v : 0)), value: Infinity, evaluations, iterations, stopReason: 'invalid_start' };
  }
  for (let v = 1; v < vertices; v++) {
    const j = v - 1;
    const x0 = simplex[j]!;
    const room = Math.max(upper[j]! - x0, x0 - lower[j]!);
    const requested = typeof options.initialStep === 'number' ? options.initialStep : options.initialStep?.[j];
    let h = requested ?? Math.min(0.05 * Math.max(Math.abs(x0), 1), 0.25 * (upper[j]! - lower[j]!));
    if (Math.abs(h) > room) h = Math.sign(h) * room;
    const forward = x0 + h <= upper[j]! && x0 + h >= lower[j]!;
    for (let k = 0; k < n; k++) simplex[v * n + k] = simplex[k]!;
    simplex[v * n + j] = forward ? x0 + h : x0 - h;
    copyVertex(simplex, v, n, trial);
    values[v] = evaluate(trial);
  }
  for (let v = 0; v < vertices; v++) order[v] = v;
  insertionSort(order, values);

  let reason: StopReason | undefined;
  while (reason === undefined) {
    const best = order[0]!;
    const worst = order[n]!;
    const fBest = values[best]!;
    const fWorst = values[worst]!;
    if (simplexSize(simplex, order, n) <= xtol) reason = 'converged_xtol';
    else if (fWorst - fBest <= ftol * Math.abs(fBest)) reason = 'converged_ftol';
    else if (evaluations >= maxEvaluations) reason = 'max_evaluations';
    else if (iterations >= maxIterations) reason = 'max_iterations';
    if (reason !== undefined) break;
    iterations++;

    centroid.fill(0);
    for (let k = 0; k < n; k++) {
      const v = order[k]!;
      for (let j = 0; j < n; j++) centroid[j] = centroid[j]! + simplex[v * n + j]!;
    }
    for (let j = 0; j < n; j++) centroid[j] = centroid[j]! / n;

    const fSecondWorst = values[order[n - 1]!]!;
    along(worst, reflection, trial);
    const fReflected = evaluate(trial);
    let accepted = true;
    if (fReflected < fBest) {
      along(worst, reflection * expansion, candidate);
      const fExpanded = evaluate(candidate);
      if (fExpanded < fReflected) replace(worst, candidate, fExpanded);
      else replace(worst, trial, fReflected);
    } else if (fReflected < fSecondWorst) {
      replace(worst, trial, fReflected);
    } else if (fReflected < fWorst) {
      along(worst, reflection * contraction, candidate); // outside contraction
      const fContracted = evaluate(candidate);
      if (fContracted <= fReflected) replace(worst, candidate, fContracted);
      else accepted = false;
    } else {
      along(worst, -contraction, candidate); // inside contraction, between the centroid and the worst vertex
      const fContracted = evaluate(candidate);
      if (fContracted < fWorst) replace(worst, candidate, fContracted);
      else accepted = false;
    }
    if (!accepted) {
      for (let k = 1; k < vertices; k++) {
        const v = order[k]!;
        for (let j = 0; j < n; j++) {
          const b = simplex[best * n + j]!;
          simplex[v * n + j] = b + shrink * (simplex[v * n + j]! - b);
        }
        copyVertex(simplex, v, n, trial);
        values[v] = evaluate(trial);
      }
    }
    insertionSort(order, values);
  }

  function replace(vertex: number, point: Float64Array, value: number): void {
    simplex.set(point, vertex * n);
    values[vertex] = value;
    // The newest vertex goes after older ones of equal value (Lagarias et al.'s tie rule): move it to the end.
    const at = order.indexOf(vertex);
    for (let k = at; k < n; k++) order[k] = order[k + 1]!;
    order[n] = vertex;
  }

  const best = order[0]!;
  return {
    x: simplex.slice(best * n, best * n + n),
    value: values[best]!,
    evaluations,
    iterations,
    stopReason: reason,
  };
}

function copyVertex(simplex: Float64Array, vertex: number, n: number, out: Float64Array): void {
  for (let j = 0; j < n; j++) out[j] = simplex[vertex * n + j]!;
}

/** Stable insertion sort of vertex indices by value (few vertices; keeps older vertices first on ties). */
function insertionSort(order: Int32Array, values: Float64Array): void {
  for (let i = 1; i < order.length; i++) {
    const v = order[i]!;
    const fv = values[v]!;
    let k = i - 1;
    while (k >= 0 && values[order[k]!]! > fv) {
      order[k + 1] = order[k]!;
      k--;
    }
    order[k + 1] = v;
  }
}

/** max over vertices and coordinates of |x_v,j − x_best,j| / max(|x_best,j|, 1). */
function simplexSize(simplex: Float64Array, order: Int32Array, n: number): number {
  const best = order[0]!;
  let size = 0;
  for (let k = 1; k <= n; k++) {
    const v = order[k]!;
    for (let j = 0; j < n; j++) {
      const b = simplex[best * n + j]!;
      size = Math.max(size, Math.abs(simplex[v * n + j]! - b) / Math.max(Math.abs(b), 1));
    }
  }
  return size;
}

function allFiniteVector(x: Float64Array): boolean {
  for (const v of x) if (!Number.isFinite(v)) return false;
  return true;
}
