/**
 * The joint raw-SVI surface (src/core/surface/svi-surface.ts) on real Deribit snapshots: every 10th of the
 * 268 in ../shared/data, one from the 4–7 February 2026 crash among them (5 Feb, 21:29 UTC), BTC and ETH, expiries
 * over a day with 6+ kept quotes (as svi-no-arbitrage.real-data.test.ts), each first fitted per slice by
 * calibrateSmile(sviModel). The surface must be free of static arbitrage by the independent price check
 * (checkStaticArbitrage: calls non-increasing and convex in strike on k ∈ [−1.5, 1.5] step 0.005, total
 * variance non-decreasing from one fitted expiry to the next, tolerance 1e-12), where the per-slice fits
 * are not, at a small cost in quotes fitted inside the spread.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readChainFile } from '../io/read-chain.ts';
import { resolveChain } from '../core/market/resolve-chain.ts';
import { smileSliceFromExpiry, type SmileSlice } from '../core/calibration/smile-slice.ts';
import { calibrateSmile } from '../core/calibration/calibrate-smile.ts';
import { sviModel } from '../core/smile/svi.ts';
import { calibrateSviSurface, sviSlicesForCheck } from '../core/surface/svi-surface.ts';
import { checkStaticArbitrage } from '../core/surface/static-arbitrage.ts';

const dir = fileURLToPath(new URL('../../../shared/data/deribit_znmahbub/snapshots/', import.meta.url));
const CRASH_SNAPSHOT = 'deribit_options_snapshot_20260205T212937Z.csv.gz';

test('joint SVI surfaces of real Deribit snapshots have no static arbitrage by the independent check and keep the quotes inside the spread to within 0.75 point of per-slice fits', { skip: !existsSync(dir) }, async () => {
  const all = readdirSync(dir).filter((f) => f.endsWith('.csv.gz')).sort();
  // Every 10th rather than every 40th: the cost in quotes is concentrated in a few surfaces (one 7 May BTC
  // surface loses 27 of its 390), so a handful of snapshots measures it poorly. About 5 s. The crash
  // snapshot is the 61st, so it is among them; the Set keeps it one if the data changes.
  const files = [...new Set([...all.filter((_, i) => i % 10 === 0), CRASH_SNAPSHOT])];
  assert.equal(files.length, 27);
  assert.ok(files.includes(CRASH_SNAPSHOT));
  for (const currency of ['BTC', 'ETH']) {
    const pooled = { twoSided: 0, perSlice: 0, joint: 0 };
    let crossedBefore = 0;
    let slicesFitted = 0;
    for (const file of files) {
      const read = await readChainFile(dir + file);
      const chain = resolveChain(read.snapshot!).find((c) => c.currency === currency)!;
      const slices: SmileSlice[] = [];
      const starts: Float64Array[] = [];
      for (const expiry of chain.slices) {
        if (!(expiry.timeToExpiryYears > 1 / 365)) continue;
        const slice = smileSliceFromExpiry(expiry);
        if (slice === null || slice.count < 6) continue;
        const fit = calibrateSmile(sviModel, slice);
        assert.ok(fit.ok, `${file} ${currency} ${slice.expiryMs}`);
        slices.push(slice);
        starts.push(fit.packed);
      }
      const fit = calibrateSviSurface(slices, starts);
      const where = `${file} ${currency}`;
      assert.ok(fit.ok, `${where}: ${fit.ok ? '' : fit.reason}`);
      const times = slices.map((s) => s.timeToExpiryYears);
      const report = checkStaticArbitrage(sviSlicesForCheck(slices, fit.packed), times);
      assert.equal(report.calendarViolations, 0, `${where}: ${JSON.stringify(report.worstCalendar)}`);
      assert.equal(report.butterflyViolations, 0, `${where}: ${JSON.stringify(report.worstButterfly)}`);
      assert.equal(report.callSpreadViolations, 0, `${where}: ${JSON.stringify(report.worstCallSpread)}`);
      assert.equal(report.invalidVols, 0, where);
      assert.ok(fit.arbitrage.arbitrageFree, where);
      crossedBefore += checkStaticArbitrage(sviSlicesForCheck(slices, starts), times).calendarViolations > 0 ? 1 : 0;
      slices.forEach((slice, i) => {
        const twoSided = fit.statistics[i]!.twoSidedQuotes;
        pooled.twoSided += twoSided;
        pooled.joint += fit.statistics[i]!.insideSpreadShare * twoSided;
        for (let q = 0; q < slice.count; q++) {
          const bid = slice.bidVol[q]!;
          const ask = slice.askVol[q]!;
          if (!(bid > 0 && Number.isFinite(ask))) continue;
          const vol = Math.sqrt(sviModel.totalVariance(starts[i]!, slice.logMoneyness[q]!, slice.timeToExpiryYears) / slice.timeToExpiryYears);
          if (vol >= bid && vol <= ask) pooled.perSlice++;
        }
      });
      slicesFitted += slices.length;
    }
    assert.ok(slicesFitted > 60, `${currency}: ${slicesFitted} slices`);
    // The per-slice fits cross on most of these surfaces: the check above is not vacuous.
    assert.ok(crossedBefore >= 4, `${currency}: ${crossedBefore} of ${files.length} per-slice surfaces cross`);
    const perSlice = pooled.perSlice / pooled.twoSided;
    const joint = pooled.joint / pooled.twoSided;
    // Measured here: BTC 94.83% per slice against 94.21% joint (−0.62 point), ETH 98.99% against 98.92%
    // (−0.07); on every 5th snapshot (scripts/svi-surface-real-data.ts) −0.31 and −0.07. The bar: 0.75 point.
    assert.ok(joint >= perSlice - 0.0075, `${currency}: ${joint} inside jointly against ${perSlice} per slice`);
  }
});
