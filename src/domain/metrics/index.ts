/**
 * The measurement core: pure statistics for trust metrics, early warnings and recovery forecasts.
 * Inputs are sufficient statistics (counts, sums, moments, histograms) so SQL aggregates and no
 * response is loaded. Definitions, defaults and references: docs/metrics.md.
 */
export * from './dist.ts';
export * from './proportions.ts';
export * from './means.ts';
export * from './reliability.ts';
export * from './trust.ts';
export * from './operations.ts';
export * from './compare.ts';
export * from './detectors.ts';
export * from './forecast.ts';
export * from './realism.ts';
export * from './random.ts';
export * from './periods.ts';
