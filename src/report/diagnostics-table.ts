/**
 * The per-expiry diagnostics table: what `volcal fit` prints as text, plus the parameters, with the cells a
 * trader should look at twice (fit outside more spreads than the marks, butterfly violations, a solver
 * that stopped early) flagged by colour.
 */
import type { FitDocument, FittedExpiry } from '../app/fit-document.ts';
import { escapeHtml } from './html.ts';
import { compact, days, num, percent } from './number-format.ts';
import { expiryLabel } from './expiry-label.ts';

/** Columns of text; the rest are numbers, right-aligned under right-aligned headers. */
const TEXT_COLUMNS = new Set(['expiry', 'parameters', 'stop reason']);
const HEAD = ['expiry', 'days', 'quotes', 'parameters', 'RMSE vp', 'max err vp', 'inside', 'mark inside', 'min g', 'iter', 'stop reason', 'ms'];

export function diagnosticsTable(doc: FitDocument): string {
  const body = doc.expiries.map((e) => {
    if (!e.ok) {
      return `<tr class="failed"><td>${expiryLabel(e.expiry)}</td><td class="n">${days(e.timeToExpiryYears)}</td><td colspan="${String(HEAD.length - 2)}">not fitted: ${escapeHtml(e.reason)}</td></tr>`;
    }
    const insideClass = e.markInsideSpreadShare !== null && e.insideSpreadShare < e.markInsideSpreadShare ? ' warn' : '';
    return `<tr><td>${expiryLabel(e.expiry)}</td><td class="n">${days(e.timeToExpiryYears)}</td><td class="n">${String(e.quotes.length)}</td><td class="params">${params(e)}</td>
<td class="n">${num(e.rmseVolPoints, 2)}</td><td class="n">${num(e.maxAbsErrorVolPoints, 2)}</td><td class="n${insideClass}">${percent(e.insideSpreadShare)}</td><td class="n">${percent(e.markInsideSpreadShare)}</td>
<td class="n${e.butterfly.violations > 0 ? ' bad' : ''}">${compact(e.butterfly.minimumG)}</td><td class="n">${String(e.solver.iterations)}</td><td class="${e.solver.converged ? '' : 'warn'}">${escapeHtml(e.solver.stopReason)}</td><td class="n">${num(e.solver.timeMs, 1)}</td></tr>`;
  });
  return `<table class="diagnostics">
<thead><tr>${HEAD.map((h) => `<th${TEXT_COLUMNS.has(h) ? '' : ' class="n"'}>${h}</th>`).join('')}</tr></thead>
<tbody>
${body.join('\n')}
</tbody>
</table>`;
}

function params(e: FittedExpiry): string {
  return Object.entries(e.params)
    .map(([name, value]) => `<span class="param"><i>${escapeHtml(name)}</i> ${compact(value)}</span>`)
    .join(' ');
}
