import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderBacktestReport, type BacktestReportInput, type BacktestReportRecord } from './backtest-report.ts';

const DAY_MS = 86_400_000;
const START_MS = Date.UTC(2026, 0, 6, 8);
const CRASH = { label: 'Feb 2026 crash', fromMs: Date.UTC(2026, 1, 2), toMs: Date.UTC(2026, 1, 7) };
const PARAMS: Readonly<Record<string, readonly string[]>> = {
  essvi: ['atmVol7d', 'rho7d', 'psi7d', 'atmVol30d', 'rho30d', 'psi30d', 'atmVol90d', 'rho90d', 'psi90d'],
  heston: ['v0', 'kappa', 'theta', 'sigma', 'rho'],
};
const SCRIPT_REASON = 'solver diverged <script>alert("x")</script> & gave up';

/** Fails: heston plain every 13th day from day 7, essvi regularised on day 20 (with markup in its reason). */
function fails(model: string, variant: string, day: number): boolean {
  return (model === 'heston' && variant === 'plain' && day % 13 === 7) || (model === 'essvi' && variant === 'regularised' && day === 20);
}

/** A smooth deterministic wobble in [-1, 1]. */
const wobble = (day: number, phase: number): number => Math.sin(0.45 * day + phase);

function score(rmse: number, inside: number): Record<string, number> {
  return { quotes: 180, rmseVolPoints: rmse, meanAbsErrorVolPoints: 0.8 * rmse, twoSidedQuotes: 150, insideSpreadShare: inside };
}

/**
 * `days` daily calibrations per (currency, model, variant): parameters that wander (more for the plain
 * variant), errors that jump in the crash window, the first day full and without out-of-sample scores.
 */
function syntheticRecords(options: { readonly days?: number; readonly currencies?: readonly string[] } = {}): BacktestReportRecord[] {
  const records: BacktestReportRecord[] = [];
  for (const currency of options.currencies ?? ['BTC']) {
    for (const model of ['essvi', 'heston']) {
      for (const variant of ['plain', 'regularised']) {
        const noise = variant === 'plain' ? 1 : 0.3;
        for (let day = 0; day < (options.days ?? 40); day++) {
          const snapshotMs = START_MS + day * DAY_MS;
          const crash = snapshotMs >= CRASH.fromMs && snapshotMs <= CRASH.toMs ? 1 : 0;
          const ok = !fails(model, variant, day);
          const params = Object.fromEntries((PARAMS[model] ?? []).map((name, i) => [name, 0.5 + 0.1 * i + noise * 0.05 * wobble(day, i) + 0.2 * crash]));
          const diagnostics = {
            statistics: ok ? score(0.6 + 0.2 * noise * (1 + wobble(day, 1)) + 2 * crash, 0.8 - 0.3 * crash) : undefined,
            outOfSample:
              day === 0
                ? null
                : {
                    stickyMoneyness: score(2 + wobble(day, 2) + 6 * crash, 0.4),
                    stickyStrike: score(2.2 + 6 * crash, 0.35),
                    naive: score(1.5 + 0.5 * wobble(day, 3) + 12 * crash, 0.5),
                    residualCorrected: score(1.2 + 0.4 * wobble(day, 4) + 5 * crash, 0.6),
                  },
            policy: { mode: day % 7 === 0 ? 'full' : 'warm', reasons: [], fallback: day % 11 === 5 ? { reasons: ['inside share fell'], kept: day % 2 === 0 ? 'full' : 'warm' } : null },
            market: { hoursSincePrevious: day === 0 ? null : 24, moveInSigmas: day === 0 ? null : 1 + crash * 3 },
            strength: variant === 'plain' ? 0 : 1,
            expiries: 6,
            timeMs: 120,
            driftInStandardErrors: null,
          };
          records.push({ currency, model, variant, snapshotMs, ok, failureReason: ok ? null : model === 'essvi' ? SCRIPT_REASON : 'max iterations', params: ok ? params : {}, diagnostics });
        }
      }
    }
  }
  return records;
}

function input(records: readonly BacktestReportRecord[], extra: Partial<BacktestReportInput> = {}): BacktestReportInput {
  return { title: 'Backtest Jan–Feb 2026', generatedAtMs: Date.UTC(2026, 1, 20, 9, 30), records, windows: [CRASH], tables: [], ...extra };
}

const count = (text: string, pattern: RegExp): number => (text.match(new RegExp(pattern.source, 'g')) ?? []).length;
const sections = (html: string): string[] => html.match(/<section class="bt-section"[\s\S]*?<\/section>/g) ?? [];
const svgs = (html: string, kind: string): string[] => html.match(new RegExp(`<svg class="bt-svg ${kind}"[\\s\\S]*?</svg>`, 'g')) ?? [];

