export * from './common.ts';
export * from './incident.ts';
export * from './root-cause.ts';
export * from './action.ts';
export * from './commitment.ts';
export * from './audit.ts';
export * from './account.ts';
export * from './statement.ts';
