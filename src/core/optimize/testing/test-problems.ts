/**
 * Nonlinear least-squares test problems with published minima, for the optimiser tests and the benchmark.
 *
 * Sources: Moré, Garbow & Hillstrom, "Testing unconstrained optimization software", ACM TOMS 7(1), 1981
 * (problem numbers below), and the NIST Statistical Reference Datasets (StRD) for nonlinear regression,
 * whose MGH09, MGH10 and MGH17 are MGH's Kowalik–Osborne, Meyer and Osborne 1 problems with certified
 * minima and standard errors to 11 digits (https://www.itl.nist.gov/div898/strd/nls/nls_main.shtml).
 * Where MGH publish only 6 digits (Bard, Freudenstein–Roth) the reference was refined with a 50-digit
 * Newton iteration on the gradient (fixtures/generate-reference-minima.py) and agrees with MGH's digits.
 *
 * `sumOfSquares` is Σr² as published (twice volcal's cost).
 */
import type { LeastSquaresProblem } from '../least-squares.ts';

export interface TestProblem extends LeastSquaresProblem {
  readonly name: string;
  readonly start: readonly number[];
  /** Σr² at the minimiser the standard start leads to. */
  readonly sumOfSquares: number;
  /** The minimiser, where it is known to the precision given. */
  readonly minimiser?: readonly number[];
  /** NIST-certified standard errors of the parameters. */
  readonly standardErrors?: readonly number[];
  readonly jacobian: (x: Float64Array, out: Float64Array) => void;
}

/** MGH 1, as least squares: r = [10(x₂ − x₁²), 1 − x₁]; minimum 0 at (1, 1). */
export const rosenbrock: TestProblem = {
  name: 'Rosenbrock',
  parameterCount: 2,
  residualCount: 2,
  start: [-1.2, 1],
  sumOfSquares: 0,
  minimiser: [1, 1],
  residuals(x, out) {
    out[0] = 10 * (x[1]! - x[0]! * x[0]!);
    out[1] = 1 - x[0]!;
    return true;
  },
  jacobian(x, out) {
    out[0] = -20 * x[0]!;
    out[1] = 10;
    out[2] = -1;
    out[3] = 0;
  },
};

/** MGH 2; from (0.5, −2) LM reaches the local minimum 48.9842… at (11.41…, −0.8968…), not the global 0. */
export const freudensteinRoth: TestProblem = {
  name: 'Freudenstein–Roth',
  parameterCount: 2,
  residualCount: 2,
  start: [0.5, -2],
  sumOfSquares: 48.98425367924002,
  minimiser: [11.412778986902094, -0.8968052532744765],
  residuals(x, out) {
    const [a, b] = [x[0]!, x[1]!];
    out[0] = -13 + a + ((5 - b) * b - 2) * b;
    out[1] = -29 + a + ((b + 1) * b - 14) * b;
    return true;
  },
  jacobian(x, out) {
    const b = x[1]!;
    out[0] = 1;
    out[1] = 10 * b - 3 * b * b - 2;
    out[2] = 1;
    out[3] = 3 * b * b + 2 * b - 14;
  },
};

/** MGH 7. θ is MGH's angle in [−¼, ¾), undefined on x₁ = 0 (the residuals say so). Minimum 0 at (1, 0, 0). */
export const helicalValley: TestProblem = {
  name: 'helical valley',
  parameterCount: 3,
  residualCount: 3,
  start: [-1, 0, 0],
  sumOfSquares: 0,
  minimiser: [1, 0, 0],
  residuals(x, out) {
    const [a, b, c] = [x[0]!, x[1]!, x[2]!];
    if (a === 0) return false;
    const theta = Math.atan(b / a) / (2 * Math.PI) + (a < 0 ? 0.5 : 0);
    out[0] = 10 * (c - 10 * theta);
    out[1] = 10 * (Math.hypot(a, b) - 1);
    out[2] = c;
    return true;
  },
  jacobian(x, out) {
    const [a, b] = [x[0]!, x[1]!];
    const rr = a * a + b * b;
    const r = Math.sqrt(rr);
    out[0] = (100 * b) / (2 * Math.PI * rr);
    out[1] = (-100 * a) / (2 * Math.PI * rr);
    out[2] = 10;
    out[3] = (10 * a) / r;
    out[4] = (10 * b) / r;
    out[5] = 0;
    out[6] = 0;
    out[7] = 0;
    out[8] = 1;
  },
};

