/**
 * `volcal inspect <file>`: reads an option chain in any supported format and prints, per currency and
 * expiry, the forward and its source, quotes kept and dropped by reason, the ATM implied vol and the
 * bid/mid/ask implied vols. `--format json` prints the whole report (src/app/inspect-report.ts) as JSON.
 */
import type { CliIo } from '../io.ts';
import { parseCommandArgs } from '../command-args.ts';
import { buildInspectReport, type CurrencyReport, type InspectReport } from '../../app/inspect-report.ts';
import { defaultQuoteFilterOptions, dropReasons, type QuoteFilterOptions } from '../../core/market/quote-filter.ts';
import { readChainFile } from '../../io/read-chain.ts';
import { formatIssue } from '../../io/read-issue.ts';
import { fixed, pct, table } from '../format.ts';
import { parseChainFormat, parseNumberFlag, parseTimeFlag, UsageError } from '../args.ts';

export const inspectUsage = `Usage: volcal inspect <file> [options]

Reads an option chain (Deribit snapshot CSV, Deribit book-summary CSV or API JSON, Deribit ticker dump,
Yahoo/SPX chain, or a generic CSV with --mapping; gzipped files too) and reports forwards, filters and
implied vols per currency and expiry.

Options:
  --format text|json        output format (default text)
  --currency <C>            only this currency (e.g. BTC)
  --quotes                  text: also list every kept quote with bid/mid/ask IV
  --strict                  fail on the first malformed row instead of skipping it
  --input-format <name>     force the input format instead of detecting it
  --mapping <file.json>     column mapping for a generic CSV (see docs/market-data.md)
  --snapshot-time <ISO|ms>  valuation time when the file has none (e.g. the SPX chain)
  --max-spread <x>          largest (ask - bid)/mid kept (default ${defaultQuoteFilterOptions.maxRelativeSpread})
  --min-expiry-hours <h>    drop expiries closer than this (default ${defaultQuoteFilterOptions.minTimeToExpiryYears * 365 * 24})
  --both-sides              keep in-the-money quotes too (default: out-of-the-money side only)
`;

export async function inspectCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('inspect', inspectUsage, {
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      currency: { type: 'string' },
      quotes: { type: 'boolean', default: false },
      strict: { type: 'boolean', default: false },
      'input-format': { type: 'string' },
      mapping: { type: 'string' },
      'snapshot-time': { type: 'string' },
      'max-spread': { type: 'string' },
      'min-expiry-hours': { type: 'string' },
      'both-sides': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  }, io);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const file = positionals[0];
  if (file === undefined || positionals.length > 1 || (values.format !== 'text' && values.format !== 'json')) {
    io.stderr(`volcal inspect: expected one file and --format text|json\n\n${inspectUsage}`);
    return 2;
  }
  let filter: QuoteFilterOptions;
  let readOptions;
  try {
    filter = {
      ...defaultQuoteFilterOptions,
      maxRelativeSpread: parseNumberFlag('--max-spread', values['max-spread'], defaultQuoteFilterOptions.maxRelativeSpread, 0),
      minTimeToExpiryYears:
        parseNumberFlag('--min-expiry-hours', values['min-expiry-hours'], defaultQuoteFilterOptions.minTimeToExpiryYears * 365 * 24, 0) / (365 * 24),
      outOfTheMoneyOnly: !values['both-sides'],
    };
    readOptions = {
      strict: values.strict,
      ...(values['input-format'] !== undefined ? { format: parseChainFormat(values['input-format']) } : {}),
      ...(values['snapshot-time'] !== undefined ? { snapshotTimeMs: parseTimeFlag('--snapshot-time', values['snapshot-time']) } : {}),
      ...(values.mapping !== undefined ? { mappingFile: values.mapping } : {}),
    };
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`volcal inspect: ${error.message}\n`);
      return 2;
    }
    throw error;
  }

  const outcome = await readChainFile(file, readOptions);
  for (const issue of outcome.issues) io.stderr(`${formatIssue(issue)}\n`);
  const full = buildInspectReport(file, outcome, { filter });
  const report: InspectReport =
    values.currency === undefined ? full : { ...full, currencies: full.currencies.filter((c) => c.currency === values.currency) };
  if (values.format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout(formatText(report, values.quotes));
  if (outcome.snapshot === null) return 1;
  return 0;
}

function formatText(report: InspectReport, withQuotes: boolean): string {
  const lines: string[] = [];
  lines.push(report.file);
  lines.push(
    `format ${report.format ?? 'unknown'}, snapshot ${report.snapshotTime ?? '-'}, rows read ${report.rowsRead}, rejected ${report.rowsRejected}, issues ${report.issues.length}`,
  );
  for (const currency of report.currencies) lines.push('', ...currencyText(currency, withQuotes));
  if (report.currencies.length === 0) lines.push('', 'no option quotes');
  return `${lines.join('\n')}\n`;
}

function currencyText(c: CurrencyReport, withQuotes: boolean): string[] {
  const dropped = dropReasons.filter((r) => c.dropped[r] > 0).map((r) => `${r} ${c.dropped[r]}`);
  const lines = [`${c.currency}: ${c.expiries.length} expiries, ${c.quotesTotal} quotes, ${c.quotesKept} kept; dropped: ${dropped.join(', ') || 'none'}`];
  const rows: string[][] = [['expiry', 'days', 'forward', 'source', 'kept', 'dropped', 'ATM IV', 'bid IV', 'mid IV', 'ask IV', 'at strike']];
  for (const e of c.expiries) {
    rows.push([
      e.expiry.slice(0, 16).replace('T', ' '),
      (e.timeToExpiryYears * 365).toFixed(2),
      fixed(e.forward, 2),
      e.forwardSource ?? 'none',
      String(e.quotesKept),
      String(e.quotesTotal - e.quotesKept),
      pct(e.atmVol),
      pct(e.nearestAtm?.bidIv ?? null),
      pct(e.nearestAtm?.midIv ?? null),
      pct(e.nearestAtm?.askIv ?? null),
      e.nearestAtm === null ? '-' : String(e.nearestAtm.strike),
    ]);
  }
  lines.push(table(rows, new Set([1, 2, 4, 5, 6, 7, 8, 9, 10])));
  if (withQuotes) {
    for (const e of c.expiries) {
      if (e.quotes.length === 0) continue;
      lines.push('', `${c.currency} ${e.expiry.slice(0, 10)} (F ${fixed(e.forward, 2)})`);
      const q: string[][] = [['instrument', 'k', 'bid IV', 'mid IV', 'ask IV', 'mark IV']];
      for (const x of e.quotes) q.push([x.instrument, x.logMoneyness.toFixed(4), pct(x.bidIv), pct(x.midIv), pct(x.askIv), pct(x.markIv)]);
      lines.push(table(q, new Set([1, 2, 3, 4, 5])));
    }
  }
  return lines;
}
