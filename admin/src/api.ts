import type { Problem } from '../../src/shared/contract/common.ts';

/**
 * The console's HTTP client: JSON in and out of /api/v1, the session's CSRF token on every write,
 * If-Match on updates, and every failure turned into an ApiError carrying its RFC 9457 problem.
 */

export const API_BASE = '/api/v1';

/** A failed request, with the server's problem document (or one made up for network failures). */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }

  get code(): string {
    return this.problem.code;
  }

  /**
   * Field errors keyed by their path without the leading `body.`, e.g. `title`, `whys.1`,
   * `verification.metric`. Refused transitions use rule ids as paths; those are kept as they are.
   */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) {
      const key = e.path.replace(/^body\.?/, '');
      out[key] ??= e.message;
    }
    return out;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

let csrfToken: string | null = null;
let onUnauthenticated: () => void = () => undefined;

/** Remembers the session's CSRF token, sent as X-CSRF-Token on every write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the API answers 401 outside sign-in: the session ended. */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

/** The strong ETag the API gives a versioned record (`"<id>.<version>"`), for If-Match. */
export function etagOf(record: { id: string; version: number }): string {
  return `"${record.id}.${record.version}"`;
}

export type Query = Record<string, string | number | undefined | null>;

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  body?: unknown;
  ifMatch?: string;
}

export interface WithEtag<T> {
  data: T;
  etag: string;
}

function urlOf(path: string, query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

function madeUpProblem(status: number, title: string, detail: string): Problem {
  return { type: 'about:blank', title, status, detail, code: status === 0 ? 'network' : 'unexpected' };
}

async function send(path: string, opts: RequestOptions): Promise<Response> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (opts.ifMatch) headers['if-match'] = opts.ifMatch;
  let res: Response;
  try {
    res = await fetch(urlOf(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  } catch {
    throw new ApiError(madeUpProblem(0, 'The server did not answer', 'Check your connection and try again.'));
  }
  if (res.ok) return res;
  const type = res.headers.get('content-type') ?? '';
  const problem = type.includes('json')
    ? ((await res.json()) as Problem)
    : madeUpProblem(res.status, res.statusText || 'Request failed', `The server answered ${res.status}.`);
  if (res.status === 401 && !path.startsWith('/auth/')) onUnauthenticated();
  throw new ApiError(problem);
}

async function json<T>(res: Response): Promise<T> {
  return res.status === 204 ? (undefined as T) : ((await res.json()) as T);
}

export const api = {
  get: async <T>(path: string, query?: Query): Promise<T> => json<T>(await send(path, { query })),

  /** A single record with its ETag, for a later update's If-Match. */
  getWithEtag: async <T>(path: string): Promise<WithEtag<T>> => {
    const res = await send(path, {});
    return { data: await json<T>(res), etag: res.headers.get('etag') ?? '' };
  },

  post: async <T>(path: string, body?: unknown): Promise<T> =>
    json<T>(await send(path, { method: 'POST', body: body ?? {} })),

  patch: async <T>(path: string, body: unknown, ifMatch: string): Promise<WithEtag<T>> => {
    const res = await send(path, { method: 'PATCH', body, ifMatch });
    return { data: await json<T>(res), etag: res.headers.get('etag') ?? '' };
  },

  delete: async <T>(path: string): Promise<T> => json<T>(await send(path, { method: 'DELETE' })),

  put: async <T>(path: string, body: unknown): Promise<T> =>
    json<T>(await send(path, { method: 'PUT', body })),
};

/** The address of an API resource, for links the browser follows itself (a CSV download). */
export function apiUrl(path: string): string {
  return `${API_BASE}${path}`;
}
