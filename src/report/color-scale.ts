/**
 * A sequential colour scale for the vol heatmap: viridis (van der Walt & Smith, matplotlib's default),
 * perceptually uniform and readable in greyscale print and by most colour-blind readers. Nine stops
 * sampled from matplotlib's table, linearly interpolated in RGB: the error against the full 256-entry table
 * is below what a screen shows.
 */

const stops: readonly (readonly [number, number, number])[] = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];

/** The colour for t ∈ [0, 1] (clamped) as `#rrggbb`. */
export function viridis(t: number): string {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(Math.floor(u), stops.length - 2);
  const f = u - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return `#${[0, 1, 2].map((c) => Math.round(a[c]! + f * (b[c]! - a[c]!)).toString(16).padStart(2, '0')).join('')}`;
}

/** `#rrggbb` blended toward white by `amount` ∈ [0, 1] (faded heatmap cells: opaque, so no seams). */
export function towardWhite(hex: string, amount: number): string {
  const channels = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  return `#${channels.map((c) => Math.round(c + amount * (255 - c)).toString(16).padStart(2, '0')).join('')}`;
}

/** Gradient stops (offset in %, colour) for an SVG legend. */
export function viridisStops(count = 9): { readonly offset: number; readonly color: string }[] {
  return Array.from({ length: count }, (_, i) => ({ offset: (100 * i) / (count - 1), color: viridis(i / (count - 1)) }));
}
