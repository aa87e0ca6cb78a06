/**
 * The fitted surface as a heatmap of implied vol σ = √(w/T) over log-moneyness (columns) and expiry (rows,
 * one per fitted expiry, evenly spaced so that the short expiries — most of a crypto chain — are not
 * squeezed together), from the document's total-variance `grid`.
 *
 * The colour scale is logarithmic in vol and spans the 2nd to 98th percentile of the vols inside each
 * expiry's quoted strike range: in a sell-off the front expiry trades at 300% while the back is at 50%, and a
 * linear scale over the extremes would paint everything but the front one colour. Cells beyond an expiry's
 * quotes are the model's extrapolation and are drawn faded, since a short-dated SVI wing at k = ±1 says
 * little about the market.
 */
import type { FitDocument, FittedExpiry } from '../app/fit-document.ts';
import { towardWhite, viridis, viridisStops } from './color-scale.ts';
import { linearScale, niceTicks, px, spacedTicks } from './svg-chart.ts';
import { expiryShortLabel } from './expiry-label.ts';
import { days } from './number-format.ts';
import { gridRowOf } from './smile-curve.ts';

const WIDTH = 1320;
const MARGIN = { top: 12, right: 96, bottom: 40, left: 136 } as const;
/** Enough columns to look continuous, few enough to keep the file small. */
const MAX_COLUMNS = 200;

interface Row {
  readonly label: string;
  readonly T: number;
  readonly w: readonly (number | null)[];
  readonly quoted: readonly [number, number] | null;
}

export function surfaceHeatmap(grid: FitDocument['grid'], fitted: readonly FittedExpiry[]): string {
  if (grid === undefined || grid.timeToExpiryYears.length === 0 || grid.logMoneyness.length < 2) {
    return `<p class="note">This document has no total-variance grid (write the report with <code>volcal fit --report</code>, which always computes one).</p>`;
  }
  const rows: Row[] = grid.timeToExpiryYears.map((T, i) => {
    const e = fitted.find((f) => gridRowOf(grid, f) === i);
    const ks = (e?.quotes ?? []).map((q) => q.logMoneyness).filter(Number.isFinite);
    return {
      label: e === undefined ? `${days(T)} d` : `${expiryShortLabel(e.expiry)} · ${days(T)} d`,
      T,
      w: grid.totalVariance[i] ?? [],
      quoted: ks.length > 0 ? [Math.min(...ks), Math.max(...ks)] : null,
    };
  });

  // Columns: the grid's k inside the union of quoted ranges (padded), thinned to at most MAX_COLUMNS.
  const gridK = grid.logMoneyness;
  const quotedLo = Math.min(...rows.flatMap((r) => (r.quoted === null ? [] : [r.quoted[0]])));
  const quotedHi = Math.max(...rows.flatMap((r) => (r.quoted === null ? [] : [r.quoted[1]])));
  const lo = Number.isFinite(quotedLo) ? Math.floor((quotedLo - 0.05) * 20) / 20 : gridK[0]!;
  const hi = Number.isFinite(quotedHi) ? Math.ceil((quotedHi + 0.05) * 20) / 20 : gridK[gridK.length - 1]!;
  let columns = gridK.map((k, j) => ({ k, j })).filter((c) => c.k >= lo - 1e-9 && c.k <= hi + 1e-9);
  if (columns.length < 2) columns = gridK.map((k, j) => ({ k, j }));
  const stride = Math.ceil(columns.length / MAX_COLUMNS);
  columns = columns.filter((_, i) => i % stride === 0);

  const vol = (r: Row, j: number): number => {
    const w = r.w[j];
    return typeof w === 'number' && w > 0 && r.T > 0 ? Math.sqrt(w / r.T) : Number.NaN;
  };
  const inQuoted = (r: Row, k: number): boolean => r.quoted !== null && k >= r.quoted[0] && k <= r.quoted[1];
  let scaleVols = rows.flatMap((r) => columns.filter((c) => inQuoted(r, c.k)).map((c) => vol(r, c.j))).filter(Number.isFinite);
  if (scaleVols.length === 0) scaleVols = rows.flatMap((r) => columns.map((c) => vol(r, c.j))).filter(Number.isFinite);
  scaleVols.sort((a, b) => a - b);
  const vLo = quantile(scaleVols, 0.02, 0.2);
  const vHi = Math.max(quantile(scaleVols, 0.98, 1), vLo * 1.01);
  const t = (v: number): number => Math.log(v / vLo) / Math.log(vHi / vLo);
  const color = (v: number, faded: boolean): string => {
    const c = Number.isFinite(v) && v > 0 ? viridis(t(v)) : '#dddddd';
    return faded ? towardWhite(c, 0.62) : c;
  };

  const rowHeight = Math.max(22, Math.min(40, 200 / rows.length));
  const plot = { left: MARGIN.left, right: WIDTH - MARGIN.right, top: MARGIN.top, bottom: MARGIN.top + rowHeight * rows.length };
  const height = plot.bottom + MARGIN.bottom;
  const x = linearScale([columns[0]!.k, columns[columns.length - 1]!.k], [plot.left, plot.right]);
  const cellWidth = (plot.right - plot.left) / (columns.length - 1);

  const parts: string[] = [];
  const cells: string[] = [];
  rows.forEach((r, i) => {
    const top = plot.top + i * rowHeight;
    for (const c of columns) {
      const faded = !inQuoted(r, c.k);
      // Half a pixel of overlap hides the hairline seams anti-aliasing leaves between adjacent cells.
      cells.push(`<rect x="${px(x(c.k) - cellWidth / 2)}" y="${px(top)}" width="${px(cellWidth + 0.5)}" height="${px(rowHeight + 0.5)}" fill="${color(vol(r, c.j), faded)}"/>`);
    }
    parts.push(`<text class="tick" x="${px(plot.left - 6)}" y="${px(top + rowHeight / 2 + 3.5)}" text-anchor="end">${r.label}</text>`);
  });
  parts.unshift(`<g class="cells">${cells.join('')}</g>`);

  for (const t of niceTicks(x.domain[0], x.domain[1], 12)) {
    const tx = x(t);
    parts.push(`<line class="axis" x1="${px(tx)}" x2="${px(tx)}" y1="${px(plot.bottom)}" y2="${px(plot.bottom + 4)}"/>`);
    parts.push(`<text class="tick" x="${px(tx)}" y="${px(plot.bottom + 15)}" text-anchor="middle">${String(t === 0 ? 0 : t)}</text>`);
  }
  if (x.domain[0] < 0 && x.domain[1] > 0) parts.push(`<line class="atm-light" x1="${px(x(0))}" x2="${px(x(0))}" y1="${px(plot.top)}" y2="${px(plot.bottom)}"/>`);
  parts.push(`<text class="axis-title" x="${px((plot.left + plot.right) / 2)}" y="${px(height - 6)}" text-anchor="middle">log-moneyness k = ln(K/F)</text>`);
  parts.push(legend(plot.right + 22, plot.top, plot.bottom, vLo, vHi));

  return `<svg class="heatmap" viewBox="0 0 ${String(WIDTH)} ${px(height)}" role="img" aria-label="implied vol surface">
${parts.join('\n')}
</svg>`;
}

