/**
 * The backtest report in a real browser, as fit-report.browser.test.ts does it: Debian's Chromium, headless,
 * opens the report from disk; we check (1) the DOM after parsing has every chart and line (--dump-dom) and
 * (2) the screenshot is a real picture — not one colour, ink on a reasonable share of the page, both
 * variants' line colours painted, and the crash window's shading visible. Skipped, with a message, where
 * /usr/bin/chromium is absent; CI installs it (.ci/run). Set VOLCAL_KEEP_SCREENSHOT=path to keep the PNG.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderBacktestReport, type BacktestReportRecord } from './backtest-report.ts';
import { rgbAt } from './png-pixels-for-tests.ts';
import { chromium, chromiumSkip, screenshot } from './headless-chromium-for-tests.ts';

const WIDTH = 1400;
const HEIGHT = 3600;
const skip = chromiumSkip;

const DAY_MS = 86_400_000;
const START_MS = Date.UTC(2026, 0, 5, 8);
const CRASH = { label: 'Feb 2026 crash', fromMs: Date.UTC(2026, 1, 2), toMs: Date.UTC(2026, 1, 9) };
const PARAMS: Readonly<Record<string, readonly string[]>> = {
  essvi: ['atmVol7d', 'rho7d', 'psi7d', 'atmVol30d', 'rho30d', 'psi30d', 'atmVol90d', 'rho90d', 'psi90d'],
  heston: ['v0', 'kappa', 'theta', 'sigma', 'rho'],
};

/** 60 daily calibrations per (model, variant): wandering parameters, a crash, a few failures. */
function records(): BacktestReportRecord[] {
  const out: BacktestReportRecord[] = [];
  for (const model of ['essvi', 'heston']) {
    for (const variant of ['plain', 'regularised']) {
      const noise = variant === 'plain' ? 1 : 0.3;
      for (let day = 0; day < 60; day++) {
        const snapshotMs = START_MS + day * DAY_MS;
        const crash = snapshotMs >= CRASH.fromMs && snapshotMs <= CRASH.toMs ? 1 : 0;
        const ok = !(variant === 'plain' && day % 17 === 9);
        const params = Object.fromEntries((PARAMS[model] ?? []).map((name, i) => [name, (0.4 + 0.1 * i) * (1 + 0.08 * noise * Math.sin(0.5 * day + i) + 0.5 * crash)]));
        const score = (rmse: number, inside: number): Record<string, number> => ({ quotes: 200, rmseVolPoints: rmse, meanAbsErrorVolPoints: rmse, twoSidedQuotes: 160, insideSpreadShare: inside });
        const diagnostics = {
          statistics: score(0.5 + 0.3 * noise * (1 + Math.sin(day)) + 1.5 * crash, 0.85 - 0.1 * noise * (1 + Math.cos(day)) - 0.35 * crash),
          outOfSample: day === 0 ? null : { stickyMoneyness: score(2.5 + Math.sin(day) + 8 * crash, 0.4), stickyStrike: score(3, 0.3), naive: score(1.4 + 0.4 * Math.cos(day) + 14 * crash, 0.5), residualCorrected: score(1.1 + 0.3 * Math.sin(2 * day) + 6 * crash, 0.6) },
          policy: { mode: day % 7 === 0 || crash === 1 ? 'full' : 'warm', reasons: [], fallback: day % 9 === 4 ? { reasons: ['inside share fell'], kept: 'full' } : null },
        };
        out.push({ currency: 'BTC', model, variant, snapshotMs, ok, failureReason: ok ? null : 'solver stopped: max iterations', params: ok ? params : {}, diagnostics });
      }
    }
  }
  return out;
}

const near = (rgb: readonly [number, number, number], hex: number, tolerance: number): boolean =>
  Math.abs(rgb[0] - ((hex >> 16) & 0xff)) < tolerance && Math.abs(rgb[1] - ((hex >> 8) & 0xff)) < tolerance && Math.abs(rgb[2] - (hex & 0xff)) < tolerance;

test('headless Chromium renders the backtest report: charts in the DOM and a screenshot that is not blank', { skip, timeout: 150_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'volcal-backtest-browser-'));
  t.after(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const report = join(dir, 'backtest.html');
  writeFileSync(report, renderBacktestReport({ title: 'BTC backtest, Jan–Mar 2026', generatedAtMs: Date.UTC(2026, 2, 6, 7, 15), records: records(), windows: [CRASH], tables: [] }));
  const url = pathToFileURL(report).href;

  // The DOM as Chromium parsed it: every chart and every line made it through the HTML parser as SVG.
  const dom = await chromium(dir, ['--dump-dom', url]);
  const params = (PARAMS.essvi?.length ?? 0) + (PARAMS.heston?.length ?? 0);
  assert.equal(dom.match(/<svg class="bt-svg param"/g)?.length, params, 'parameter charts in the DOM');
  assert.equal(dom.match(/<svg class="bt-svg wide"/g)?.length, 4, 'RMSE and inside charts in the DOM');
  // Per section: a line per variant on each parameter chart, 3 per variant and the naive line on the RMSE chart, 2 on the inside chart.
  assert.equal(dom.match(/<path class="series"/g)?.length, 2 * params + 2 * (2 * 3 + 1 + 2), 'series lines in the DOM');

  const png = join(dir, 'backtest.png');
  const image = await screenshot(dir, url, png, WIDTH, HEIGHT);
  const keep = process.env.VOLCAL_KEEP_SCREENSHOT;
  if (keep !== undefined && keep !== '') copyFileSync(png, keep);
  // Sample every other pixel in each direction: a blank page has one colour and no ink.
  const colours = new Set<number>();
  let ink = 0;
  let sampled = 0;
  const painted = { plain: 0, regularised: 0, window: 0 };
  for (let y = 0; y < image.height; y += 2) {
    for (let x = 0; x < image.width; x += 2) {
      const rgb = rgbAt(image, x, y);
      sampled++;
      colours.add((rgb[0] << 16) | (rgb[1] << 8) | rgb[2]);
      if (rgb[0] + rgb[1] + rgb[2] < 3 * 235) ink++;
      // The variants' colours and the window's shading (backtest-report.ts: PALETTE, .window over the plot background).
      if (near(rgb, 0x1971c2, 40)) painted.plain++;
      if (near(rgb, 0xe8590c, 40)) painted.regularised++;
      if (near(rgb, 0xe5e8eb, 6)) painted.window++;
    }
  }
  assert.ok(colours.size > 200, `${String(colours.size)} distinct colours: the page looks blank`);
  const inkShare = ink / sampled;
  assert.ok(inkShare > 0.03 && inkShare < 0.9, `ink on ${(100 * inkShare).toFixed(1)}% of the page`);
  assert.ok(painted.plain > 300, `${String(painted.plain)} sampled pixels of the plain variant's blue`);
  assert.ok(painted.regularised > 300, `${String(painted.regularised)} sampled pixels of the regularised variant's orange`);
  assert.ok(painted.window > 1000, `${String(painted.window)} sampled pixels of the crash window's shading`);
});
