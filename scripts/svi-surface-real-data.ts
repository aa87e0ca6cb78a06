/**
 * The joint raw-SVI surface (src/core/surface/svi-surface.ts) against per-expiry SVI fits on real Deribit
 * snapshots: every Nth snapshot of ../shared/data/deribit_znmahbub (`--stride`, default 5), BTC and ETH,
 * expiries over one day with at least 6 kept quotes (as src/app/svi-no-arbitrage.real-data.test.ts), each
 * fitted per slice by calibrateSmile(sviModel) and then jointly from those fits. Prints a markdown table:
 * the pooled share of two-sided quotes fitted inside [bid IV, ask IV], slices with butterfly arbitrage and
 * adjacent pairs that cross, both by the independent price check (checkStaticArbitrage, k ∈ [−1.5, 1.5]
 * step 0.005, tolerance 1e-12, at the fitted expiries), slices the final repair moved, and the joint fit's
 * time per surface (performance.now around calibrateSviSurface alone; the per-slice fits are not counted).
 *
 * Run: `npx node scripts/svi-surface-real-data.ts [--stride 5]`.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readChainFile } from '../src/io/read-chain.ts';
import { resolveChain } from '../src/core/market/resolve-chain.ts';
import { smileSliceFromExpiry, type SmileSlice } from '../src/core/calibration/smile-slice.ts';
import { calibrateSmile } from '../src/core/calibration/calibrate-smile.ts';
import { sviModel } from '../src/core/smile/svi.ts';
import { calibrateSviSurface, sviSlicesForCheck } from '../src/core/surface/svi-surface.ts';
import { checkStaticArbitrage } from '../src/core/surface/static-arbitrage.ts';

const { values } = parseArgs({ options: { stride: { type: 'string', default: '5' } } });
const stride = Math.max(1, Math.floor(Number(values.stride)));
const dataDir = fileURLToPath(new URL('../../shared/data/deribit_znmahbub/snapshots/', import.meta.url));
const DAY = 1 / 365;
const MIN_QUOTES = 6;

interface Tally {
  surfaces: number;
  failures: number;
  slices: number;
  pairs: number;
  twoSided: number;
  insideSlice: number;
  insideJoint: number;
  butterflySlice: number;
  butterflyJoint: number;
  crossingSlice: number;
  crossingJoint: number;
  repaired: number;
  surfacesRepaired: number;
  notFree: number;
  stages: number;
  iterations: number;
  ms: number[];
  msPerExpiry: number[];
}
const empty = (): Tally => ({
  surfaces: 0, failures: 0, slices: 0, pairs: 0, twoSided: 0, insideSlice: 0, insideJoint: 0, butterflySlice: 0,
  butterflyJoint: 0, crossingSlice: 0, crossingJoint: 0, repaired: 0, surfacesRepaired: 0, notFree: 0, stages: 0, iterations: 0,
  ms: [], msPerExpiry: [],
});

/** Slices with butterfly or call-spread arbitrage, and crossing adjacent pairs, by the independent check. */
function countArbitrage(slices: readonly SmileSlice[], packed: readonly Float64Array[]): { butterfly: number; crossing: number } {
  const surface = sviSlicesForCheck(slices, packed);
  const times = slices.map((s) => s.timeToExpiryYears);
  let butterfly = 0;
  let crossing = 0;
  times.forEach((t, i) => {
    const one = checkStaticArbitrage(surface, [t]);
    if (one.butterflyViolations + one.callSpreadViolations + one.invalidVols > 0) butterfly++;
    if (i > 0 && checkStaticArbitrage(surface, [times[i - 1]!, t]).calendarViolations > 0) crossing++;
  });
  return { butterfly, crossing };
}

