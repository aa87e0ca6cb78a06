/**
 * The report's header: what was fitted (currency, model, snapshot, source) and the few numbers that say
 * whether the fit is good — pooled RMSE, the share of spreads the fit lands in against the venue marks'
 * share, and the butterfly and calendar verdicts as green/red badges.
 */
import type { FitDocument } from '../app/fit-document.ts';
import { escapeHtml } from './html.ts';
import { compact, num, percent } from './number-format.ts';

export function reportHeader(doc: FitDocument): string {
  const s = doc.summary;
  const a = doc.arbitrage;
  const butterflyOk = a.butterfly.expiriesWithViolations === 0;
  const calendarOk = a.calendar.pairsWithViolations === 0;
  const fitBeatsMarks = s.markInsideSpreadShare === null || s.insideSpreadShare >= s.markInsideSpreadShare;
  const butterfly = butterflyOk
    ? `<span class="badge ok">butterfly: no arbitrage</span>`
    : `<span class="badge bad">butterfly: ${String(a.butterfly.expiriesWithViolations)} of ${String(s.expiriesFitted)} expiries violate</span>`;
  const calendar = calendarOk
    ? `<span class="badge ok">calendar: no arbitrage</span>`
    : `<span class="badge bad">calendar: ${String(a.calendar.pairsWithViolations)} of ${String(a.calendar.adjacentPairs)} pairs cross</span>`;
  const failed = s.expiriesFailed > 0 ? ` <span class="badge bad">${String(s.expiriesFailed)} not fitted</span>` : '';
  return `<header>
<h1>${escapeHtml(doc.currency)} smile fit <span class="model">${escapeHtml(doc.model.toUpperCase())}</span></h1>
<p class="meta">snapshot <b>${escapeHtml(doc.snapshotTime)}</b> · source <code>${escapeHtml(doc.source)}</code></p>
<div class="kpis">
<div class="kpi"><span class="label">pooled RMSE to mid</span><span class="value">${num(s.rmseVolPoints, 2)} <small>vol pts</small></span><span class="sub">${String(s.quotes)} quotes</span></div>
<div class="kpi"><span class="label">fit inside bid–ask</span><span class="value ${fitBeatsMarks ? 'good' : 'poor'}">${percent(s.insideSpreadShare)}</span><span class="sub">venue marks ${percent(s.markInsideSpreadShare)} · of ${String(s.twoSidedQuotes)} two-sided</span></div>
<div class="kpi"><span class="label">expiries fitted</span><span class="value">${String(s.expiriesFitted)}</span><span class="sub">${failed === '' ? 'none failed' : failed}</span></div>
<div class="kpi"><span class="label">arbitrage</span><span class="badges">${butterfly}${calendar}</span><span class="sub">min g ${a.butterfly.minimumG === null ? '–' : compact(a.butterfly.minimumG)} on k ∈ [${String(a.butterfly.gridFrom)}, ${String(a.butterfly.gridTo)}]${calendarOk ? '' : ` · worst w shortfall ${compact(a.calendar.worstShortfall)}`}</span></div>
<div class="kpi"><span class="label">total time</span><span class="value">${num(s.timeMs, 0)} <small>ms</small></span></div>
</div>
</header>`;
}