/** The vertices (M and L commands) of the series path of this variant and metric; 0 when it is not drawn. */
function vertices(svg: string, variant: string, metric: string): number {
  const d = new RegExp(`data-variant="${variant}" data-metric="${metric}"[^>]* d="([^"]*)"`).exec(svg)?.[1] ?? '';
  return count(d, /[ML]/);
}

test('the report has one section per (currency, model), ordered by currency then model', () => {
  // Shuffled input: ETH first, heston before essvi.
  const records = syntheticRecords({ days: 5, currencies: ['ETH', 'BTC'] }).reverse();
  const html = renderBacktestReport(input(records));
  const titles = sections(html).map((s) => /<h2>([^<]*)</.exec(s)?.[1]?.trim());
  assert.deepEqual(titles, ['BTC · essvi', 'BTC · heston', 'ETH · essvi', 'ETH · heston']);
});

test('each section has one small chart per parameter, plus the RMSE and inside-spread charts', () => {
  const html = renderBacktestReport(input(syntheticRecords()));
  const [essvi = '', heston = ''] = sections(html);
  assert.equal(count(essvi, /<svg class="bt-svg param"/), PARAMS.essvi?.length);
  assert.equal(count(heston, /<svg class="bt-svg param"/), PARAMS.heston?.length);
  for (const name of PARAMS.heston ?? []) assert.ok(heston.includes(`<figcaption><b>${name}</b></figcaption>`), name);
  for (const s of [essvi, heston]) assert.equal(count(s, /<svg class="bt-svg wide"/), 2);
});

test('the lines have one vertex per successful calibration of their variant (and gaps where it failed)', () => {
  const records = syntheticRecords();
  const html = renderBacktestReport(input(records));
  const [essvi = '', heston = ''] = sections(html);
  for (const [model, section] of [['essvi', essvi], ['heston', heston]] as const) {
    const params = svgs(section, 'param');
    const [rmse = '', inside = ''] = svgs(section, 'wide');
    for (const variant of ['plain', 'regularised']) {
      const series = records.filter((r) => r.model === model && r.variant === variant);
      const okCount = series.filter((r) => r.ok).length;
      const failures = series.length - okCount;
      (PARAMS[model] ?? []).forEach((name, i) => {
        assert.equal(vertices(params[i] ?? '', variant, `param:${name}`), okCount, `${model} ${variant} ${name}`);
      });
      assert.equal(vertices(rmse, variant, 'rmse:in-sample'), okCount, `${model} ${variant} in-sample RMSE`);
      assert.equal(vertices(inside, variant, 'inside:in-sample'), okCount, `${model} ${variant} inside`);
      // Out-of-sample scores exist from the second day on, failed or not (they score the previous calibration).
      assert.equal(vertices(rmse, variant, 'rmse:residual-corrected'), series.length - 1);
      assert.equal(vertices(rmse, variant, 'rmse:sticky-moneyness'), series.length - 1);
      // A path starts a new subpath (M) after each gap: one per run of successes.
      const d = new RegExp(`data-variant="${variant}" data-metric="rmse:in-sample"[^>]* d="([^"]*)"`).exec(rmse)?.[1] ?? '';
      const runs = series.filter((r, i) => r.ok && (i === 0 || !series[i - 1]!.ok)).length;
      assert.equal(count(d, /M/), runs, `${model} ${variant} runs`);
      assert.equal(count(params[0] ?? '', new RegExp(`<path class="fail"[^>]*><title>[^<]* ${variant} `)), failures);
    }
    const days = new Set(records.filter((r) => r.model === model).map((r) => r.snapshotMs)).size;
    assert.equal(vertices(rmse, 'all', 'rmse:naive'), days - 1, `${model} naive: one line`);
  }
});

test('the crash window is shaded on every chart and named in the legend and the header', () => {
  const html = renderBacktestReport(input(syntheticRecords()));
  const charts = svgs(html, '\\w+');
  assert.equal(charts.length, PARAMS.essvi!.length + PARAMS.heston!.length + 2 * 2);
  for (const svg of charts) assert.equal(count(svg, /<rect class="window"/), 1);
  assert.ok(count(html, /Feb 2026 crash/) >= charts.length + 1);
  assert.ok(html.includes('<text class="window-label"'));
  // A window outside the backtest's dates is not drawn.
  const later = renderBacktestReport(input(syntheticRecords(), { windows: [{ label: 'later', fromMs: Date.UTC(2027, 0, 1), toMs: Date.UTC(2027, 1, 1) }] }));
  assert.equal(count(svgs(later, '\\w+').join(''), /<rect class="window"/), 0);
});

