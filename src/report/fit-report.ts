/**
 * `fitReportHtml(doc)`: the fit document (docs/fit-json.md) as one self-contained HTML page — header with
 * the verdicts, a smile chart per expiry, the surface heatmap and the diagnostics table. Pure (a string in
 * nothing but the document, no Node APIs, no clock) so that a browser dashboard can render the same page.
 * Nothing is fetched: styles are inline, charts are inline SVG, fonts are the system's, and there is no
 * script. Every string from the data is escaped (src/report/html.ts).
 */
import type { FitDocument, FittedExpiry } from '../app/fit-document.ts';
import { escapeHtml } from './html.ts';
import { reportHeader } from './report-header.ts';
import { failedExpiryFigure, smileFigure } from './smile-chart.ts';
import { surfaceHeatmap } from './surface-heatmap.ts';
import { diagnosticsTable } from './diagnostics-table.ts';
import { reportStyle } from './report-style.ts';

export function fitReportHtml(doc: FitDocument): string {
  const fitted = doc.expiries.filter((e): e is FittedExpiry => e.ok);
  const figures = doc.expiries.map((e, i) => (e.ok ? smileFigure(e, doc.grid, i) : failedExpiryFigure(e)));
  const title = `${doc.currency} ${doc.model} fit · ${doc.snapshotTime}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${reportStyle}</style>
</head>
<body>
${reportHeader(doc)}
<section>
<h2>Smiles by expiry</h2>
${smileLegend()}
<div class="smiles">
${figures.join('\n')}
</div>
</section>
<section>
<h2>Fitted surface: implied vol</h2>
${surfaceHeatmap(doc.grid, fitted)}
<p class="legend">Rows are the fitted expiries, evenly spaced; faded cells lie beyond that expiry's quoted strikes (model extrapolation). The colour scale is logarithmic and spans the 2nd–98th percentile of the vols inside the quoted ranges; vols beyond it take the end colour; grey cells have no implied vol (a stochastic model's out-of-the-money price there is below 1e-10 of the forward). Hover a smile's quotes for their numbers.</p>
</section>
<section>
<h2>Diagnostics</h2>
${diagnosticsTable(doc)}
</section>
<footer>volcal fit report · vols are annualised; 1 vol pt = 1% of vol; "inside" is the share of two-sided quotes whose fitted (or venue mark) vol lies within [bid IV, ask IV]; g is Durrleman's butterfly function (≥ 0: no butterfly arbitrage).</footer>
</body>
</html>
`;
}

function smileLegend(): string {
  const swatch = (inner: string): string => `<svg viewBox="0 0 22 14" aria-hidden="true">${inner}</svg>`;
  return `<p class="legend">
<span>${swatch('<line class="bar" x1="11" x2="11" y1="2" y2="12"/>')}bid → ask IV</span>
<span>${swatch('<circle class="mid" cx="11" cy="7" r="2.4"/>')}mid IV</span>
<span>${swatch('<line class="mark" x1="6" x2="16" y1="7" y2="7"/>')}venue mark IV</span>
<span>${swatch('<path class="fit" d="M1 11 Q11 1 21 11"/>')}fitted smile</span>
<span>${swatch('<line class="bar miss" x1="11" x2="11" y1="2" y2="12"/><circle class="miss-ring" cx="11" cy="7" r="4"/>')}fit outside the spread</span>
<span>${swatch('<line class="atm" x1="11" x2="11" y1="0" y2="14"/>')}forward (k = 0)</span>
</p>`;
}
