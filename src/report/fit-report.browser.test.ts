/**
 * The fit report in a real browser: Debian's Chromium, headless, opens the report from disk, and we check
 * (1) the DOM after parsing has the charts (--dump-dom) and (2) the screenshot is a real picture: a valid
 * PNG of the window's size whose pixels are not one colour, with ink on a reasonable share of the page and
 * the fitted curves' orange actually painted. Skipped, with a message, where /usr/bin/chromium is absent;
 * CI installs it (.ci/run).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fitReportHtml } from './fit-report.ts';
import { sampleFitDocument } from './sample-fit-for-tests.ts';
import { rgbAt } from './png-pixels-for-tests.ts';
import { chromium, chromiumSkip, screenshot } from './headless-chromium-for-tests.ts';

const WIDTH = 1400;
const HEIGHT = 2000;
const skip = chromiumSkip;

test('headless Chromium renders the fit report: charts in the DOM and a screenshot that is not blank', { skip, timeout: 150_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'volcal-report-browser-'));
  t.after(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const doc = await sampleFitDocument();
  const fitted = doc.expiries.filter((e) => e.ok);
  const report = join(dir, 'fit.html');
  writeFileSync(report, fitReportHtml(doc));
  const url = pathToFileURL(report).href;

  // The DOM as Chromium parsed it: every chart made it through the HTML parser as SVG.
  const dom = await chromium(dir, ['--dump-dom', url]);
  assert.equal(dom.match(/<svg class="smile-chart"/g)?.length, fitted.length, 'smile charts in the DOM');
  assert.equal(dom.match(/<svg class="heatmap"/g)?.length, 1, 'heatmap in the DOM');
  const bars = fitted.reduce((n, e) => n + e.quotes.filter((q) => q.bidIv !== null && q.askIv !== null).length, 0);
  assert.equal(dom.match(/<line class="bar/g)?.length, bars + 2, 'bid–ask bars (and the legend\'s two) in the DOM');
  assert.equal(dom.match(/<path class="fit"/g)?.length, fitted.length + 1, 'fitted curves (and the legend\'s) in the DOM');

  const png = join(dir, 'fit.png');
  const image = await screenshot(dir, url, png, WIDTH, HEIGHT);
  // Sample every other pixel in each direction: a blank page has one colour and no ink.
  const colours = new Set<number>();
  let ink = 0;
  let orange = 0;
  let sampled = 0;
  for (let y = 0; y < image.height; y += 2) {
    for (let x = 0; x < image.width; x += 2) {
      const [r, g, b] = rgbAt(image, x, y);
      sampled++;
      colours.add((r << 16) | (g << 8) | b);
      if (r + g + b < 3 * 235) ink++;
      // The fitted curve's stroke is #f08c00 (report-style.ts).
      if (Math.abs(r - 0xf0) < 30 && Math.abs(g - 0x8c) < 30 && b < 60) orange++;
    }
  }
  assert.ok(colours.size > 200, `${String(colours.size)} distinct colours: the page looks blank`);
  const inkShare = ink / sampled;
  assert.ok(inkShare > 0.03 && inkShare < 0.9, `ink on ${(100 * inkShare).toFixed(1)}% of the page`);
  assert.ok(orange > 200, `${String(orange)} sampled pixels of fitted-curve orange: the curves were not painted`);
});