test('strings from the data are escaped: a failure reason with <script> appears as text', () => {
  const records = syntheticRecords();
  const html = renderBacktestReport(
    input(records, {
      title: 'A <b>title</b>',
      windows: [{ ...CRASH, label: 'crash <img src=x>' }],
      tables: [{ title: 'Stability <i>', columns: ['model', 'score <x>'], rows: [['essvi <svg>', 0.12], ['heston', Number.NaN]] }],
    }),
  );
  assert.equal(count(html, /<script/i), 0);
  assert.ok(html.includes('solver diverged &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; gave up'));
  assert.ok(html.includes('<title>A &lt;b&gt;title&lt;/b&gt;</title>'));
  assert.ok(html.includes('crash &lt;img src=x&gt;'));
  assert.ok(html.includes('essvi &lt;svg&gt;') && html.includes('score &lt;x&gt;') && html.includes('Stability &lt;i&gt;'));
  assert.equal(count(html, /<img|<b>title|<i>|<x>/), 0);
});

test('the caller\'s tables come first, after the header, numbers right-aligned', () => {
  const html = renderBacktestReport(input(syntheticRecords({ days: 3 }), { tables: [{ title: 'Stability score', columns: ['series', 'score'], rows: [['BTC essvi plain', 0.25]] }] }));
  const table = html.indexOf('<h2>Stability score</h2>');
  assert.ok(table > html.indexOf('</header>') && table < html.indexOf('<section class="bt-section"'));
  assert.ok(html.includes('<th class="n">score</th>') && html.includes('<td class="n">0.25</td>'));
});

test('a caller\'s table prints each column\'s numbers with its decimals, trailing zeros kept, NaN as a dash', () => {
  const table = { title: 'Errors', columns: ['series', 'RMSE vp'], decimals: [null, 2], rows: [['plain', 3], ['regularised', 2.946], ['failed', Number.NaN]] };
  const html = renderBacktestReport(input(syntheticRecords({ days: 3 }), { tables: [table] }));
  const cells = [...html.matchAll(/<td class="n">([^<]*)<\/td>/g)].map((m) => m[1]).slice(0, 3);
  assert.deepEqual(cells, ['3.00', '2.95', '–']);
});

test('a caller\'s table has its note under the title and starts a group where the first column changes', () => {
  const table = { title: 'By period', note: 'vp <means> vol points', columns: ['period', 'x'], rows: [['all', 1], ['all', 2], ['calm', 3], ['crash', 4], ['crash', 5]] };
  const html = renderBacktestReport(input(syntheticRecords({ days: 3 }), { tables: [table] }));
  assert.ok(html.includes('<h2>By period</h2>\n<p class="note">vp &lt;means&gt; vol points</p>'));
  const rows = [...html.matchAll(/<tr( class="bt-group")?><td>(all|calm|crash)<\/td>/g)].map((m) => `${m[2] ?? ''}${m[1] === undefined ? '' : '*'}`);
  assert.deepEqual(rows, ['all', 'all', 'calm*', 'crash*', 'crash']);
  const series = { title: 'By series', groupColumns: 2, columns: ['currency', 'model', 'x'], rows: [['BTC', 'essvi', 1], ['BTC', 'heston', 2], ['BTC', 'heston', 3], ['ETH', 'heston', 4]] };
  const grouped = renderBacktestReport(input(syntheticRecords({ days: 3 }), { tables: [series] }));
  assert.deepEqual([...grouped.matchAll(/<tr( class="bt-group")?><td>(BTC|ETH)<\/td>/g)].map((m) => m[1] !== undefined), [false, true, false, true]);
});

test('a whole-day window is shown by its first and last day, another by its times', () => {
  const days = renderBacktestReport(input(syntheticRecords({ days: 3 })));
  assert.ok(days.includes('<span class="bt-window-key">Feb 2026 crash</span> 2 Feb 2026 – 6 Feb 2026'), 'to 7 Feb 00:00: the last day is 6 Feb');
  const hours = renderBacktestReport(input(syntheticRecords({ days: 3 }), { windows: [{ label: 'auction', fromMs: Date.UTC(2026, 0, 7, 8), toMs: Date.UTC(2026, 0, 7, 10, 30) }] }));
  assert.ok(hours.includes('auction</span> 7 Jan 2026 08:00 UTC – 7 Jan 2026 10:30 UTC'));
});

