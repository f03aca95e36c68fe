/**
 * The one error type of Amends. It carries a `code` from a fixed union and no HTTP status: the
 * server maps codes to statuses in one table (server/plugins/errors.ts), the CLI prints `message`.
 */
export type ErrorCode =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'transition_refused'
  | 'checker_blocked'
  | 'stale'
  | 'precondition_required'
  | 'idempotency_key_reused'
  | 'rate_limited'
  | 'csrf'
  | 'unavailable'
  | 'gone';

export interface FieldError {
  /** Where the problem is, e.g. `body.title`, or a rule id for refused transitions. */
  path: string;
  message: string;
  rule?: string;
  remedy?: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** `get*` functions throw this when a record is missing, or belongs to another organization. */
export function notFound(what: string): AppError {
  return new AppError('not_found', `${what} not found`);
}

export function invalid(path: string, message: string): AppError {
  return new AppError('validation', `${path}: ${message}`, [{ path, message }]);
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
