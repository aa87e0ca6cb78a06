/**
 * `volcal fit <snapshot file> --currency BTC --model svi|sabr|ssvi|essvi|svi-surface|…`: calibrates a smile per
 * expiry (SVI, SABR), a whole arbitrage-free surface (SSVI, eSSVI, joint SVI) or a stochastic model and prints a diagnostics table, or writes the fit document (docs/fit-json.md) with `--out` / `--format json`, and a
 * self-contained HTML report (src/report/fit-report.ts) with `--report`.
 */
import type { CliIo } from '../io.ts';
import { parseCommandArgs } from '../command-args.ts';
import { readChainFile } from '../../io/read-chain.ts';
import { formatIssue } from '../../io/read-issue.ts';
import { fitChain, fitModelNames, isFitModelName, type FitModelName } from '../../app/fit-chain.ts';
import { isStochasticModelName, stochasticModelNames, stochasticModelSpec } from '../../core/calibration/model-specs/index.ts';
import type { FitDocument } from '../../app/fit-document.ts';
import { fitReportHtml } from '../../report/fit-report.ts';
import type { SmileFitOptions } from '../../core/calibration/calibrate-smile.ts';
import { fixed, pct, table } from '../format.ts';
import { parseNumberFlag, UsageError } from '../args.ts';
import { MAX_NO_ARBITRAGE_RANGE } from '../../core/calibration/calibrate-smile.ts';
import { writeOutputFile } from '../write-output.ts';

export const fitUsage = `Usage: volcal fit <snapshot file> --currency <C> --model <${fitModelNames.join('|')}> [options]

Calibrates a smile per expiry (svi, sabr), a whole surface free of butterfly and calendar arbitrage
(ssvi, essvi; svi-surface: the svi slices fitted jointly, free of it on k in [-1.5, 1.5]), or one
stochastic model to every expiry of a day or more (heston, bates, merton, kou, vg) to the
out-of-the-money quotes of one currency and reports the fit (RMSE against the mid, share inside
the bid-ask spread, worst error, butterfly and calendar checks).

Options:
  --currency <C>            BTC, ETH, ... (required)
  --model <name>            ${fitModelNames.join(', ')} (required)
  --out <file.json>         write the fit document (docs/fit-json.md)
  --format text|json        stdout format (default text)
  --grid                    add a total-variance grid (k from -1.5 to 1.5 step 0.01) to the document
  --report <file.html>      write a self-contained HTML report: smile charts, surface heatmap, diagnostics
  --beta <b>                SABR beta in [0, 1] (default 1)
  --error-space vol|variance|price  residuals in implied vol (default), total variance (smiles and
                            surfaces) or vega-scaled price (stochastic models: no implied-vol inversion)
  --weights spread|vega|uniform  quote weights (default spread)
  --no-arbitrage-range <k>  per-expiry models: keep g(k) >= 0 over the quotes and [-k, k] (default: svi 1.5,
                            sabr 0 = the quotes); svi-surface: no static arbitrage on [-k, k] (default 1.5);
                            at most 10
  --allow-arbitrage         per-expiry models: do not constrain butterfly arbitrage at all
  --loss huber|bidask|l2    Huber to the mid at half a spread (default), bid-ask-aware (almost free inside
                            the spread), or least squares to the mid
  --feller                  heston, bates: keep 2*kappa*theta >= sigma^2
  --fix <names>             stochastic models: comma-separated parameters held at their start values
`;

const errorSpaces = { vol: 'vol', variance: 'totalVariance' } as const;
const losses = { bidask: 'bidAsk', l2: 'l2', huber: 'huber' } as const;
const weightings = ['spread', 'vega', 'uniform'] as const;

