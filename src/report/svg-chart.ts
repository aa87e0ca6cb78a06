/**
 * The small SVG vocabulary the report's charts share: linear scales, "nice" tick values and path data.
 * Coordinates are written with one decimal (a tenth of a CSS pixel at the report's scale), which keeps the
 * file small without visible loss.
 */

export interface LinearScale {
  (x: number): number;
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
}

/** Maps [d0, d1] onto [r0, r1]; a degenerate domain maps everything to the middle of the range. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  const scale = (x: number): number => (span === 0 ? (r0 + r1) / 2 : r0 + ((x - d0) / span) * (r1 - r0));
  return Object.assign(scale, { domain, range });
}

/**
 * About `count` round tick values (1, 2 or 5 × 10^n apart) inside [lo, hi] — the step rule of d3-array's
 * `ticks` (https://github.com/d3/d3-array/blob/main/src/ticks.js).
 */
export function niceTicks(lo: number, hi: number, count: number): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi <= lo || count < 1) return [];
  const step = tickStep(lo, hi, count);
  // As d3 does: for steps below 1 count in whole multiples of 1/step, so that 0.7 is 7 / 10 and not
  // 7 × 0.1 = 0.7000000000000001, and round the ends first so floor(0.7 / 0.1) = 6 cannot lose a tick.
  const inverse = step < 1 ? Math.round(1 / step) : 0;
  const toIndex = (x: number): number => (inverse > 0 ? x * inverse : x / step);
  const fromIndex = (i: number): number => (inverse > 0 ? i / inverse : i * step);
  let first = Math.round(toIndex(lo));
  let last = Math.round(toIndex(hi));
  if (fromIndex(first) < lo) first++;
  if (fromIndex(last) > hi) last--;
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(fromIndex(i));
  return ticks;
}

export function tickStep(lo: number, hi: number, count: number): number {
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const error = raw / power;
  const factor = error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1;
  return factor * power;
}

/** A coordinate for SVG attributes. */
export function px(x: number): string {
  return (Math.round(x * 10) / 10).toString();
}

/** `M x y L x y …` through the points (already in pixels); empty for no points. */
export function linePath(points: readonly (readonly [number, number])[]): string {
  return points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${px(x)} ${px(y)}`).join('');
}

/**
 * Drops ticks whose labels would collide: walks the ticks in order and keeps one only when it is at least
 * `minGap` pixels from the last kept one (the strike axis of a wide smile is log-spaced, so round strikes
 * bunch up on its right).
 */
export function spacedTicks<T>(ticks: readonly T[], position: (t: T) => number, minGap: number): T[] {
  const kept: T[] = [];
  let last = Number.NEGATIVE_INFINITY;
  for (const t of ticks) {
    const p = position(t);
    if (Math.abs(p - last) >= minGap) {
      kept.push(t);
      last = p;
    }
  }
  return kept;
}
