/**
 * A progress line with ETA for long commands, on stderr: redrawn in place on a terminal, one line per
 * tenth of the work otherwise (logs stay readable).
 */
import type { CliIo } from './io.ts';

export function progressLine(io: CliIo, startedMs: number, isTty: boolean = process.stderr.isTTY): (done: number, total: number) => void {
  let lastDecile = -1;
  return (done, total) => {
    if (total === 0) return;
    const elapsed = (performance.now() - startedMs) / 1000;
    const eta = done > 0 ? (elapsed / done) * (total - done) : Number.NaN;
    const width = 30;
    const filled = Math.round((width * done) / total);
    const text = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} calibrations, ${elapsed.toFixed(0)} s elapsed${Number.isFinite(eta) ? `, ETA ${eta.toFixed(0)} s` : ''}`;
    if (isTty) {
      io.stderr(`\r${text}${done === total ? '\n' : ''}`);
      return;
    }
    const decile = Math.floor((10 * done) / total);
    if (decile !== lastDecile) {
      lastDecile = decile;
      io.stderr(`${text}\n`);
    }
  };
}
