/**
 * Fits every Deribit snapshot in ../shared/data/deribit_znmahbub (268 files, BTC and ETH) with every smile
 * model and writes the results to docs/smile-fits.md: fit quality against the bid–ask spread (with
 * Deribit's own mark IVs on the same quotes for comparison), arbitrage by the independent checks, failures
 * with their reasons, and time. Run: `node scripts/fit-all-snapshots.ts` (about two minutes).
 *
 * The pooled inside-spread share counts two-sided out-of-the-money quotes of expiries over one day, the
 * measure of the smile issue's bar.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readChainFile } from '../src/io/read-chain.ts';
import { fitChain, smileModelNames } from '../src/app/fit-chain.ts';
import type { FitDocument } from '../src/app/fit-document.ts';

const dataDir = fileURLToPath(new URL('../../shared/data/deribit_znmahbub/snapshots/', import.meta.url));
const out = fileURLToPath(new URL('../docs/smile-fits.md', import.meta.url));
const CRASH_FROM = Date.UTC(2026, 1, 4);
const CRASH_TO = Date.UTC(2026, 1, 8);
const ONE_DAY_YEARS = 1 / 365;

interface Tally {
  snapshots: number;
  slices: number;
  failed: number;
  twoSided: number;
  inside: number;
  markTwoSided: number;
  markInside: number;
  sumSq: number;
  quotes: number;
  butterflySlices: number;
  calendarPairs: number;
  calendarCrossed: number;
  fitMs: number;
  failures: Map<string, number>;
}

function emptyTally(): Tally {
  return {
    snapshots: 0, slices: 0, failed: 0, twoSided: 0, inside: 0, markTwoSided: 0, markInside: 0, sumSq: 0, quotes: 0,
    butterflySlices: 0, calendarPairs: 0, calendarCrossed: 0, fitMs: 0, failures: new Map(),
  };
}

function add(t: Tally, doc: FitDocument): void {
  const surface = doc.model === 'ssvi' || doc.model === 'essvi' || doc.model === 'svi-surface';
  t.snapshots++;
  t.calendarPairs += doc.arbitrage.calendar.adjacentPairs;
  t.calendarCrossed += doc.arbitrage.calendar.pairsWithViolations;
  for (const e of doc.expiries) {
    if (!e.ok) {
      t.failed++;
      const reason = e.reason.replace(/\d+(\.\d+)?/g, 'N');
      t.failures.set(reason, (t.failures.get(reason) ?? 0) + 1);
      continue;
    }
    t.slices++;
    // A surface's entries all carry the whole surface's time: count it once.
    if (!surface || e === doc.expiries.find((x) => x.ok)) t.fitMs += e.solver.timeMs;
    if (e.butterfly.violations > 0) t.butterflySlices++;
    for (const q of e.quotes) {
      t.quotes++;
      t.sumSq += (q.fitIv - q.midIv) ** 2;
      if (e.timeToExpiryYears <= ONE_DAY_YEARS || q.bidIv === null || q.askIv === null) continue;
      t.twoSided++;
      if (q.fitIv >= q.bidIv && q.fitIv <= q.askIv) t.inside++;
      if (q.markIv !== null) {
        t.markTwoSided++;
        if (q.markIv >= q.bidIv && q.markIv <= q.askIv) t.markInside++;
      }
    }
  }
}

const pct = (a: number, b: number): string => (b > 0 ? `${((100 * a) / b).toFixed(1)}%` : '-');

const files = readdirSync(dataDir).filter((f) => f.endsWith('.csv.gz')).sort();
const tallies = new Map<string, Tally>();
const tally = (key: string): Tally => {
  let t = tallies.get(key);
  if (t === undefined) tallies.set(key, (t = emptyTally()));
  return t;
};
let crashes = 0;
for (const file of files) {
  const read = await readChainFile(dataDir + file);
  if (read.snapshot === null) throw new Error(`${file}: ${read.issues[0]?.reason ?? 'unreadable'}`);
  const inCrash = read.snapshot.snapshotTimeMs >= CRASH_FROM && read.snapshot.snapshotTimeMs < CRASH_TO;
  for (const name of smileModelNames) {
    for (const currency of ['BTC', 'ETH']) {
      try {
        const result = fitChain(read.snapshot, { currency, model: name, clock: () => performance.now() });
        if (!result.ok) throw new Error(result.reason);
        add(tally(`${name} ${currency} all`), result.document);
        if (inCrash) add(tally(`${name} ${currency} crash`), result.document);
      } catch (error) {
        crashes++;
        process.stderr.write(`${file} ${name} ${currency}: ${(error as Error).message}\n`);
      }
    }
  }
}

const rows = [...tallies.entries()].map(([key, t]) => {
  const [model, currency, window] = key.split(' ');
  return `| ${model} | ${currency} | ${window === 'crash' ? '4–7 Feb 2026 crash' : 'all 268'} | ${t.snapshots} | ${t.slices} | ${t.failed} | ${pct(t.inside, t.twoSided)} | ${pct(t.markInside, t.markTwoSided)} | ${(100 * Math.sqrt(t.sumSq / Math.max(t.quotes, 1))).toFixed(2)} | ${t.butterflySlices} | ${t.calendarCrossed} of ${t.calendarPairs} | ${(t.fitMs / Math.max(t.slices, 1)).toFixed(3)} |`;
});
const failureLines = [...tallies.entries()]
  .filter(([key]) => key.endsWith('all'))
  .flatMap(([key, t]) => [...t.failures.entries()].map(([reason, n]) => `- ${key.replace(' all', '')}: ${n} × ${reason}`));

const text = `# Smile fits on every Deribit snapshot

Written by \`node scripts/fit-all-snapshots.ts\` on ${new Date().toISOString().slice(0, 10)}: every snapshot in
\`../shared/data/deribit_znmahbub\` (268 files), BTC and ETH, fitted with each smile and surface model of
\`volcal fit\` (per expiry: SVI, SABR with β = 1; whole surface: SSVI, eSSVI, svi-surface) with its
defaults: vol-space residuals, spread weights and Huber to the mid (δ = half a spread) for all; no butterfly
arbitrage on k ∈ [−1.5, 1.5] for SVI and over the quotes for SABR (whose β = 1 wings are reported, not
constrained); the (e)SSVI surfaces' parameter constraints keep them free of butterfly and calendar
arbitrage everywhere. Per-expiry fits do not see each other, so their adjacent expiries can cross (calendar
column). **svi-surface** is the SVI slices of the same expiries fitted jointly (src/core/surface/svi-surface.ts):
started from the per-slice SVI fits, with penalty rows for butterfly (Durrleman g), calls rising with
strike, calendar crossings and Lee's wing bound on k ∈ [−1.5, 1.5] at growing weights, then an exact repair,
so it keeps raw SVI's five parameters per expiry and has no static arbitrage on that range. Its expiries
are svi's (those under a day included; a slice whose per-slice fit fails is left out), so the two count the
same slices.
Crashes: ${crashes}.

- **inside**: share of two-sided out-of-the-money quotes of expiries over one day whose fitted IV lies in
  [bid IV, ask IV]; **marks inside**: the same share for Deribit's own mark IVs on the same quotes.
- **RMSE**: fitted against mid IV, vol points, all fitted quotes.
- **butterfly**: fitted slices with Durrleman g(k) < 0 somewhere on k ∈ [−1.5, 1.5] (step 0.01, finite differences:
  src/core/smile/butterfly.ts, independent of the models' own checks). **calendar**: adjacent expiry pairs whose
  total variance crosses on that grid (per-expiry models do not constrain it; the surface models exclude it by construction).
- **ms/slice**: calibration time per expiry on one core of the shared 2-vCPU machine, start and in-loop arbitrage
  checks included; for surfaces, the whole surface's time divided by its slices (for svi-surface, the
  per-slice SVI fits that start it included).

| model | currency | window | snapshots | slices fitted | failed | inside | marks inside | RMSE vp | butterfly | calendar crossings | ms/slice |
|---|---|---|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

## Failed slices and why
${failureLines.length > 0 ? failureLines.join('\n') : 'None.'}
`;
writeFileSync(out, text);
process.stdout.write(text);
