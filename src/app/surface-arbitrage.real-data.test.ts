/**
 * Issue 3's bar, checked in CI: every SSVI and eSSVI surface fitted to the real Deribit snapshots in
 * ../shared/data (268 files, BTC and ETH) is free of static arbitrage by an independent check on call
 * prices — non-increasing and convex in strike on k ∈ [−1.5, 1.5] step 0.005, at every expiry and halfway
 * between expiries — and total variance non-decreasing in time (src/core/surface/static-arbitrage.ts), not
 * by the fitter's own constraints.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readChainFile } from '../io/read-chain.ts';
import { resolveChain } from '../core/market/resolve-chain.ts';
import { smileSliceFromExpiry, type SmileSlice } from '../core/calibration/smile-slice.ts';
import { calibrateEssvi, calibrateSsvi } from '../core/surface/calibrate-surface.ts';
import { checkStaticArbitrage } from '../core/surface/static-arbitrage.ts';
import { MIN_SURFACE_QUOTES } from './fit-surface.ts';

const dir = fileURLToPath(new URL('../../../shared/data/deribit_znmahbub/snapshots/', import.meta.url));

test('every SSVI and eSSVI surface fitted to the 268 Deribit snapshots is free of static arbitrage', { skip: !existsSync(dir) }, async () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.csv.gz'));
  assert.equal(files.length, 268);
  let surfaces = 0;
  for (const file of files) {
    const read = await readChainFile(dir + file);
    assert.ok(read.snapshot !== null, file);
    for (const chain of resolveChain(read.snapshot)) {
      const slices = chain.slices.flatMap((s): SmileSlice[] => {
        const smile = smileSliceFromExpiry(s);
        return smile !== null && smile.count >= MIN_SURFACE_QUOTES ? [smile] : [];
      });
      const times = slices.map((s) => s.timeToExpiryYears);
      const checkTimes = times.flatMap((t, i) => (i + 1 < times.length ? [t, (t + times[i + 1]!) / 2] : [t]));
      for (const fit of [calibrateSsvi(slices), calibrateEssvi(slices)]) {
        assert.ok(fit.ok, `${file} ${chain.currency}: ${fit.ok ? '' : fit.reason}`);
        const report = checkStaticArbitrage(fit.surface, checkTimes);
        const where = `${file} ${chain.currency} ${fit.model}`;
        assert.equal(report.callSpreadViolations, 0, where);
        assert.equal(report.butterflyViolations, 0, where);
        assert.equal(report.calendarViolations, 0, where);
        assert.equal(report.invalidVols, 0, where);
        surfaces++;
      }
    }
  }
  assert.equal(surfaces, 268 * 2 * 2);
});
