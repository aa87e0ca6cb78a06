import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FitDocument, FittedExpiry } from '../app/fit-document.ts';
import { fitReportHtml } from './fit-report.ts';
import { sampleChain, sampleFitDocument } from './sample-fit-for-tests.ts';
import { runCommand } from '../cli/run-command.ts';
import { bufferIo } from '../cli/io.ts';

const count = (text: string, pattern: RegExp): number => (text.match(new RegExp(pattern.source, 'g')) ?? []).length;
const smileSvgs = (html: string): string[] => html.match(/<svg class="smile-chart"[\s\S]*?<\/svg>/g) ?? [];
const fittedOf = (doc: FitDocument): FittedExpiry[] => doc.expiries.filter((e): e is FittedExpiry => e.ok);
const twoSided = (e: FittedExpiry): number => e.quotes.filter((q) => q.bidIv !== null && q.askIv !== null).length;

test('the report has one smile chart per fitted expiry and one surface heatmap', async () => {
  const doc = await sampleFitDocument();
  const html = fitReportHtml(doc);
  assert.ok(fittedOf(doc).length >= 5);
  assert.equal(count(html, /<svg class="smile-chart"/), fittedOf(doc).length);
  assert.equal(count(html, /<svg class="heatmap"/), 1);
  // Every svg is a chart, the heatmap or one of the legend's small swatches.
  assert.equal(count(html, /<svg /), fittedOf(doc).length + 1 + count(html, /<svg viewBox="0 0 22 14"/));
  // The heatmap has a row per grid row and at least 100 columns of cells.
  const heatmap = /<svg class="heatmap"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
  assert.ok(count(heatmap, /<rect [^>]*fill="#[0-9a-f]{6}"/) >= 100 * (doc.grid?.timeToExpiryYears.length ?? 0));
});

test('each smile chart has one bid–ask bar per two-sided quote, a mid dot per quote and a fitted curve', async () => {
  const doc = await sampleFitDocument();
  const svgs = smileSvgs(fitReportHtml(doc));
  fittedOf(doc).forEach((e, i) => {
    const svg = svgs[i] ?? '';
    assert.equal(count(svg, /class="bar( miss)?"/), twoSided(e), e.expiry);
    assert.equal(count(svg, /class="mid"/), e.quotes.length, e.expiry);
    assert.equal(count(svg, /class="mark"/), e.quotes.filter((q) => q.markIv !== null).length, e.expiry);
    const curve = /<path class="fit" d="([^"]+)"/.exec(svg)?.[1] ?? '';
    // Grid points (step 0.01) and quote points merged: more vertices than quotes.
    assert.ok(count(curve, /[ML]/) > e.quotes.length, `${e.expiry}: ${String(count(curve, /[ML]/))} vertices`);
  });
});

test('a quote whose fit lies outside its spread is highlighted, the others are not', async () => {
  const doc = await sampleFitDocument();
  // The sample's SVI fit is inside every spread; push the first two quotes of the first expiry out.
  const [first, ...rest] = doc.expiries;
  assert.ok(first?.ok);
  const quotes = first.quotes.map((q, i) => (i < 2 && q.askIv !== null ? { ...q, fitIv: q.askIv + 0.02 } : q));
  const html = fitReportHtml({ ...doc, expiries: [{ ...first, quotes }, ...rest] });
  assert.equal(count(smileSvgs(html)[0] ?? '', /class="bar miss"/), 2);
  assert.equal(count(smileSvgs(html)[0] ?? '', /class="miss-ring"/), 2);
  assert.equal(count(smileSvgs(html).slice(1).join(''), /class="bar miss"/), 0);
});

test('a failed expiry shows its reason instead of a chart', async () => {
  const doc = await sampleFitDocument();
  const [first, ...rest] = doc.expiries;
  assert.ok(first !== undefined);
  const failed = { ok: false as const, expiry: first.expiry, expiryMs: first.expiryMs, timeToExpiryYears: first.timeToExpiryYears, reason: '3 quotes cannot pin 5 parameters (need at least 6)' };
  const html = fitReportHtml({ ...doc, expiries: [failed, ...rest] });
  assert.equal(count(html, /<svg class="smile-chart"/), rest.length);
  assert.match(html, /<figure class="smile failed">[\s\S]*?3 quotes cannot pin 5 parameters \(need at least 6\)[\s\S]*?<\/figure>/);
  assert.match(html, /<tr class="failed">[\s\S]*?not fitted: 3 quotes cannot pin 5 parameters/);
});

test('every string from the data is escaped: instrument names, paths, reasons, parameter names', async () => {
  const doc = await sampleFitDocument();
  const evil = '<script>alert("x")</script>&\'';
  const [first, second, ...rest] = doc.expiries;
  assert.ok(first?.ok && second !== undefined);
  const html = fitReportHtml({
    ...doc,
    source: '/tmp/"><img src=x onerror=alert(1)>.csv',
    currency: '<b>BTC</b>',
    expiries: [
      {
        ...first,
        forwardSource: '<i>future</i>',
        params: { ...first.params, '<u>p</u>': 1 },
        solver: { ...first.solver, converged: false, stopReason: '<script>stop</script>' },
        quotes: first.quotes.map((q, i) => (i === 0 ? { ...q, instrument: evil } : q)),
      },
      { ok: false, expiry: second.expiry, expiryMs: second.expiryMs, timeToExpiryYears: second.timeToExpiryYears, reason: '<marquee>why</marquee>' },
      ...rest,
    ],
  });
  for (const tag of ['<script', '<img', '<b>BTC', '<i>future', '<u>p', '<marquee']) assert.ok(!html.includes(tag), `${tag} got through`);
  assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;'));
  assert.ok(html.includes('/tmp/&quot;&gt;&lt;img src=x onerror=alert(1)&gt;.csv'));
  assert.ok(html.includes('&lt;marquee&gt;why&lt;/marquee&gt;'));
});

