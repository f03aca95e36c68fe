import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { Services } from '../container.ts';
import type { Permission } from '../domain/permissions.ts';
import { ctxOf } from './plugins/auth.ts';

/**
 * Ready-to-send JSON for read routes, keyed by the organization's data version. Every write bumps
 * that version in its own transaction, so an entry is never served after the data it was built
 * from changed — on any instance, since the version is read from the database on each request.
 * Values derived from the clock (overdue, say–do, readiness) are recomputed at least every
 * TIME_BUCKET_MS.
 */
export const TIME_BUCKET_MS = 5_000;

// Any route's request and reply: the cache only reads the organization parameter and the URL.
type AnyRequest = FastifyRequest<any, any, any, any, any>;
type AnyReply = FastifyReply<any, any, any, any, any, any, any>;

export interface ReadCache {
  /**
   * Answers from the cache when it can; otherwise computes, serializes, stores and answers.
   * Checks the route's permission (`config.permission`) first on every request.
   */
  send(
    request: AnyRequest,
    reply: AnyReply,
    compute: () => Promise<unknown>,
    etag?: (value: unknown) => string | undefined,
  ): Promise<void>;
}

export function createReadCache(services: Services, maxBytes = 64 * 1024 * 1024): ReadCache {
  const cache = new LRUCache<string, { body: string; etag: string | undefined }>({
    maxSize: maxBytes,
    sizeCalculation: (v) => v.body.length * 2 + 200,
  });
  return {
    async send(request, reply, compute, etag) {
      // The route's declared permission: the same one the authorization matrix tests.
      const permission = request.routeOptions.config.permission as Permission | undefined;
      if (!permission)
        throw new Error(`route ${request.routeOptions.url} has no permission for the read cache`);
      const orgSlug = (request.params as { org: string }).org;
      const { org } = await services.accounts.access(ctxOf(request), orgSlug, permission);
      const bucket = Math.floor(services.clock().getTime() / TIME_BUCKET_MS);
      const key = `${org.id}|${org.dataVersion}|${bucket}|${request.url}`;
      let entry = cache.get(key);
      if (!entry) {
        const value = await compute();
        entry = { body: JSON.stringify(value), etag: etag?.(value) };
        cache.set(key, entry);
      }
      if (entry.etag) reply.header('etag', entry.etag);
      await reply.type('application/json; charset=utf-8').send(entry.body);
    },
  };
}
