/**
 * The small API every `bench/*.bench.ts` module implements, and the timing helpers they share.
 * A benchmark module exports `run(report)` and calls `report(name, value, unit)` once per figure;
 * bench/run.ts prints each as `name: value unit`.
 */

export type Report = (name: string, value: number, unit: string) => void;

export interface BenchModule {
  run(report: Report): Promise<void>;
}

/** Wall-clock seconds of the fastest of `repeats` calls of `fn`, after `warmups` untimed calls. */
export function bestOfSeconds(fn: () => void, repeats: number, warmups = 1): number {
  for (let i = 0; i < warmups; i++) fn();
  let best = Infinity;
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    fn();
    const elapsed = (performance.now() - start) / 1000;
    if (elapsed < best) best = elapsed;
  }
  return best;
}

/** A plain number with three significant digits: 4.13e6, 0.00123, 1.5e-14, 42.1. */
export function formatFigure(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e4 || magnitude < 1e-3) {
    const [mantissa = '', exponent = ''] = value.toExponential(2).split('e');
    return `${String(Number(mantissa))}e${String(Number(exponent))}`;
  }
  return String(Number(value.toPrecision(3)));
}
