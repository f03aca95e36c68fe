/**
 * The permission table lives in src/shared so the console can show only what a role may do;
 * the server enforces it from here.
 */
export * from '../shared/permissions.ts';
