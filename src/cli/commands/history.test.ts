import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../run-command.ts';
import { bufferIo } from '../io.ts';
import { openHistoryStore } from '../../store/open-store.ts';
import type { CalibrationRecord } from '../../store/history-store.ts';

const DAY_MS = 86_400_000;
/** 27 Jan – 1 Feb 2026: two calm days, then four in the crash window (from 29 Jan). */
const DAYS = [0, 1, 2, 3, 4, 5].map((d) => Date.UTC(2026, 0, 27, 9) + d * DAY_MS);

/**
 * Figures that differ per series and stay constant over time, so that every mean in the tables is the
 * figure itself: in-sample RMSE `rmse`, out-of-sample sticky-moneyness RMSE `rmse + 1`.
 */
const SERIES = [
  { currency: 'BTC', model: 'essvi', variant: 'plain', rmse: 1.11, params: { atmVol30d: 0.5, rho30d: -0.2, psi30d: 0.3 } },
  { currency: 'BTC', model: 'essvi', variant: 'regularised', rmse: 1.13, params: { atmVol30d: 0.5, rho30d: -0.2, psi30d: 0.3 } },
  { currency: 'BTC', model: 'heston', variant: 'plain', rmse: 3.37, params: { v0: 0.25, kappa: 2, theta: 0.3, sigma: 1.1, rho: -0.4 } },
  { currency: 'ETH', model: 'heston', variant: 'plain', rmse: 4.41, params: { v0: 0.36, kappa: 3, theta: 0.4, sigma: 1.3, rho: -0.3 } },
];

function record(s: (typeof SERIES)[number], snapshotMs: number, day: number): CalibrationRecord {
  const score = (rmse: number): Record<string, number> => ({ quotes: 50, rmseVolPoints: rmse, twoSidedQuotes: 50, insideSpreadShare: 0.6 });
  return {
    source: 'deribit',
    currency: s.currency,
    model: s.model,
    variant: s.variant,
    snapshotMs,
    sourceFile: `snapshot-${String(day)}.csv`,
    quotesHash: 'f'.repeat(64),
    ok: true,
    failureReason: null,
    // The parameters wander a little, so that the stability figures are finite.
    params: Object.fromEntries(Object.entries(s.params).map(([name, value]) => [name, value * (1 + 0.01 * (day % 2))])),
    diagnostics: {
      statistics: score(s.rmse),
      outOfSample: day === 0 ? null : { stickyMoneyness: score(s.rmse + 1), stickyStrike: score(s.rmse + 1), residualCorrected: score(2), naive: score(2.5) },
      policy: { mode: 'warm', reasons: [], fallback: null },
      timeMs: 20,
    },
    solver: { iterations: 3 },
    state: {},
    volcalVersion: 'test',
  };
}

/** The model-selection table of a currency in the report. */
function selectionTable(html: string, currency: string): string {
  const start = html.indexOf(`<h2>Model selection · ${currency}</h2>`);
  assert.ok(start >= 0, currency);
  return html.slice(start, html.indexOf('</table>', start));
}

