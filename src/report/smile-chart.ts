/**
 * One expiry's smile as a small-multiple figure: x = log-moneyness k = ln(K/F) (bottom axis) and strike
 * K = F·eᵏ (top axis), y = implied vol in %. Each two-sided quote is a vertical bar from bid IV to ask IV,
 * its mid a dot, the venue's mark a short horizontal tick; the fitted smile is a line. A quote whose fitted
 * vol lies outside its spread is drawn in red with a ring at the fitted vol, so misses stand out at a
 * glance. A failed expiry shows its reason instead of a chart.
 */
import type { FailedExpiry, FitDocument, FittedExpiry, FitQuote } from '../app/fit-document.ts';
import { escapeHtml } from './html.ts';
import { compact, days, num, percent, price, strikeLabel } from './number-format.ts';
import { linePath, linearScale, niceTicks, px, spacedTicks } from './svg-chart.ts';
import { smileCurve } from './smile-curve.ts';
import { expiryLabel } from './expiry-label.ts';

const WIDTH = 460;
const HEIGHT = 290;
const MARGIN = { top: 34, right: 14, bottom: 36, left: 48 } as const;

export function failedExpiryFigure(e: FailedExpiry): string {
  return `<figure class="smile failed">
<figcaption><b>${expiryLabel(e.expiry)}</b> · ${days(e.timeToExpiryYears)} d <span class="badge bad">not fitted</span></figcaption>
<p class="reason">${escapeHtml(e.reason)}</p>
</figure>`;
}

/** `index` makes the clip-path id unique within the report. */
export function smileFigure(e: FittedExpiry, grid: FitDocument['grid'], index: number): string {
  return `<figure class="smile">
<figcaption>${caption(e)}</figcaption>
${smileSvg(e, grid, index)}
</figure>`;
}

function caption(e: FittedExpiry): string {
  const badges = [
    e.solver.converged ? '' : `<span class="badge warn" title="solver stop reason">${escapeHtml(e.solver.stopReason)}</span>`,
    e.butterfly.violations > 0 ? `<span class="badge bad" title="Durrleman g(k) &lt; 0 somewhere on the check grid">butterfly</span>` : '',
  ].join('');
  return `<b>${expiryLabel(e.expiry)}</b> · ${days(e.timeToExpiryYears)} d${badges}<br>
F ${price(e.forward)} <span class="dim">(${escapeHtml(e.forwardSource)})</span> · RMSE <b>${num(e.rmseVolPoints, 2)}</b> vp · max ${num(e.maxAbsErrorVolPoints, 2)} vp<br>
inside spread <b class="${e.markInsideSpreadShare !== null && e.insideSpreadShare < e.markInsideSpreadShare ? 'poor' : ''}">${percent(e.insideSpreadShare, 0)}</b> <span class="dim">(marks ${percent(e.markInsideSpreadShare, 0)})</span> · min g <span class="${e.butterfly.minimumG < 0 ? 'neg' : ''}">${compact(e.butterfly.minimumG)}</span>`;
}

function isTwoSided(q: FitQuote): q is FitQuote & { bidIv: number; askIv: number } {
  return q.bidIv !== null && q.askIv !== null && Number.isFinite(q.bidIv) && Number.isFinite(q.askIv);
}

function fitOutside(q: FitQuote & { bidIv: number; askIv: number }): boolean {
  return q.fitIv < q.bidIv || q.fitIv > q.askIv;
}

/**
 * The vol range shown: everything the eye needs (mids, marks, fitted curve) plus the bid/ask bars, but a
 * bar reaching far beyond (a deep-wing ask at 300% on a 50% smile) is cut at half the core range so it
 * does not flatten the smile; the cut end is clipped by the plot area.
 */
function volDomain(quotes: readonly FitQuote[], curveVols: readonly number[]): [number, number] {
  const core = [...quotes.flatMap((q) => [q.midIv, q.fitIv, q.markIv ?? q.midIv]), ...curveVols].filter(Number.isFinite);
  let lo = Math.min(...core);
  let hi = Math.max(...core);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  const span = Math.max(hi - lo, 0.02 * hi, 0.005);
  const sides = quotes.flatMap((q) => [q.bidIv, q.askIv]).filter((v): v is number => v !== null && Number.isFinite(v));
  lo = Math.max(Math.min(lo, ...sides), lo - span / 2);
  hi = Math.min(Math.max(hi, ...sides), hi + span / 2);
  const pad = 0.06 * (hi - lo || span);
  return [Math.max(0, lo - pad), hi + pad];
}

