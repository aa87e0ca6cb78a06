/**
 * `npm run bench`: imports every bench/*.bench.ts module in name order and prints one line per figure,
 * `name: value unit`. Benchmarks are not part of the test run; see bench/harness.ts for the module API.
 */

import { readdirSync } from 'node:fs';
import { formatFigure } from './harness.ts';
import type { BenchModule, Report } from './harness.ts';

const here = new URL('./', import.meta.url);
const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort();
const report: Report = (name, value, unit) => {
  console.log(`${name}: ${formatFigure(value)} ${unit}`);
};
for (const file of files) {
  const module = (await import(new URL(file, here).href)) as BenchModule;
  await module.run(report);
}
