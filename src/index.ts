/**
 * volcal as a library: the pure core (src/core), the option-chain readers (src/io) and the use cases
 * (src/app). `import { readChainFile, resolveChain, impliedVolatility } from 'volcal'`.
 */
export * from './core/index.ts';
export * from './io/index.ts';
export { buildInspectReport, type InspectReport } from './app/inspect-report.ts';
export { fitChain, fitModelNames, type FitChainOptions, type FitChainResult, type FitModelName } from './app/fit-chain.ts';
export type { FitDocument } from './app/fit-document.ts';
