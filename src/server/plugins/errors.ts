import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorCode, FieldError } from '../../domain/errors.ts';
import { isAppError } from '../../domain/errors.ts';
import type { Problem } from '../../shared/contract/index.ts';

/** The one table from error codes to HTTP statuses, with the title each problem type carries. */
export const PROBLEM_TYPES: Record<
  | ErrorCode
  | 'internal'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'route_not_found'
  | 'method_not_allowed',
  { status: number; title: string; description: string }
> = {
  validation: {
    status: 400,
    title: 'The request is not valid',
    description: 'A field is missing, malformed or out of range; `errors[]` lists each with its path.',
  },
  unauthenticated: {
    status: 401,
    title: 'Sign-in required',
    description: 'Send a session cookie (POST /api/v1/auth/login) or `Authorization: Bearer <token>`.',
  },
  forbidden: {
    status: 403,
    title: 'Not allowed for your role',
    description: 'Your role in this organization does not include this permission.',
  },
  csrf: {
    status: 403,
    title: 'Missing or wrong CSRF token',
    description: 'Cookie-authenticated writes must send the session’s `X-CSRF-Token` header.',
  },
  not_found: {
    status: 404,
    title: 'Not found',
    description: 'No such record in this organization (records of other organizations are never shown).',
  },
  route_not_found: {
    status: 404,
    title: 'No such endpoint',
    description: 'See /api/v1/openapi.json for the endpoints.',
  },
  method_not_allowed: {
    status: 405,
    title: 'Method not allowed',
    description: 'The endpoint exists but not with this method.',
  },
  conflict: {
    status: 409,
    title: 'Conflicts with the current state',
    description:
      'The change contradicts the record’s state (a taken slug, a closed incident, a status move not allowed).',
  },
  transition_refused: {
    status: 409,
    title: 'Stage change refused',
    description: 'A stage gate (GD-D1…GD-D4) is unmet; `errors[]` names each rule and what would satisfy it.',
  },
  checker_blocked: {
    status: 409,
    title: 'The statement checker found high-severity problems',
    description:
      'Publishing needs the findings fixed, or an override reason (kept in the audit trail); `errors[]` lists each finding with its rule and span.',
  },
  gone: {
    status: 410,
    title: 'No longer available',
    description: 'The link has expired or what it points to has closed (a survey past its closing time).',
  },
  stale: {
    status: 412,
    title: 'The record changed since you read it',
    description: 'Your If-Match ETag is outdated: reload the record and apply the change again.',
  },
  payload_too_large: {
    status: 413,
    title: 'Request body too large',
    description: 'The body is over the size limit.',
  },
  unsupported_media_type: {
    status: 415,
    title: 'Unsupported media type',
    description: 'Send JSON with `Content-Type: application/json`.',
  },
  idempotency_key_reused: {
    status: 422,
    title: 'Idempotency-Key reused',
    description: 'The key was already used for a different request; use a new key.',
  },
  precondition_required: {
    status: 428,
    title: 'If-Match required',
    description: 'Updates need the record’s ETag in If-Match, so two people never overwrite each other.',
  },
  rate_limited: { status: 429, title: 'Too many requests', description: 'Wait for the time in Retry-After.' },
  internal: {
    status: 500,
    title: 'Internal error',
    description: 'Something failed on our side; the log has the details under the request id.',
  },
  unavailable: {
    status: 503,
    title: 'Unavailable',
    description: 'A dependency (the database) is not answering.',
  },
};
export type ProblemCode = keyof typeof PROBLEM_TYPES;

export function problemType(code: ProblemCode): string {
  return `/api/v1/problems/${code}`;
}

/** Public pages and forms answer errors as readable pages; the API and the console get problem documents. */
function wantsPage(request: FastifyRequest): boolean {
  const path = request.url;
  return !path.startsWith('/api/') && !path.startsWith('/admin') && path !== '/healthz' && path !== '/readyz';
}

function errorPage(status: number, title: string, detail: string): string {
  const esc = (v: string) => v.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title></head><body><main><h1>${esc(title)}</h1><p>${esc(detail)}</p><p><a href="/">Amends</a></p></main></body></html>`;
}

/** Sends an RFC 9457 problem document. */
export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ProblemCode,
  detail: string,
  errors?: FieldError[],
  status = PROBLEM_TYPES[code].status,
): FastifyReply {
  const body: Problem = {
    type: problemType(code),
    title: PROBLEM_TYPES[code].title,
    status,
    detail,
    code,
    instance: request.url.split('?')[0],
    requestId: request.id,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
  if (code === 'unauthenticated') reply.header('www-authenticate', 'Bearer realm="amends"');
  if (wantsPage(request)) {
    const text =
      code === 'internal'
        ? detail
        : code === 'rate_limited'
          ? 'Too many requests; please wait a moment and try again.'
          : detail;
    return reply
      .code(status)
      .header('content-security-policy', "default-src 'none'; frame-ancestors 'none'")
      .type('text/html; charset=utf-8')
      .send(errorPage(status, PROBLEM_TYPES[code].title, text));
  }
  return reply.code(status).type('application/problem+json').send(body);
}

function fastifyCode(e: FastifyError): ProblemCode | undefined {
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'payload_too_large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported_media_type';
    default:
      if (e.statusCode === 429) return 'rate_limited';
      if (e.statusCode === 413) return 'payload_too_large';
      if (e.statusCode === 415) return 'unsupported_media_type';
      if (e.statusCode === 404) return 'route_not_found';
      if (e.statusCode === 405) return 'method_not_allowed';
      if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return 'validation';
      return undefined;
  }
}

/**
 * One error handler: application errors keep their code; schema failures list each field; every
 * other client error keeps its status; anything else is a 500 that says nothing internal while the
 * log says everything, under the request id.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isAppError(error)) {
      const retryAfter = (error as { retryAfterSeconds?: number }).retryAfterSeconds;
      if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
      return sendProblem(request, reply, error.code, error.message, error.errors);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'body';
      const errors = error.validation.map((v) => {
        const keys = (v.params as { keys?: string[] }).keys;
        const path = [where, ...v.instancePath.split('/').filter(Boolean), ...(keys ?? [])].join('.');
        return { path, message: v.message ?? 'is invalid' };
      });
      return sendProblem(
        request,
        reply,
        'validation',
        errors.map((e) => `${e.path}: ${e.message}`).join('; '),
        errors,
      );
    }
    const code = fastifyCode(error);
    if (code) {
      if (code === 'rate_limited' && !reply.getHeader('retry-after')) reply.header('retry-after', '60');
      const message =
        error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
          ? `the body is not valid JSON: ${error.message}`
          : error.message;
      return sendProblem(request, reply, code, message, undefined, code === 'validation' ? 400 : undefined);
    }
    request.log.error({ err: error }, 'request failed');
    return sendProblem(
      request,
      reply,
      'internal',
      `an internal error occurred; quote request id ${request.id}`,
    );
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      request,
      reply,
      'route_not_found',
      `no endpoint ${request.method} ${request.url.split('?')[0]}`,
    ),
  );
}