/** MGH 13. The Jacobian is singular at the minimiser (the origin), so convergence is only linear. */
export const powellSingular: TestProblem = {
  name: 'Powell singular',
  parameterCount: 4,
  residualCount: 4,
  start: [3, -1, 0, 1],
  sumOfSquares: 0,
  minimiser: [0, 0, 0, 0],
  residuals(x, out) {
    const [a, b, c, d] = [x[0]!, x[1]!, x[2]!, x[3]!];
    out[0] = a + 10 * b;
    out[1] = Math.sqrt(5) * (c - d);
    out[2] = (b - 2 * c) ** 2;
    out[3] = Math.sqrt(10) * (a - d) ** 2;
    return true;
  },
  jacobian(x, out) {
    const [a, b, c, d] = [x[0]!, x[1]!, x[2]!, x[3]!];
    out.fill(0);
    out[0] = 1;
    out[1] = 10;
    out[6] = Math.sqrt(5);
    out[7] = -Math.sqrt(5);
    out[9] = 2 * (b - 2 * c);
    out[10] = -4 * (b - 2 * c);
    out[12] = 2 * Math.sqrt(10) * (a - d);
    out[15] = -2 * Math.sqrt(10) * (a - d);
  },
};

/** MGH 4: badly scaled, minimum 0 at (1e6, 2e-6); a test of the diagonal scaling. */
export const brownBadlyScaled: TestProblem = {
  name: 'Brown badly scaled',
  parameterCount: 2,
  residualCount: 3,
  start: [1, 1],
  sumOfSquares: 0,
  minimiser: [1e6, 2e-6],
  residuals(x, out) {
    out[0] = x[0]! - 1e6;
    out[1] = x[1]! - 2e-6;
    out[2] = x[0]! * x[1]! - 2;
    return true;
  },
  jacobian(x, out) {
    out[0] = 1;
    out[1] = 0;
    out[2] = 0;
    out[3] = 1;
    out[4] = x[1]!;
    out[5] = x[0]!;
  },
};

const BARD_Y = [0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.1, 4.39];

/** MGH 8: r_i = y_i − (x₁ + u_i/(v_i x₂ + w_i x₃)), u = i, v = 16 − i, w = min(u, v). */
export const bard: TestProblem = {
  name: 'Bard',
  parameterCount: 3,
  residualCount: 15,
  start: [1, 1, 1],
  sumOfSquares: 8.214877306578975e-3,
  minimiser: [0.08241055974978893, 1.1330360920297216, 2.343695178642537],
  residuals(x, out) {
    for (let i = 0; i < 15; i++) {
      const u = i + 1;
      const v = 15 - i;
      const den = v * x[1]! + Math.min(u, v) * x[2]!;
      out[i] = BARD_Y[i]! - (x[0]! + u / den);
    }
    return true;
  },
  jacobian(x, out) {
    for (let i = 0; i < 15; i++) {
      const u = i + 1;
      const v = 15 - i;
      const w = Math.min(u, v);
      const den = v * x[1]! + w * x[2]!;
      out[i * 3] = -1;
      out[i * 3 + 1] = (u * v) / (den * den);
      out[i * 3 + 2] = (u * w) / (den * den);
    }
  },
};

const KO_Y = [0.1957, 0.1947, 0.1735, 0.16, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246];
const KO_U = [4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625];

/** MGH 15 = NIST MGH09: y = x₁(u² + u x₂)/(u² + u x₃ + x₄), NIST start 2. */
export const kowalikOsborne: TestProblem = {
  name: 'Kowalik–Osborne',
  parameterCount: 4,
  residualCount: 11,
  start: [0.25, 0.39, 0.415, 0.39],
  sumOfSquares: 3.0750560385e-4,
  minimiser: [1.9280693458e-1, 1.9128232873e-1, 1.2305650693e-1, 1.3606233068e-1],
  standardErrors: [1.1435312227e-2, 1.9633220911e-1, 8.0842031232e-2, 9.0025542308e-2],
  residuals(x, out) {
    for (let i = 0; i < 11; i++) {
      const u = KO_U[i]!;
      out[i] = KO_Y[i]! - (x[0]! * u * (u + x[1]!)) / (u * (u + x[2]!) + x[3]!);
    }
    return true;
  },
  jacobian(x, out) {
    for (let i = 0; i < 11; i++) {
      const u = KO_U[i]!;
      const num = u * (u + x[1]!);
      const den = u * (u + x[2]!) + x[3]!;
      const model = (x[0]! * num) / den;
      out[i * 4] = -num / den;
      out[i * 4 + 1] = (-x[0]! * u) / den;
      out[i * 4 + 2] = (model * u) / den;
      out[i * 4 + 3] = model / den;
    }
  },
};