test('the report is self-contained: no scripts, no links, no external URLs', async () => {
  const html = fitReportHtml(await sampleFitDocument());
  assert.doesNotMatch(html, /https?:|\/\/[a-z]/i);
  assert.doesNotMatch(html, /<script|<link|<img|<iframe|@import|\ssrc=|\shref=/i);
  // The only url() references are to the document's own gradient and clip paths.
  for (const ref of html.match(/url\([^)]*\)/g) ?? []) assert.match(ref, /^url\(#[\w-]+\)$/);
  assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
  assert.match(html, /<meta charset="utf-8">/);
});

test('the report never prints NaN, undefined, Infinity or [object Object]', async () => {
  for (const grid of [true, false]) {
    const html = fitReportHtml(await sampleFitDocument({ grid, currency: 'ETH' }));
    assert.doesNotMatch(html, /NaN|undefined|Infinity|\[object/);
  }
});

test('a stochastic-model report (Heston: null grid cells beyond the checked range) prints the parameters and no NaN', async () => {
  const doc = await sampleFitDocument({ model: 'heston', currency: 'BTC' });
  assert.ok(doc.grid !== undefined && doc.grid.totalVariance.some((row) => row.includes(null)), 'the short expiries have unpriceable wings');
  const html = fitReportHtml(doc);
  assert.doesNotMatch(html, /NaN|undefined|Infinity|\[object/);
  assert.equal(count(html, /<svg class="smile-chart"/), fittedOf(doc).length);
  assert.match(html, /kappa/);
});

test('without a grid the curve joins the fitted vols at the quotes and the heatmap says why it is missing', async () => {
  const doc = await sampleFitDocument({ grid: false });
  const html = fitReportHtml(doc);
  assert.equal(count(html, /<svg class="heatmap"/), 0);
  assert.match(html, /no total-variance grid/);
  fittedOf(doc).forEach((e, i) => {
    const curve = /<path class="fit" d="([^"]+)"/.exec(smileSvgs(html)[i] ?? '')?.[1] ?? '';
    assert.equal(count(curve, /[ML]/), e.quotes.length, e.expiry);
  });
});

test('the header shows the verdicts: green badges without arbitrage, red ones with it', async () => {
  const doc = await sampleFitDocument();
  let html = fitReportHtml(doc);
  assert.match(html, /badge ok">butterfly: no arbitrage/);
  assert.match(html, /badge ok">calendar: no arbitrage/);
  html = fitReportHtml({
    ...doc,
    arbitrage: {
      butterfly: { ...doc.arbitrage.butterfly, expiriesWithViolations: 2, minimumG: -0.05 },
      calendar: { ...doc.arbitrage.calendar, pairsWithViolations: 3, worstShortfall: 0.01 },
    },
  });
  assert.match(html, /badge bad">butterfly: 2 of \d+ expiries violate/);
  assert.match(html, /badge bad">calendar: 3 of \d+ pairs cross/);
});

test('volcal fit --report writes the report, and the grid stays out of --out unless --grid is given', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'volcal-report-'));
  const io = bufferIo();
  const code = await runCommand(['fit', sampleChain, '--currency', 'BTC', '--model', 'svi', '--report', join(dir, 'fit.html'), '--out', join(dir, 'fit.json')], io);
  assert.equal(code, 0, io.err());
  const html = readFileSync(join(dir, 'fit.html'), 'utf8');
  assert.equal(count(html, /<svg class="heatmap"/), 1);
  const doc = JSON.parse(readFileSync(join(dir, 'fit.json'), 'utf8')) as FitDocument;
  assert.equal(doc.grid, undefined);
  assert.equal(count(html, /<svg class="smile-chart"/), fittedOf(doc).length);

  // Missing folders are created; a path whose parent is a file cannot be.
  const nested = bufferIo();
  assert.equal(await runCommand(['fit', sampleChain, '--currency', 'BTC', '--model', 'svi', '--report', join(dir, 'new', 'dir', 'r.html')], nested), 0);
  assert.ok(readFileSync(join(dir, 'new', 'dir', 'r.html'), 'utf8').length > 0);
  const unwritable = bufferIo();
  assert.equal(await runCommand(['fit', sampleChain, '--currency', 'BTC', '--model', 'svi', '--report', join(dir, 'fit.json', 'r.html')], unwritable), 1);
  assert.match(unwritable.err(), /cannot write .*r\.html/);
});

test('report modules import no Node APIs (a browser dashboard can reuse them)', () => {
  const dir = dirname(fileURLToPath(import.meta.url));
  const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('-for-tests.ts'));
  assert.ok(sources.includes('fit-report.ts'));
  for (const file of sources) {
    const text = readFileSync(join(dir, file), 'utf8');
    assert.doesNotMatch(text, /from '(node:|(?!\.)[^']*)'/, `${file} imports a package or Node API`);
    assert.doesNotMatch(text, /\bprocess\.|Date\.now|performance\.now|Math\.random/, file);
  }
});
