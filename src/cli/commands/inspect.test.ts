import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { runCommand } from '../run-command.ts';
import { bufferIo } from '../io.ts';
import type { InspectReport } from '../../app/inspect-report.ts';
import { sampleChainSpec, sampleSmileVol } from '../../../testdata/sample-chain-spec.ts';
import { MS_PER_YEAR } from '../../core/market/time.ts';

const sample = fileURLToPath(new URL('../../../testdata/sample-chain.csv', import.meta.url));

async function inspectJson(args: string[]): Promise<InspectReport> {
  const io = bufferIo();
  const code = await runCommand(['inspect', ...args, '--format', 'json'], io);
  assert.equal(code, 0, io.err());
  return JSON.parse(io.out()) as InspectReport;
}

test('inspect on the shipped sample recovers every forward and brackets the true smile by bid and ask IVs', async () => {
  const report = await inspectJson([sample]);
  assert.equal(report.format, 'deribit-snapshot-csv');
  assert.equal(report.snapshotTimeMs, sampleChainSpec.snapshotTimeMs);
  assert.deepEqual(report.currencies.map((c) => c.currency), ['BTC', 'ETH']);
  for (const spec of sampleChainSpec.currencies) {
    const currency = report.currencies.find((c) => c.currency === spec.currency)!;
    assert.equal(currency.expiries.length, spec.expiries.length);
    spec.expiries.forEach((e, i) => {
      const got = currency.expiries[i]!;
      assert.equal(got.expiryMs, e.expiryMs);
      assert.equal(got.forward, e.forward);
      assert.equal(got.forwardSource, e.synthetic ? 'synthetic' : 'future');
      assert.ok(got.quotesKept > 5, `${spec.currency} ${got.expiry}: ${got.quotesKept} kept`);
      const T = (e.expiryMs - sampleChainSpec.snapshotTimeMs) / MS_PER_YEAR;
      for (const q of got.quotes) {
        const truth = sampleSmileVol(e, Math.log(q.strike / e.forward), T);
        assert.ok(q.bidIv !== null && q.askIv !== null, q.instrument);
        assert.ok(q.bidIv <= truth && truth <= q.askIv, `${q.instrument}: ${q.bidIv} ≤ ${truth} ≤ ${q.askIv}`);
        assert.ok(Math.abs(q.markIv! - truth) < 6e-5, `${q.instrument}: mark IV ${q.markIv} vs ${truth}`);
      }
      // Linear interpolation in total variance between neighbouring strikes misses the smile's curvature by
      // a fraction of a vol point; tick rounding of the mids adds less.
      const atmTruth = sampleSmileVol(e, 0, T);
      assert.ok(got.atmVol !== null && Math.abs(got.atmVol - atmTruth) < 0.005, `${got.expiry}: ATM ${got.atmVol} vs ${atmTruth}`);
    });
  }
});

test('inspect counts every quote exactly once: kept plus dropped by reason equals the rows read', async () => {
  const report = await inspectJson([sample]);
  let quotes = 0;
  for (const c of report.currencies) {
    for (const e of c.expiries) {
      const dropped = Object.values(e.dropped).reduce((a, b) => a + b, 0);
      assert.equal(e.quotesKept + dropped, e.quotesTotal);
      assert.equal(e.droppedQuotes.length, dropped);
      for (const d of e.droppedQuotes) assert.ok(e.dropped[d.reason] > 0 && d.line > 1, d.instrument);
      quotes += e.quotesTotal;
    }
  }
  assert.equal(quotes + report.rowsRejected, report.rowsRead);
  assert.ok(report.currencies[0]!.dropped.no_bid > 0, 'the sample has ask-only far wings');
  assert.ok(report.currencies[0]!.dropped.in_the_money_side > 0);
});

test('inspect prints a text table with forwards, sources and ATM IVs', async () => {
  const io = bufferIo();
  assert.equal(await runCommand(['inspect', sample, '--currency', 'ETH'], io), 0);
  const text = io.out();
  assert.match(text, /ETH: 5 expiries/);
  assert.match(text, /2026-03-27 08:00 +\S+ +2009\.80 +future/);
  assert.doesNotMatch(text, /^BTC:/m);
});

test('inspect on a missing file reports it and exits 1', async () => {
  const io = bufferIo();
  assert.equal(await runCommand(['inspect', '/nonexistent/chain.csv'], io), 1);
  assert.match(io.err(), /\/nonexistent\/chain\.csv/);
});

test('inspect rejects a bad flag value with a usage error naming the flag', async () => {
  const io = bufferIo();
  assert.equal(await runCommand(['inspect', sample, '--max-spread', 'wide'], io), 2);
  assert.match(io.err(), /--max-spread 'wide'/);
});
