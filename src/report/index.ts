/** The report's public face: HTML renderings of volcal documents. */
export { fitReportHtml } from './fit-report.ts';
