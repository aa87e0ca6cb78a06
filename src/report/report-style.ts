/**
 * The report's stylesheet, inlined so the file opens from disk with nothing fetched: system fonts only,
 * a grid of small multiples (three smiles per row at 1400 px), and print rules that keep each figure on one
 * page and keep the badge colours.
 */
export const reportStyle = `
:root { --ink: #1d2733; --dim: #5f6b7a; --line: #d8dee6; --ok: #2b8a3e; --bad: #c92a2a; --warn: #b35c00; }
* { box-sizing: border-box; }
body { margin: 0 auto; padding: 20px 28px 40px; max-width: 1500px; color: var(--ink); background: #fff;
  font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 22px; margin: 0 0 2px; }
h1 .model { font-size: 13px; font-weight: 600; color: #fff; background: var(--ink); border-radius: 4px; padding: 2px 7px; vertical-align: middle; }
h2 { font-size: 16px; margin: 26px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
.meta { margin: 0 0 12px; color: var(--dim); }
code { font: 12px ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; word-break: break-all; }
.dim { color: var(--dim); }
.neg, td.bad { color: var(--bad); font-weight: 600; }
.smile .poor { color: var(--warn); }
td.warn { color: var(--warn); font-weight: 600; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 10px; }
.kpi { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; display: flex; flex-direction: column; gap: 2px; }
.kpi .label { color: var(--dim); font-size: 11px; text-transform: uppercase; letter-spacing: .04em; }
.kpi .value { font-size: 22px; font-weight: 650; }
.kpi .value small { font-size: 12px; font-weight: 400; color: var(--dim); }
.kpi .value.good { color: var(--ok); } .kpi .value.poor { color: var(--warn); }
.kpi .sub { color: var(--dim); font-size: 12px; }
.kpi .badges { display: flex; flex-wrap: wrap; gap: 4px; padding: 3px 0; }
.badge { display: inline-block; border-radius: 10px; padding: 1px 8px; font-size: 11px; font-weight: 600; color: #fff; margin-left: 4px; vertical-align: 1px; }
.kpi .badge { margin-left: 0; }
.badge.ok { background: var(--ok); } .badge.bad { background: var(--bad); } .badge.warn { background: var(--warn); }
.legend { display: flex; flex-wrap: wrap; gap: 4px 18px; color: var(--dim); font-size: 12px; margin: 0 0 8px; }
.legend svg { width: 22px; height: 14px; vertical-align: -3px; margin-right: 3px; }
.smiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(400px, 1fr)); gap: 14px; }
figure { margin: 0; break-inside: avoid; }
.smile { border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px 2px; }
.smile figcaption { font-size: 12px; line-height: 1.45; min-height: 3.2em; }
.smile svg { width: 100%; height: auto; display: block; }
.smile.failed .reason { color: var(--bad); background: #fff5f5; border: 1px dashed #f0b4b4; border-radius: 4px; padding: 18px 12px; margin: 8px 0; }
svg text { font: 10px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: #46505c; }
svg .axis-title { font-size: 10.5px; fill: var(--dim); }
.plot-bg { fill: #fbfcfd; }
.frame { fill: none; stroke: #b5bfca; stroke-width: 1; }
.gridline { stroke: #e9edf2; stroke-width: 1; }
.axis { stroke: #8a96a3; stroke-width: 1; }
.atm { stroke: #8a96a3; stroke-width: 1; stroke-dasharray: 3 3; }
.atm-light { stroke: #fff; stroke-opacity: .7; stroke-width: 1; stroke-dasharray: 3 3; }
.bar { stroke: #8fb1d3; stroke-width: 3; stroke-linecap: round; }
.bar.miss { stroke: #e03131; stroke-width: 3.4; }
.miss-ring { fill: none; stroke: #e03131; stroke-width: 1.4; }
.mid { fill: #1c3d5a; }
.mark { stroke: #9c36b5; stroke-width: 1.6; }
.fit { fill: none; stroke: #f08c00; stroke-width: 1.8; stroke-linejoin: round; }
.quote:hover .bar { stroke: #4a78a8; }
.heatmap { width: 100%; height: auto; display: block; }
.heatmap .cells { shape-rendering: crispEdges; }
.note { color: var(--dim); }
table.diagnostics { border-collapse: collapse; width: 100%; font-size: 12px; }
.diagnostics th { text-align: left; color: var(--dim); font-weight: 600; border-bottom: 2px solid var(--line); padding: 4px 8px; white-space: nowrap; }
.diagnostics td { border-bottom: 1px solid var(--line); padding: 4px 8px; vertical-align: top; }
.diagnostics th.n { text-align: right; }
.diagnostics td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.diagnostics tr.failed td { color: var(--bad); }
.diagnostics .param { white-space: nowrap; margin-right: 6px; font-variant-numeric: tabular-nums; }
.diagnostics .param i { color: var(--dim); }
footer { margin-top: 24px; color: var(--dim); font-size: 11px; }
@media print {
  body { padding: 0; max-width: none; font-size: 11px; }
  .smiles { grid-template-columns: repeat(2, 1fr); }
  .kpi, .smile { border-color: #bbb; }
  h2 { break-after: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
