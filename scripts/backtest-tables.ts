/**
 * Tables of a stored backtest (docs/backtest.md) as markdown: per currency, the model-selection table
 * (src/app/backtest/model-selection.ts: every model and variant over all snapshots, calm days and the
 * 29 Jan – 8 Feb 2026 crash window, the best marked), then the regularised/plain stability ratio per parameter.
 *
 *   npm exec -- node scripts/backtest-tables.ts <db>
 */
import { openHistoryStore } from '../src/store/open-store.ts';
import { markdownTable, modelSelection, modelSelectionTables, stabilityRatios, stabilityRatioTable } from '../src/app/backtest/model-selection.ts';

const store = await openHistoryStore(process.argv[2] ?? 'volcal-history.sqlite');
const records = await store.list({});
await store.close();
const tables = [...modelSelectionTables(modelSelection(records)), stabilityRatioTable(stabilityRatios(records))];
console.log(tables.map(markdownTable).join('\n'));