describe('volcal history --report', () => {
  let dir: string;
  let db: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'volcal-history-'));
    db = join(dir, 'history.sqlite');
    const store = await openHistoryStore(db);
    try {
      for (const s of SERIES) for (const [day, t] of DAYS.entries()) assert.equal(await store.put(record(s, t, day)), 'inserted');
    } finally {
      await store.close();
    }
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function history(args: string[]): Promise<{ code: number; out: string; err: string }> {
    const io = bufferIo();
    const code = await runCommand(['history', '--db', db, ...args], io);
    return { code, out: io.out(), err: io.err() };
  }

  it('writes everything stored as one self-contained HTML page with the model-selection and stability tables', async () => {
    const file = join(dir, 'out', 'report.html');
    const { code, out, err } = await history(['--report', file]);
    assert.equal(code, 0, err);
    assert.equal(out, `report of ${String(SERIES.length * DAYS.length)} calibrations written to ${file}\n`);
    assert.ok(existsSync(file));
    const html = readFileSync(file, 'utf8');
    assert.ok(html.startsWith('<!DOCTYPE html>') && html.trimEnd().endsWith('</html>'));
    assert.equal(html.match(/<html/g)?.length, 1);
    assert.doesNotMatch(html, /<script|<link|<img|src=|https?:\/\//, 'nothing loaded from elsewhere');
    assert.doesNotMatch(html, /NaN|undefined|Infinity/);
    assert.ok(html.includes('<h2>Model selection · BTC</h2>') && html.includes('<h2>Model selection · ETH</h2>'));
    assert.ok(html.includes('<h2>Parameter stability: median day-over-day |Δp|, plain and regularised (all snapshots)</h2>'));
    // Every series' constant in-sample and out-of-sample RMSE, as its mean, in its row of each period.
    for (const s of SERIES) {
      const rows = selectionTable(html, s.currency).match(new RegExp(`<tr[^>]*><td>(all|calm|crash)</td><td>${s.model}</td><td>${s.variant}</td>.*</tr>`, 'g')) ?? [];
      assert.equal(rows.length, 3, `${s.currency} ${s.model} ${s.variant}: all, calm, crash`);
      for (const row of rows) {
        const cells = [...row.matchAll(/<td class="n">([^<]*)<\/td>/g)].map((m) => m[1]);
        const period = /<td>(all|calm|crash)<\/td>/.exec(row)?.[1];
        const calibrations = period === 'all' ? '6' : period === 'calm' ? '2' : '4';
        // calibrations, failed, in-sample RMSE, inside %, OOS sticky-moneyness, OOS residual-corrected, naive
        assert.deepEqual(cells.slice(0, 7), [calibrations, '0', s.rmse.toFixed(2), '60.0', (s.rmse + 1).toFixed(2), '2.00', '2.50'], row);
      }
    }
    // BTC essvi plain has the lowest out-of-sample error and, with the fewest parameters, the lowest BIC.
    assert.match(html, /<td>essvi<\/td><td>plain<\/td>(<td class="n">[^<]*<\/td>)+<td>OOS error, BIC<\/td>/);
    assert.match(html, /<td>essvi<\/td><td>regularised<\/td>(<td class="n">[^<]*<\/td>)+<td><\/td>/);
    // The crash window: a period of the tables, shaded in the charts, named in the header.
    assert.ok(html.includes('<td>crash</td>') && html.includes('<td>calm</td>'));
    assert.match(html, /<rect class="window"[^>]*><title>crash<\/title>/);
    assert.ok(html.includes('shaded windows: <span class="bt-window-key">crash</span> 29 Jan 2026 – 8 Feb 2026'));
  });

  it('--currency, --model and --variant choose the series of the report', async () => {
    const file = join(dir, 'heston.html');
    const { code, out } = await history(['--report', file, '--model', 'heston', '--currency', 'eth']);
    assert.equal(code, 0);
    assert.match(out, /report of 6 calibrations/);
    const html = readFileSync(file, 'utf8');
    assert.ok(html.includes('<h2>Model selection · ETH</h2>') && !html.includes('Model selection · BTC'));
    assert.ok(html.includes('<td class="n">4.41</td>') && !html.includes('<td class="n">3.37</td>'));
    assert.ok(!html.includes('Parameter stability'), 'no regularised series, no ratio table');
    const plain = await history(['--report', join(dir, 'plain.html'), '--variant', 'plain', '--currency', 'BTC']);
    assert.match(plain.out, /report of 12 calibrations/);
  });

  it('refuses --format and --param with --report (exit 2), and still wants --currency and --model without it', async () => {
    const json = await history(['--report', join(dir, 'x.html'), '--format', 'json']);
    assert.equal(json.code, 2);
    assert.match(json.err, /^volcal history: --format applies to the printed series; --report writes HTML\n\nUsage:/);
    const param = await history(['--report', join(dir, 'x.html'), '--param', 'v0']);
    assert.equal(param.code, 2);
    assert.match(param.err, /--param applies to the printed series/);
    assert.ok(!existsSync(join(dir, 'x.html')));
    const bare = await history([]);
    assert.equal(bare.code, 2);
    assert.match(bare.err, /--currency is required \(or --report\)/);
    const noModel = await history(['--currency', 'BTC']);
    assert.equal(noModel.code, 2);
    assert.match(noModel.err, /--model is required/);
  });

  it('prints the series as before without --report', async () => {
    const { code, out } = await history(['--currency', 'BTC', '--model', 'heston', '--format', 'json']);
    assert.equal(code, 0);
    const lines = out.trimEnd().split('\n').map((l) => JSON.parse(l) as { model: string; currency: string });
    assert.equal(lines.length, DAYS.length);
    assert.ok(lines.every((l) => l.model === 'heston' && l.currency === 'BTC'));
  });

  it('says so (exit 1) when nothing stored matches, or the report cannot be written', async () => {
    const none = await history(['--report', join(dir, 'none.html'), '--currency', 'SOL']);
    assert.equal(none.code, 1);
    assert.match(none.err, /no stored calibration of SOL in /);
    assert.ok(!existsSync(join(dir, 'none.html')));
    const unwritable = await history(['--report', dir]);
    assert.equal(unwritable.code, 1);
    assert.match(unwritable.err, /^volcal history: cannot write .*: EISDIR/);
  });
});
