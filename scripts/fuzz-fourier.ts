/**
 * A seeded fuzz of the Fourier pricer's error control (developer tooling, not a test: it takes about a
 * minute). For each model, `--sets` random parameter sets over wide ranges (Heston's vol of variance to 40,
 * Bates's and Merton's jump rates to 200 a year with jump sizes from 0.5% to 80%), 9 random strikes to
 * ±4 sd and T from 1 day to 3 years: the slice path at its default tolerance (1e-8) and the single-option
 * path at its default (1e-10) against the slice path at 1e-14, and for Merton also against Merton's series
 * (an independent oracle). Prints, per model, the worst relative error of the out-of-the-money value above
 * the negligible price and how many options missed their tolerance.
 *
 * Run: `node scripts/fuzz-fourier.ts [--sets 400] [--seed 42]`. Figures: docs/fourier-pricing.md.
 */
import { parseArgs } from 'node:util';
import { priceEuropean, priceSliceInto } from '../src/core/pricing/fourier/price.ts';
import { createFourierWorkspace } from '../src/core/pricing/fourier/workspace.ts';
import { heston } from '../src/core/pricing/fourier/heston.ts';
import { bates } from '../src/core/pricing/fourier/bates.ts';
import { merton } from '../src/core/pricing/fourier/merton.ts';
import { kou } from '../src/core/pricing/fourier/kou.ts';
import { varianceGamma } from '../src/core/pricing/fourier/variance-gamma.ts';
import type { FourierModel } from '../src/core/pricing/fourier/model.ts';
import { mertonSeries } from '../src/core/pricing/fourier/testing/merton-series.ts';
import { createRng } from '../src/core/numerics/random.ts';

const { values } = parseArgs({ options: { sets: { type: 'string', default: '400' }, seed: { type: 'string', default: '42' } } });
const sets = Number(values.sets);
const rng = createRng(Number(values.seed));
const u = (a: number, b: number): number => rng.uniform(a, b);
const logU = (a: number, b: number): number => Math.exp(u(Math.log(a), Math.log(b)));
const STRIKES = 9;
const NEGLIGIBLE = 1e-13;

interface Case {
  readonly name: string;
  readonly model: FourierModel<never>;
  readonly draw: () => unknown;
}
const cases: Case[] = [
  { name: 'heston', model: heston as FourierModel<never>, draw: () => ({ v0: u(0.01, 2), kappa: u(0.1, 50), theta: u(0.01, 2), sigma: u(0.05, 3), rho: u(-0.95, 0.6) }) },
  { name: 'heston σ 3–40', model: heston as FourierModel<never>, draw: () => ({ v0: u(0.1, 2), kappa: u(1, 80), theta: u(0.05, 1), sigma: u(3, 40), rho: u(-0.9, 0.3) }) },
  { name: 'bates', model: bates as FourierModel<never>, draw: () => ({ v0: u(0.01, 2), kappa: u(0.1, 50), theta: u(0.01, 2), sigma: u(0.05, 40), rho: u(-0.95, 0.6), lambda: logU(0.01, 200), nu: u(-0.5, 0.3), delta: logU(0.005, 0.8) }) },
  { name: 'merton', model: merton as FourierModel<never>, draw: () => ({ sigma: u(0.1, 1.5), lambda: logU(0.01, 200), nu: u(-0.5, 0.3), delta: logU(0.001, 0.8) }) },
  { name: 'kou', model: kou as FourierModel<never>, draw: () => ({ sigma: u(0.1, 1.5), lambda: u(0.1, 50), p: u(0.1, 0.9), eta1: u(3, 50), eta2: u(3, 50) }) },
  { name: 'variance gamma', model: varianceGamma as FourierModel<never>, draw: () => ({ sigma: u(0.1, 1.5), nu: u(0.01, 2), theta: u(-0.5, 0.3) }) },
];

const ws = createFourierWorkspace(STRIKES, 8);
const reference = new Float64Array(STRIKES);
const slice = new Float64Array(STRIKES);
console.log('| model | options | worst slice (tol 1e-8) | over tol | worst single (tol 1e-10) | over tol | worst against the series |');
console.log('|---|---|---|---|---|---|---|');
for (const c of cases) {
  let options = 0;
  let worstSlice = 0;
  let overSlice = 0;
  let worstSingle = 0;
  let overSingle = 0;
  let worstSeries = 0;
  for (let r = 0; r < sets; r++) {
    let params: never;
    try {
      params = c.model.validate(c.draw() as never);
    } catch {
      continue; // outside the model's domain (e.g. variance gamma's moment condition): this set is skipped
    }
    const T = logU(1 / 365, 3);
    const sd = 0.8 * Math.sqrt(T);
    const strikes = Float64Array.from({ length: STRIKES }, () => Math.exp(u(-4, 4) * sd)).sort();
    const isCall = Uint8Array.from(strikes, (K) => (K >= 1 ? 1 : 0));
    priceSliceInto(c.model, params, 1, T, strikes, isCall, reference, ws, { relativeTolerance: 1e-14 });
    priceSliceInto(c.model, params, 1, T, strikes, isCall, slice, ws, {});
    for (let i = 0; i < STRIKES; i++) {
      const K = strikes[i]!;
      const type = isCall[i] === 1 ? 'call' : 'put';
      const otm = reference[i]! - Math.max(type === 'call' ? 1 - K : K - 1, 0);
      const scale = Math.max(otm, NEGLIGIBLE);
      const e = Math.abs(slice[i]! - reference[i]!) / scale;
      worstSlice = Math.max(worstSlice, e);
      if (!(e <= 1e-8)) overSlice++;
      const single = priceEuropean(c.model, params, 1, K, T, type);
      const s = Math.abs(single - reference[i]!) / scale;
      worstSingle = Math.max(worstSingle, s);
      if (!(s <= 1e-10)) overSingle++;
      if (c.name === 'merton') {
        const series = mertonSeries(params, 1, K, T, type);
        worstSeries = Math.max(worstSeries, Math.abs(single - series) / Math.max(series - Math.max(type === 'call' ? 1 - K : K - 1, 0), NEGLIGIBLE));
      }
      options++;
    }
  }
  const e = (x: number): string => x.toExponential(1);
  console.log(`| ${c.name} | ${options} | ${e(worstSlice)} | ${overSlice} | ${e(worstSingle)} | ${overSingle} | ${c.name === 'merton' ? e(worstSeries) : '—'} |`);
}