test('the summary table counts calibrations, failures, policy modes and fallbacks per variant', () => {
  const records = syntheticRecords();
  const heston = sections(renderBacktestReport(input(records)))[1] ?? '';
  const row = /<tr><td><span class="bt-dot"[^>]*><\/span>plain<\/td>(.*?)<\/tr>/.exec(heston)?.[1] ?? '';
  const cells = [...row.matchAll(/<td class="n">([^<]*)<\/td>/g)].map((m) => m[1]);
  const series = records.filter((r) => r.model === 'heston' && r.variant === 'plain');
  const mode = (m: string): number => series.filter((r) => (r.diagnostics.policy as { mode: string }).mode === m).length;
  const fallbacks = series.filter((r) => (r.diagnostics.policy as { fallback: unknown }).fallback !== null);
  const keptFull = fallbacks.filter((r) => (r.diagnostics.policy as { fallback: { kept: string } }).fallback.kept === 'full').length;
  assert.deepEqual(cells.slice(0, 4), [String(series.length), String(series.filter((r) => !r.ok).length), String(mode('full')), String(mode('warm'))]);
  assert.ok(keptFull > 0 && keptFull < fallbacks.length);
  assert.ok(row.includes(`<td class="n">${String(fallbacks.length)} <span class="dim">(${String(keptFull)} full)</span></td>`), row);
});

test('the median parameter change is over consecutive successful calibrations, smaller for the regularised series', () => {
  const html = renderBacktestReport(input(syntheticRecords()));
  const essvi = sections(html)[0] ?? '';
  const row = /<tr><td>atmVol7d<\/td><td class="n">([^<]*)<\/td><td class="n">([^<]*)<\/td><\/tr>/.exec(essvi);
  assert.ok(row !== null);
  const plain = Number(row[1]);
  const regularised = Number(row[2]);
  assert.ok(plain > 0 && regularised > 0 && regularised < plain, `${String(plain)} vs ${String(regularised)}`);
  // Oracle: the plain essvi series never fails, so its changes are those of every consecutive pair of days.
  const values = Array.from({ length: 40 }, (_, day) => {
    const crash = START_MS + day * DAY_MS >= CRASH.fromMs && START_MS + day * DAY_MS <= CRASH.toMs ? 1 : 0;
    return 0.5 + 0.05 * wobble(day, 0) + 0.2 * crash;
  });
  const changes = values.slice(1).map((v, i) => Math.abs(v - values[i]!)).sort((a, b) => a - b);
  const expected = changes[19]!; // the middle of 39 changes
  assert.equal(plain, Number(expected.toPrecision(4)));
});

test('no NaN or undefined anywhere, even with missing, null or malformed diagnostics', () => {
  const base = syntheticRecords({ days: 6 });
  const broken: BacktestReportRecord[] = base.map((r, i) => {
    switch (i % 6) {
      case 0: return { ...r, diagnostics: {} };
      case 1: return { ...r, diagnostics: { statistics: null, outOfSample: { naive: null, stickyMoneyness: { rmseVolPoints: null } }, policy: null } };
      case 2: return { ...r, diagnostics: { statistics: { rmseVolPoints: Number.NaN, insideSpreadShare: 'high' }, outOfSample: 7, policy: { mode: 3, fallback: 'x' } } };
      case 3: return { ...r, params: { ...r.params, rho7d: Number.NaN, kappa: Number.POSITIVE_INFINITY }, failureReason: null };
      case 4: return { ...r, ok: false, failureReason: null, params: {} };
      default: return r;
    }
  });
  const htmls = [
    renderBacktestReport(input(broken)),
    renderBacktestReport(input(broken.map((r) => ({ ...r, diagnostics: {} })))),
    renderBacktestReport(input([])),
    renderBacktestReport(input(base.slice(0, 1), { generatedAtMs: Number.NaN, windows: [{ label: 'bad', fromMs: Number.NaN, toMs: 1 }] })),
    renderBacktestReport(input(base.map((r) => ({ ...r, ok: false, params: {}, failureReason: 'x' })))),
  ];
  for (const html of htmls) {
    assert.doesNotMatch(html, /NaN|undefined|Infinity|null/);
    assert.ok(html.includes('</html>'));
  }
  // The readable records still draw: day 5 of each series (i % 6 === 5) is whole.
  assert.ok(count(htmls[0] ?? '', /<path class="series"/) > 0);
});

test('same input, same output', () => {
  const records = syntheticRecords({ days: 10 });
  assert.equal(renderBacktestReport(input(records)), renderBacktestReport(input(records)));
});