/** The value at quantile q of sorted values (nearest rank), or `fallback` when there are none. */
function quantile(sorted: readonly number[], q: number, fallback: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))] ?? fallback;
}

/** A vertical colour bar from vLo (bottom) to vHi (top) on the log scale, with ticks in vol %. */
function legend(left: number, top: number, bottom: number, vLo: number, vHi: number): string {
  const stops = viridisStops().map((s) => `<stop offset="${px(s.offset)}%" stop-color="${s.color}"/>`).join('');
  const logY = linearScale([Math.log(vLo * 100), Math.log(vHi * 100)], [bottom, top]);
  const y = (pct: number): number => logY(Math.log(pct));
  // Round ticks from a linear rule, thinned where the log scale bunches them (the top of the bar).
  const candidates = niceTicks(vLo * 100, vHi * 100, 8).reverse();
  const ticks = spacedTicks(candidates, y, 14)
    .map((t) => `<text class="tick" x="${px(left + 18)}" y="${px(y(t) + 3.5)}">${String(t)}</text><line class="axis" x1="${px(left + 12)}" x2="${px(left + 16)}" y1="${px(y(t))}" y2="${px(y(t))}"/>`)
    .join('');
  return `<defs><linearGradient id="vol-scale" x1="0" y1="1" x2="0" y2="0">${stops}</linearGradient></defs>
<rect x="${px(left)}" y="${px(top)}" width="12" height="${px(bottom - top)}" fill="url(#vol-scale)"/>${ticks}
<text class="axis-title" x="${px(left - 4)}" y="${px(bottom + 15)}">vol % (log)</text>`;
}
