/** The report's public face: HTML renderings of volcal documents. */
export { fitReportHtml } from './fit-report.ts';
export { renderBacktestReport } from './backtest-report.ts';
export type { BacktestReportInput, BacktestReportRecord, BacktestReportTable, BacktestReportWindow } from './backtest-report.ts';
