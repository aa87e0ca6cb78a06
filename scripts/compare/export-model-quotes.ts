/**
 * Exports the quotes volcal calibrates to, so another library (scripts/compare/quantlib_heston.py) can fit
 * exactly the same ones; with `--fit`, also runs volcal's own Heston calibration on them and records the
 * result (docs/heston-vs-quantlib.md).
 *
 * Pipeline, per snapshot file: readChainFile → resolveChain (default filters: out-of-the-money side only,
 * spreads up to 100% of the mid, staleness limits) → smileSliceFromExpiry, keeping the expiries of the
 * currency with at least `--min-days` days to expiry (default 2) and at least 5 quotes.
 *
 * Output JSON (to `--out`, else stdout): per snapshot, per expiry: expiryMs, timeToExpiryYears (ACT/365 on
 * the instant, src/core/market/time.ts), forward (USD), and per quote strike, logMoneyness = ln(K/F),
 * isCall, midVol, bidVol (0 = no bid vol), askVol (null = no ask vol). Vols are annualised decimals.
 *
 * `--fit`: calibrateModel(createHestonSpec(), slices, options) twice, with volcal's defaults (spread
 * weights, Huber loss at half a spread) and with { loss: 'l2', weighting: 'uniform' } (plain least squares
 * in implied vol); per run the pooled RMSE against the mid (vol points), the share of two-sided quotes
 * inside [bid, ask], the best of 3 wall times (performance.now(), the runs one after the other in this
 * process), the parameters, Feller (2κθ ≥ σ²) and the solver's statistics.
 *
 * Run (Node 24): `npx node scripts/compare/export-model-quotes.ts --currency BTC [--min-days 2] [--fit]
 *   [--out /tmp/btc.json] FILE...`
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { readChainFile } from '../../src/io/read-chain.ts';
import { resolveChain } from '../../src/core/market/resolve-chain.ts';
import { smileSliceFromExpiry, type SmileSlice } from '../../src/core/calibration/smile-slice.ts';
import { calibrateModel, type ModelFitOptions } from '../../src/core/calibration/calibrate-model.ts';
import { createHestonSpec } from '../../src/core/calibration/model-specs/heston-spec.ts';

const MIN_QUOTES = 5;
const REPEATS = 3;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    currency: { type: 'string' },
    'min-days': { type: 'string', default: '2' },
    fit: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const currency = values.currency?.toUpperCase();
const minDays = Number(values['min-days']);
if (currency === undefined || positionals.length === 0 || !(minDays >= 0)) {
  process.stderr.write('usage: export-model-quotes.ts --currency BTC|ETH [--min-days 2] [--fit] [--out FILE] SNAPSHOT...\n');
  process.exit(2);
}

interface ExportedQuote {
  readonly strike: number;
  readonly logMoneyness: number;
  readonly isCall: boolean;
  readonly midVol: number;
  readonly bidVol: number;
  readonly askVol: number | null;
}

interface ExportedExpiry {
  readonly expiryMs: number;
  readonly expiry: string;
  readonly timeToExpiryYears: number;
  readonly forward: number;
  readonly quotes: readonly ExportedQuote[];
}

interface VolcalRun {
  readonly ok: boolean;
  readonly reason?: string;
  readonly options: Partial<ModelFitOptions>;
  readonly rmseVolPoints?: number;
  readonly insideSpreadShare?: number;
  readonly quotes?: number;
  readonly twoSidedQuotes?: number;
  readonly timeMs?: number;
  readonly timesMs?: readonly number[];
  readonly params?: Readonly<Record<string, number>>;
  readonly feller?: boolean;
  readonly iterations?: number;
  readonly evaluations?: number;
  readonly stopReason?: string;
}

interface ExportedSnapshot {
  readonly file: string;
  readonly snapshotTimeMs: number;
  readonly snapshotTime: string;
  readonly currency: string;
  readonly expiries: readonly ExportedExpiry[];
  readonly volcal?: { readonly default: VolcalRun; readonly l2Uniform: VolcalRun };
}

function exportSlice(s: SmileSlice): ExportedExpiry {
  const quotes: ExportedQuote[] = [];
  for (let i = 0; i < s.count; i++) {
    const ask = s.askVol[i]!;
    quotes.push({
      strike: s.strike[i]!,
      logMoneyness: s.logMoneyness[i]!,
      isCall: s.isCall[i] === 1,
      midVol: s.midVol[i]!,
      bidVol: s.bidVol[i]!,
      askVol: Number.isFinite(ask) ? ask : null,
    });
  }
  return {
    expiryMs: s.expiryMs,
    expiry: new Date(s.expiryMs).toISOString(),
    timeToExpiryYears: s.timeToExpiryYears,
    forward: s.forward,
    quotes,
  };
}

function runVolcal(slices: readonly SmileSlice[], options: Partial<ModelFitOptions>): VolcalRun {
  const spec = createHestonSpec();
  const timesMs: number[] = [];
  let fit = null;
  for (let r = 0; r < REPEATS; r++) {
    const started = performance.now();
    fit = calibrateModel(spec, slices, options);
    timesMs.push(performance.now() - started);
  }
  if (fit === null || !fit.ok) return { ok: false, reason: fit?.reason ?? 'not run', options };
  const p = fit.params;
  return {
    ok: true,
    options,
    rmseVolPoints: fit.statistics.rmseVolPoints,
    insideSpreadShare: fit.statistics.insideSpreadShare,
    quotes: fit.statistics.quotes,
    twoSidedQuotes: fit.statistics.twoSidedQuotes,
    timeMs: Math.min(...timesMs),
    timesMs,
    params: { v0: p.v0, kappa: p.kappa, theta: p.theta, sigma: p.sigma, rho: p.rho },
    feller: 2 * p.kappa * p.theta >= p.sigma * p.sigma,
    iterations: fit.solver.iterations,
    evaluations: fit.solver.evaluations,
    stopReason: fit.solver.stopReason,
  };
}

const snapshots: ExportedSnapshot[] = [];
for (const path of positionals) {
  const read = await readChainFile(path);
  if (read.snapshot === null) throw new Error(`${path}: ${read.issues[0]?.reason ?? 'unreadable'}`);
  const chain = resolveChain(read.snapshot).find((c) => c.currency === currency);
  if (chain === undefined) throw new Error(`${path}: no ${currency} options`);
  const slices: SmileSlice[] = [];
  for (const expiry of chain.slices) {
    const smile = smileSliceFromExpiry(expiry);
    if (smile === null || smile.timeToExpiryYears * 365 < minDays || smile.count < MIN_QUOTES) continue;
    slices.push(smile);
  }
  const snapshot: ExportedSnapshot = {
    file: basename(path),
    snapshotTimeMs: read.snapshot.snapshotTimeMs,
    snapshotTime: new Date(read.snapshot.snapshotTimeMs).toISOString(),
    currency,
    expiries: slices.map(exportSlice),
  };
  if (values.fit) {
    const fits = {
      default: runVolcal(slices, {}),
      l2Uniform: runVolcal(slices, { loss: 'l2', weighting: 'uniform' }),
    };
    snapshots.push({ ...snapshot, volcal: fits });
    const line = (r: VolcalRun): string =>
      r.ok ? `${r.rmseVolPoints!.toFixed(2)} vp ${(100 * r.insideSpreadShare!).toFixed(1)}% ${r.timeMs!.toFixed(0)} ms` : `failed: ${r.reason!}`;
    process.stderr.write(`${snapshot.file} ${currency}: default ${line(fits.default)}; l2 uniform ${line(fits.l2Uniform)}\n`);
  } else {
    snapshots.push(snapshot);
  }
}

const document = { tool: 'volcal scripts/compare/export-model-quotes.ts', currency, minDays, minQuotes: MIN_QUOTES, snapshots };
const text = JSON.stringify(document, null, 1) + '\n';
if (values.out === undefined) process.stdout.write(text);
else writeFileSync(values.out, text);
