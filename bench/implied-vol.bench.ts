/**
 * How fast, and how exactly, does impliedVolatilityBatch invert a realistic crypto chain?
 *
 * 1,000,000 out-of-the-money options, drawn with a fixed seed: F = 60000, T log-uniform in
 * [1 day, 2 years], σ uniform in [20%, 200%], ln(K/F) uniform in [−1.5, 1.5]·√T, calls above the
 * forward and puts below. Prices come from the normalised Black function (accurate to a few ulp,
 * checked against mpmath in src/core/pricing/normalised-black.test.ts). Reported: one-thread batch
 * throughput (best of 7 after a warm-up), the scalar entry's throughput, and max |σ̂ − σ|.
 * Floors from the issue: ≥ 4e6 options/s and worst error < 1e-13.
 */

import { createRng } from '../src/core/numerics/random.ts';
import { impliedVolatility, impliedVolatilityBatch, IvStatus } from '../src/core/pricing/implied-vol.ts';
import { normalisedBlack } from '../src/core/pricing/normalised-black.ts';
import { bestOfSeconds } from './harness.ts';
import type { Report } from './harness.ts';

const N = 1_000_000;
const DAY = 1 / 365;

export function run(report: Report): Promise<void> {
  const rng = createRng(20150101);
  const price = new Float64Array(N);
  const forward = new Float64Array(N).fill(60000);
  const strike = new Float64Array(N);
  const timeYears = new Float64Array(N);
  const isCall = new Uint8Array(N);
  const sigma = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const t = Math.exp(rng.uniform(Math.log(DAY), Math.log(2)));
    const vol = rng.uniform(0.2, 2);
    const k = rng.uniform(-1.5, 1.5) * Math.sqrt(t);
    const f = forward[i]!;
    const K = f * Math.exp(k);
    const call = K >= f;
    const ratio = f / K;
    const x = ratio >= 0.5 && ratio <= 2 ? Math.log1p((f - K) / K) : Math.log(ratio);
    strike[i] = K;
    timeYears[i] = t;
    sigma[i] = vol;
    isCall[i] = call ? 1 : 0;
    price[i] = Math.sqrt(f) * Math.sqrt(K) * normalisedBlack(x, vol * Math.sqrt(t), call);
  }

  const outVol = new Float64Array(N);
  const outStatus = new Uint8Array(N);
  const batchSeconds = bestOfSeconds(() => {
    impliedVolatilityBatch(price, forward, strike, timeYears, isCall, outVol, outStatus);
  }, 7);

  let worst = 0;
  let failures = 0;
  for (let i = 0; i < N; i++) {
    if (outStatus[i] !== IvStatus.ok) failures++;
    const e = Math.abs(outVol[i]! - sigma[i]!);
    if (e > worst) worst = e;
  }

  // The scalar entry, consuming every result so none of the work can be dropped.
  let checksum = 0;
  const scalarSeconds = bestOfSeconds(() => {
    let sum = 0;
    for (let i = 0; i < N; i++) {
      const r = impliedVolatility(price[i]!, forward[i]!, strike[i]!, timeYears[i]!, isCall[i] === 1 ? 'call' : 'put');
      sum += r.ok ? r.vol : 1;
    }
    checksum = sum;
  }, 3);

  report('iv.throughput', N / batchSeconds, 'options/s');
  report('iv.scalar_throughput', N / scalarSeconds, 'options/s');
  report('iv.worst_abs_error', worst, 'vol');
  report('iv.failures', failures, 'options');
  if (!Number.isFinite(checksum)) report('iv.scalar_checksum_invalid', checksum, '');
  return Promise.resolve();
}
