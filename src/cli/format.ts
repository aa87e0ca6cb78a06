/** Small text-formatting helpers shared by the CLI commands' human-readable output. */

/** Left-aligned text table: the first row is the header; numbers should be pre-formatted strings. */
export function table(rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number> = new Set()): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) => row.map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd())
    .join('\n');
}

/** A vol as a percentage with two decimals (`54.32%`), or `-` when absent. */
export function pct(vol: number | null): string {
  return vol === null ? '-' : `${(vol * 100).toFixed(2)}%`;
}

/** A number with fixed decimals, or `-` when absent. */
export function fixed(x: number | null, digits: number): string {
  return x === null ? '-' : x.toFixed(digits);
}