export async function fitCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('fit', fitUsage, {
    args,
    allowPositionals: true,
    options: {
      currency: { type: 'string' },
      model: { type: 'string' },
      out: { type: 'string' },
      report: { type: 'string' },
      format: { type: 'string', default: 'text' },
      grid: { type: 'boolean', default: false },
      beta: { type: 'string' },
      'error-space': { type: 'string' },
      weights: { type: 'string' },
      loss: { type: 'string' },
      'no-arbitrage-range': { type: 'string' },
      'allow-arbitrage': { type: 'boolean', default: false },
      feller: { type: 'boolean', default: false },
      fix: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  }, io);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  let fitOptions: Partial<SmileFitOptions>;
  let model;
  let beta;
  let fixedNames: string[] | undefined;
  let priceError: 'vegaScaledPrice' | undefined;
  try {
    const file = positionals[0];
    if (file === undefined || positionals.length > 1) throw new UsageError('expected one snapshot file');
    if (values.currency === undefined) throw new UsageError('--currency is required');
    if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format '${values.format}' must be text or json`);
    beta = parseNumberFlag('--beta', values.beta, 1, 0);
    if (beta > 1) throw new UsageError(`--beta '${values.beta ?? ''}' must be in [0, 1]`);
    model = values.model ?? '';
    if (!isFitModelName(model)) throw new UsageError(`--model '${model}' must be one of ${fitModelNames.join(', ')}`);
    // Options the user leaves out keep each model's own default (smile-objective.ts and
    // src/core/surface/calibrate-surface.ts: Huber at half a spread for both).
    const errorSpaceFlag = values['error-space'];
    const lossFlag = values.loss;
    const weightsFlag = values.weights;
    const errorSpace = errorSpaceFlag === undefined ? undefined : errorSpaces[errorSpaceFlag as keyof typeof errorSpaces] as (typeof errorSpaces)[keyof typeof errorSpaces] | undefined;
    const loss = lossFlag === undefined ? undefined : losses[lossFlag as keyof typeof losses] as (typeof losses)[keyof typeof losses] | undefined;
    const weighting = weightsFlag === undefined ? undefined : weightings.find((w) => w === weightsFlag);
    const stochastic = isStochasticModelName(model);
    if (errorSpaceFlag === 'price') {
      if (!stochastic) throw new UsageError(`--error-space price applies to ${stochasticModelNames.join(', ')} only`);
      priceError = 'vegaScaledPrice';
    } else if (errorSpaceFlag !== undefined && errorSpace === undefined) {
      throw new UsageError(`--error-space '${errorSpaceFlag}' must be vol, variance or price`);
    } else if (errorSpace === 'totalVariance' && stochastic) {
      throw new UsageError('--error-space variance applies to the smile and surface models; the stochastic models take vol or price');
    }
    if (lossFlag !== undefined && loss === undefined) throw new UsageError(`--loss '${lossFlag}' must be bidask, l2 or huber`);
    if (weightsFlag !== undefined && weighting === undefined) throw new UsageError(`--weights '${weightsFlag}' must be spread, vega or uniform`);
    if (values['allow-arbitrage'] && model === 'svi-surface') {
      throw new UsageError('--allow-arbitrage does not apply to svi-surface, whose slices are fitted free of static arbitrage');
    }
    const rangeFlag = values['no-arbitrage-range'];
    const noArbitrageRange = rangeFlag === undefined ? undefined : parseNumberFlag('--no-arbitrage-range', rangeFlag, 0, 0);
    // |k| = 10 is a strike e^10 ≈ 22,000 times the forward; beyond it there is no market, and svi-surface's
    // exact repair scans [−k, k] at a fixed step (its time grows with k).
    if (noArbitrageRange !== undefined && noArbitrageRange > MAX_NO_ARBITRAGE_RANGE) {
      throw new UsageError(`--no-arbitrage-range '${rangeFlag}' must be at most ${MAX_NO_ARBITRAGE_RANGE}`);
    }
    fixedNames = parseFixedNames(model, values.fix, values.feller);
    fitOptions = {
      ...(noArbitrageRange === undefined ? {} : { noArbitrageRange }),
      noButterfly: !values['allow-arbitrage'],
      ...(errorSpace !== undefined ? { errorSpace } : {}),
      ...(loss !== undefined ? { loss } : {}),
      ...(weighting !== undefined ? { weighting } : {}),
    };
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`volcal fit: ${error.message}\n\n${fitUsage}`);
      return 2;
    }
    throw error;
  }
  const file = positionals[0]!;
  const read = await readChainFile(file);
  for (const issue of read.issues) io.stderr(`${formatIssue(issue)}\n`);
  if (read.snapshot === null) return 1;
  const result = fitChain(read.snapshot, {
    currency: values.currency,
    model,
    beta,
    fit: fitOptions,
    feller: values.feller,
    ...(priceError !== undefined ? { priceError } : {}),
    ...(fixedNames !== undefined ? { fixed: fixedNames } : {}),
    // The report's heatmap needs the grid even when the JSON document is to go without it.
    grid: values.grid || values.report !== undefined,
    clock: () => performance.now(),
  });
  if (!result.ok) {
    io.stderr(`volcal fit: ${result.reason}\n`);
    return 1;
  }
  const { grid, ...withoutGrid } = result.document;
  const document: FitDocument = values.grid && grid !== undefined ? { ...withoutGrid, grid } : withoutGrid;
  const json = `${JSON.stringify(document, null, 2)}\n`;
  const outputs = [
    { path: values.out, text: () => json },
    { path: values.report, text: () => fitReportHtml(result.document) },
  ];
  for (const { path, text } of outputs) {
    if (path === undefined) continue;
    const written = await writeOutputFile(path, text());
    if (!written.ok) {
      io.stderr(`volcal fit: ${written.reason}\n`);
      return 1;
    }
  }
  io.stdout(values.format === 'json' ? json : fitText(document));
  return 0;
}

function fitText(doc: FitDocument): string {
  const rows: string[][] = [['expiry', 'days', 'quotes', 'RMSE vp', 'inside', 'mark inside', 'max err vp', 'min g', 'iter', 'ms', 'status']];
  for (const e of doc.expiries) {
    if (!e.ok) {
      rows.push([e.expiry.slice(0, 10), (e.timeToExpiryYears * 365).toFixed(2), '-', '-', '-', '-', '-', '-', '-', '-', `failed: ${e.reason}`]);
      continue;
    }
    rows.push([
      e.expiry.slice(0, 10),
      (e.timeToExpiryYears * 365).toFixed(2),
      String(e.quotes.length),
      fixed(e.rmseVolPoints, 2),
      pct(e.insideSpreadShare),
      pct(e.markInsideSpreadShare),
      fixed(e.maxAbsErrorVolPoints, 2),
      e.butterfly.minimumG.toExponential(2),
      String(e.solver.iterations),
      fixed(e.solver.timeMs, 2),
      e.solver.converged ? 'ok' : e.solver.stopReason,
    ]);
  }
  const s = doc.summary;
  const a = doc.arbitrage;
  return [
    `${doc.currency} ${doc.model} fit of ${doc.source} at ${doc.snapshotTime}`,
    table(rows, new Set([1, 2, 3, 4, 5, 6, 7, 8, 9])),
    '',
    `pooled: ${s.quotes} quotes, RMSE ${fixed(s.rmseVolPoints, 2)} vol points, inside the spread ${pct(s.insideSpreadShare)} of ${s.twoSidedQuotes} two-sided (venue marks ${pct(s.markInsideSpreadShare)}), ${fixed(s.timeMs, 1)} ms`,
    `arbitrage: butterfly violations in ${a.butterfly.expiriesWithViolations} of ${s.expiriesFitted} expiries (min g ${a.butterfly.minimumG === null ? '-' : a.butterfly.minimumG.toExponential(2)} on k in [${a.butterfly.gridFrom}, ${a.butterfly.gridTo}]); calendar crossings in ${a.calendar.pairsWithViolations} of ${a.calendar.adjacentPairs} adjacent pairs`,
    ...(doc.modelParameters !== undefined ? [modelParameterLine(doc.modelParameters)] : []),
    '',
  ].join('\n');
}

/** The --fix list, checked against the model's parameter names (usage error for any other name). */
function parseFixedNames(model: FitModelName, flag: string | undefined, feller: boolean): string[] | undefined {
  if (flag === undefined) return undefined;
  if (!isStochasticModelName(model)) throw new UsageError(`--fix applies to ${stochasticModelNames.join(', ')} only`);
  const names = flag.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const known = stochasticModelSpec(model, { feller }).packedNames;
  for (const name of names) {
    if (!known.includes(name)) throw new UsageError(`--fix: ${model} has no parameter '${name}' (it has ${known.join(', ')})`);
  }
  return names;
}

/** `parameters: v0 0.3432 ± 0.0031, kappa 11.37 ± 0.69, ...` (standard errors of the packed parameters). */
function modelParameterLine(m: NonNullable<FitDocument['modelParameters']>): string {
  const named = Object.entries(m.params).map(([name, value]) => {
    const se = m.standardErrors?.[name];
    return `${name} ${value.toPrecision(4)}${se === undefined ? '' : ` ± ${se.toPrecision(2)}`}`;
  });
  const unidentified = m.unidentified.length > 0 ? ` (not determined by the quotes: ${m.unidentified.join(', ')})` : '';
  return `parameters: ${named.join(', ')}${unidentified}`;
}
