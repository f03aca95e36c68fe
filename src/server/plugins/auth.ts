import type { FastifyInstance, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import type { Services } from '../../container.ts';
import { AppError } from '../../domain/errors.ts';
import type { Authenticated } from '../../services/account.service.ts';
import type { RequestContext } from '../../services/common.ts';

export const SESSION_COOKIE = 'amends_session';

declare module 'fastify' {
  interface FastifyRequest {
    auth: (Authenticated & { via: 'cookie' | 'token' }) | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the caller from `Authorization: Bearer <token>` or the session cookie on every API
 * request. Cookie-authenticated writes must carry the session's CSRF token in `X-CSRF-Token`
 * (the synchronizer-token pattern; the cookie is also SameSite=Lax).
 */
export function registerAuth(app: FastifyInstance, services: Services): void {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/v1/')) return;
    const header = request.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw new AppError('unauthenticated', 'the Authorization header must be "Bearer <token>"');
      const found = await services.accounts.authenticateToken(match[1]!);
      if (!found) throw new AppError('unauthenticated', 'the API token is not valid or was revoked');
      request.auth = { ...found, via: 'token' };
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return;
    const found = await services.accounts.authenticateSession(cookie);
    if (!found) return;
    request.auth = { ...found, via: 'cookie' };
    const exempt = SAFE_METHODS.has(request.method) || request.url === '/api/v1/auth/login';
    if (!exempt && !sameSecret(request.headers['x-csrf-token'], found.csrfToken ?? '')) {
      throw new AppError('csrf', 'cookie-authenticated writes must send the session’s X-CSRF-Token header');
    }
  });
}

function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

/**
 * The request's principal as a service context.
 * @throws AppError `unauthenticated` when the request carries no valid credentials.
 */
export function ctxOf(request: FastifyRequest): RequestContext {
  if (!request.auth) {
    throw new AppError(
      'unauthenticated',
      'sign in (POST /api/v1/auth/login) or send Authorization: Bearer <token>',
    );
  }
  return { principal: request.auth.principal, requestId: request.id };
}