const MEYER_Y = [34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427, 3820, 3307, 2872];

/** MGH 10 = NIST MGH10: y = x₁ exp(x₂/(t + x₃)), t = 50, 55, …, 125; NIST start 2. Notoriously ill-conditioned. */
export const meyer: TestProblem = {
  name: 'Meyer',
  parameterCount: 3,
  residualCount: 16,
  start: [0.02, 4000, 250],
  sumOfSquares: 8.7945855171e1,
  minimiser: [5.609636471e-3, 6.1813463463e3, 3.4522363462e2],
  standardErrors: [1.5687892471e-4, 2.3309021107e1, 7.8486103508e-1],
  residuals(x, out) {
    for (let i = 0; i < 16; i++) {
      const t = 50 + 5 * i;
      out[i] = x[0]! * Math.exp(x[1]! / (t + x[2]!)) - MEYER_Y[i]!;
    }
    return true;
  },
  jacobian(x, out) {
    for (let i = 0; i < 16; i++) {
      const t = 50 + 5 * i;
      const d = t + x[2]!;
      const e = Math.exp(x[1]! / d);
      out[i * 3] = e;
      out[i * 3 + 1] = (x[0]! * e) / d;
      out[i * 3 + 2] = (-x[0]! * x[1]! * e) / (d * d);
    }
  },
};

const OSBORNE1_Y = [
  0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.85, 0.818, 0.784, 0.751, 0.718, 0.685, 0.658, 0.628, 0.603, 0.58,
  0.558, 0.538, 0.522, 0.506, 0.49, 0.478, 0.467, 0.457, 0.448, 0.438, 0.431, 0.424, 0.42, 0.414, 0.411, 0.406,
];

/** MGH 17 = NIST MGH17: y = x₁ + x₂ e^{−t x₄} + x₃ e^{−t x₅}, t = 0, 10, …, 320; NIST start 2. */
export const osborne1: TestProblem = {
  name: 'Osborne 1',
  parameterCount: 5,
  residualCount: 33,
  start: [0.5, 1.5, -1, 0.01, 0.02],
  sumOfSquares: 5.4648946975e-5,
  minimiser: [3.7541005211e-1, 1.9358469127, -1.4646871366, 1.286753464e-2, 2.2122699662e-2],
  standardErrors: [2.0723153551e-3, 2.2031669222e-1, 2.2175707739e-1, 4.4861358114e-4, 8.9471996575e-4],
  residuals(x, out) {
    for (let i = 0; i < 33; i++) {
      const t = 10 * i;
      out[i] = OSBORNE1_Y[i]! - (x[0]! + x[1]! * Math.exp(-t * x[3]!) + x[2]! * Math.exp(-t * x[4]!));
    }
    return true;
  },
  jacobian(x, out) {
    for (let i = 0; i < 33; i++) {
      const t = 10 * i;
      const e4 = Math.exp(-t * x[3]!);
      const e5 = Math.exp(-t * x[4]!);
      out[i * 5] = -1;
      out[i * 5 + 1] = -e4;
      out[i * 5 + 2] = -e5;
      out[i * 5 + 3] = t * x[1]! * e4;
      out[i * 5 + 4] = t * x[2]! * e5;
    }
  },
};

export const testProblems: readonly TestProblem[] = [
  rosenbrock,
  freudensteinRoth,
  helicalValley,
  powellSingular,
  brownBadlyScaled,
  bard,
  kowalikOsborne,
  meyer,
  osborne1,
];

/** The same problem without its analytic Jacobian, so the optimiser differences it. */
export function withoutJacobian(problem: LeastSquaresProblem): LeastSquaresProblem {
  return {
    parameterCount: problem.parameterCount,
    residualCount: problem.residualCount,
    residuals: (x, out) => problem.residuals(x, out),
  };
}
