/** What both adapters take besides the database's location. */
import { checkMs } from './validate-input.ts';

export interface StoreOptions {
  /** When records are written, UTC milliseconds; Date.now by default (tests pass a fixed clock). */
  readonly clock?: () => number;
}

/** The clock's reading for `createdAtMs`, checked: a clock that returns a fraction or NaN is a bug. */
export function readClock(clock: () => number): number {
  const ms = clock();
  checkMs(ms, 'clock()');
  return ms;
}
