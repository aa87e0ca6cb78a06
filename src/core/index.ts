/**
 * volcal's pure numeric core: no I/O, no clock, no Node APIs, so it runs unchanged in a browser.
 * The edges (io, app, cli) depend on it; it depends on nothing outside itself.
 */
export * from './numerics/index.ts';
export * from './pricing/index.ts';
export * from './market/index.ts';
export * from './optimize/index.ts';
export * from './smile/index.ts';
export * from './calibration/index.ts';
export * from './surface/index.ts';