function smileSvg(e: FittedExpiry, grid: FitDocument['grid'], index: number): string {
  const ks = e.quotes.map((q) => q.logMoneyness).filter(Number.isFinite);
  const kLo = Math.min(...ks);
  const kHi = Math.max(...ks);
  const kPad = Math.max(0.06 * (kHi - kLo), 0.01);
  const x0 = kLo - kPad;
  const x1 = kHi + kPad;
  const curve = smileCurve(e, grid, x0, x1);
  const [y0, y1] = volDomain(e.quotes, curve.map((p) => p.vol));
  const plot = { left: MARGIN.left, right: WIDTH - MARGIN.right, top: MARGIN.top, bottom: HEIGHT - MARGIN.bottom };
  const x = linearScale([x0, x1], [plot.left, plot.right]);
  const y = linearScale([y0, y1], [plot.bottom, plot.top]);
  const clip = `clip-${String(index)}`;

  const parts: string[] = [];
  parts.push(`<rect class="plot-bg" x="${px(plot.left)}" y="${px(plot.top)}" width="${px(plot.right - plot.left)}" height="${px(plot.bottom - plot.top)}"/>`);
  parts.push(`<clipPath id="${clip}"><rect x="${px(plot.left)}" y="${px(plot.top)}" width="${px(plot.right - plot.left)}" height="${px(plot.bottom - plot.top)}"/></clipPath>`);

  // Vol axis (left), in %.
  const yTicks = niceTicks(y0 * 100, y1 * 100, 5);
  const yDigits = decimals(yTicks);
  for (const t of yTicks) {
    const ty = y(t / 100);
    parts.push(`<line class="gridline" x1="${px(plot.left)}" x2="${px(plot.right)}" y1="${px(ty)}" y2="${px(ty)}"/>`);
    parts.push(`<text class="tick" x="${px(plot.left - 5)}" y="${px(ty + 3.5)}" text-anchor="end">${t.toFixed(yDigits)}</text>`);
  }
  parts.push(`<text class="axis-title" transform="translate(12 ${px((plot.top + plot.bottom) / 2)}) rotate(-90)" text-anchor="middle">implied vol %</text>`);

  // Log-moneyness axis (bottom).
  const kTicks = niceTicks(x0, x1, 6);
  const kDigits = decimals(kTicks);
  for (const t of kTicks) {
    const tx = x(t);
    parts.push(`<line class="gridline" x1="${px(tx)}" x2="${px(tx)}" y1="${px(plot.top)}" y2="${px(plot.bottom)}"/>`);
    parts.push(`<text class="tick" x="${px(tx)}" y="${px(plot.bottom + 13)}" text-anchor="middle">${(t === 0 ? 0 : t).toFixed(kDigits)}</text>`);
  }
  parts.push(`<text class="axis-title" x="${px((plot.left + plot.right) / 2)}" y="${px(HEIGHT - 5)}" text-anchor="middle">log-moneyness k = ln(K/F)</text>`);

  // Strike axis (top): round strikes mapped to k = ln(K/F).
  if (e.forward > 0) {
    const strikeX = (K: number): number => x(Math.log(K / e.forward));
    const strikeTicks = spacedTicks(niceTicks(e.forward * Math.exp(x0), e.forward * Math.exp(x1), 6), strikeX, 36);
    for (const K of strikeTicks) {
      const tx = strikeX(K);
      parts.push(`<line class="axis" x1="${px(tx)}" x2="${px(tx)}" y1="${px(plot.top - 4)}" y2="${px(plot.top)}"/>`);
      parts.push(`<text class="tick" x="${px(tx)}" y="${px(plot.top - 7)}" text-anchor="middle">${strikeLabel(K)}</text>`);
    }
    parts.push(`<text class="axis-title" x="${px(plot.left)}" y="11" text-anchor="start">strike</text>`);
  }
  if (x0 < 0 && x1 > 0) parts.push(`<line class="atm" x1="${px(x(0))}" x2="${px(x(0))}" y1="${px(plot.top)}" y2="${px(plot.bottom)}"><title>forward (k = 0)</title></line>`);
  parts.push(`<rect class="frame" x="${px(plot.left)}" y="${px(plot.top)}" width="${px(plot.right - plot.left)}" height="${px(plot.bottom - plot.top)}"/>`);

  // Data, clipped to the plot area.
  const data: string[] = [];
  for (const q of e.quotes) {
    if (!Number.isFinite(q.logMoneyness)) continue;
    const qx = x(q.logMoneyness);
    const marks: string[] = [`<title>${quoteTooltip(q)}</title>`];
    if (isTwoSided(q)) {
      const miss = fitOutside(q);
      marks.push(`<line class="bar${miss ? ' miss' : ''}" x1="${px(qx)}" x2="${px(qx)}" y1="${px(y(q.bidIv))}" y2="${px(y(q.askIv))}"/>`);
      if (miss) marks.push(`<circle class="miss-ring" cx="${px(qx)}" cy="${px(y(q.fitIv))}" r="4"/>`);
    }
    if (q.markIv !== null && Number.isFinite(q.markIv)) marks.push(`<line class="mark" x1="${px(qx - 4)}" x2="${px(qx + 4)}" y1="${px(y(q.markIv))}" y2="${px(y(q.markIv))}"/>`);
    if (Number.isFinite(q.midIv)) marks.push(`<circle class="mid" cx="${px(qx)}" cy="${px(y(q.midIv))}" r="2.2"/>`);
    data.push(`<g class="quote">${marks.join('')}</g>`);
  }
  const curvePath = linePath(curve.map((p) => [x(p.k), y(p.vol)]));
  parts.push(`<g clip-path="url(#${clip})">${data.join('\n')}${curvePath === '' ? '' : `<path class="fit" d="${curvePath}"/>`}</g>`);

  return `<svg class="smile-chart" viewBox="0 0 ${String(WIDTH)} ${String(HEIGHT)}" role="img" aria-label="smile ${escapeHtml(e.expiry)}">
${parts.join('\n')}
</svg>`;
}

function quoteTooltip(q: FitQuote): string {
  const v = (x: number | null): string => (x === null ? '–' : `${num(x * 100, 2)}%`);
  return `${escapeHtml(q.instrument)} (${escapeHtml(q.type)}, K ${strikeLabel(q.strike)}, k ${num(q.logMoneyness, 3)})
bid ${v(q.bidIv)} · ask ${v(q.askIv)} · mid ${v(q.midIv)}
mark ${v(q.markIv)} · fit ${v(q.fitIv)}`;
}

/** Decimals enough to tell neighbouring ticks apart. */
function decimals(ticks: readonly number[]): number {
  const [a, b] = ticks;
  if (a === undefined || b === undefined) return 2;
  return Math.max(0, Math.ceil(-Math.log10(b - a) - 1e-9));
}
