/**
 * The writer the crash tests kill: opens the history store at argv[2], resumes after the last crash record
 * stored, and puts records n, n+1, … for ever, printing `committed <n>` once each put has returned. Run as
 * `node crash-writer.ts <location>`; the test SIGKILLs it at varied moments. Output goes through writeSync so
 * that a printed line was written before the next put began.
 */
import { writeSync } from 'node:fs';
import { openHistoryStore } from '../open-store.ts';
import { CRASH_SERIES, crashIndex, crashRecord } from './crash-record.ts';

const location = process.argv[2];
if (location === undefined) throw new Error('usage: crash-writer.ts <store location>');
const store = await openHistoryStore(location);
const stored = [...(await store.storedSnapshots(CRASH_SERIES))].map(crashIndex);
let n = stored.reduce((max, i) => Math.max(max, i), 0) + 1;
writeSync(1, `ready ${String(n)}\n`);
for (;;) {
  const outcome = await store.put(crashRecord(n));
  if (outcome !== 'inserted') throw new Error(`record ${String(n)}: ${outcome}`);
  writeSync(1, `committed ${String(n)}\n`);
  n++;
}