const files = readdirSync(dataDir).filter((f) => f.endsWith('.csv.gz')).sort().filter((_, i) => i % stride === 0);
const tallies = new Map<string, Tally>([['BTC', empty()], ['ETH', empty()]]);
for (const file of files) {
  const read = await readChainFile(dataDir + file);
  if (read.snapshot === null) throw new Error(`${file}: ${read.issues[0]?.reason ?? 'unreadable'}`);
  for (const chain of resolveChain(read.snapshot)) {
    const t = tallies.get(chain.currency);
    if (t === undefined) continue;
    const slices: SmileSlice[] = [];
    const starts: Float64Array[] = [];
    for (const expiry of chain.slices) {
      if (!(expiry.timeToExpiryYears > DAY)) continue;
      const slice = smileSliceFromExpiry(expiry);
      if (slice === null || slice.count < MIN_QUOTES) continue;
      const fit = calibrateSmile(sviModel, slice);
      if (!fit.ok) continue;
      slices.push(slice);
      starts.push(fit.packed);
    }
    if (slices.length === 0) continue;
    const began = performance.now();
    const joint = calibrateSviSurface(slices, starts);
    const ms = performance.now() - began;
    if (!joint.ok) {
      t.failures++;
      process.stderr.write(`${file} ${chain.currency}: ${joint.reason}\n`);
      continue;
    }
    t.surfaces++;
    t.slices += slices.length;
    t.pairs += slices.length - 1;
    t.ms.push(ms);
    t.msPerExpiry.push(ms / slices.length);
    t.stages += joint.solver.stages;
    t.iterations += joint.solver.iterations;
    t.repaired += joint.arbitrage.repaired;
    if (joint.arbitrage.repaired > 0) t.surfacesRepaired++;
    if (!joint.arbitrage.arbitrageFree) t.notFree++;
    slices.forEach((slice, i) => {
      const fitVol = new Float64Array(slice.count);
      for (let q = 0; q < slice.count; q++) fitVol[q] = Math.sqrt(sviModel.totalVariance(starts[i]!, slice.logMoneyness[q]!, slice.timeToExpiryYears) / slice.timeToExpiryYears);
      for (let q = 0; q < slice.count; q++) {
        const bid = slice.bidVol[q]!;
        const ask = slice.askVol[q]!;
        if (!(bid > 0 && Number.isFinite(ask))) continue;
        t.twoSided++;
        if (fitVol[q]! >= bid && fitVol[q]! <= ask) t.insideSlice++;
        const v = joint.fitVol[i]![q]!;
        if (v >= bid && v <= ask) t.insideJoint++;
      }
    });
    const before = countArbitrage(slices, starts);
    const after = countArbitrage(slices, joint.packed);
    t.butterflySlice += before.butterfly;
    t.crossingSlice += before.crossing;
    t.butterflyJoint += after.butterfly;
    t.crossingJoint += after.crossing;
  }
  process.stderr.write(`${file}\n`);
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[s.length >> 1]!;
};
const pct = (a: number, b: number): string => (b > 0 ? `${((100 * a) / b).toFixed(2)}%` : '–');
const rows = [...tallies.entries()].map(([currency, t]) =>
  `| ${currency} | ${t.surfaces} (${t.failures} failed) | ${t.slices} | ${t.twoSided} | ${pct(t.insideSlice, t.twoSided)} | ${pct(t.insideJoint, t.twoSided)} | ` +
  `${t.butterflySlice} → ${t.butterflyJoint} | ${t.crossingSlice} → ${t.crossingJoint} of ${t.pairs} | ${t.repaired} (${t.surfacesRepaired} surfaces) | ${t.notFree} | ` +
  `${(t.stages / Math.max(t.surfaces, 1)).toFixed(2)} | ${(t.iterations / Math.max(t.surfaces, 1)).toFixed(1)} | ${median(t.ms).toFixed(1)} | ${Math.max(...t.ms, 0).toFixed(1)} | ${median(t.msPerExpiry).toFixed(2)} |`,
);
process.stdout.write(`Joint raw-SVI surface vs per-slice SVI fits: every ${stride}th of ${readdirSync(dataDir).filter((f) => f.endsWith('.csv.gz')).length} snapshots (${files.length}), expiries > 1 day with ≥ ${MIN_QUOTES} quotes.

| currency | surfaces | slices | two-sided quotes | inside per-slice | inside joint | butterfly slices per-slice → joint | crossing pairs per-slice → joint | slices repaired | surfaces not free (own check) | stages / surface | LM iterations / surface | ms median | ms max | ms / expiry median |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}
`);
