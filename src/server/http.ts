import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, invalid } from '../domain/errors.ts';
import type { CreateOptions, Expected } from '../services/common.ts';

/** The strong ETag of a versioned record. */
export function etagOf(record: { id: string; version: number }): string {
  return `"${record.id}.${record.version}"`;
}

/** The ETag of a presented record (anything with an id and a version), for the read cache. */
export function recordEtag(value: unknown): string | undefined {
  const v = value as { id?: unknown; version?: unknown };
  return typeof v.id === 'string' && typeof v.version === 'number'
    ? etagOf({ id: v.id, version: v.version })
    : undefined;
}

/** Sets ETag on a single-record response. */
export function withEtag<T>(reply: FastifyReply, record: { id: string; version: number }, body: T): T {
  reply.header('etag', etagOf(record));
  return body;
}

/**
 * The version an update expects, from `If-Match`. Updates must send it (428 otherwise), so two
 * people editing the same record never silently overwrite each other; `*` opts out explicitly.
 * @throws AppError `precondition_required` when missing, `stale` when it names another record.
 */
export function expectedVersion(request: FastifyRequest, id?: string): number | undefined {
  const header = request.headers['if-match'];
  if (!header) {
    throw new AppError(
      'precondition_required',
      'send the record’s ETag in If-Match (GET it first), or If-Match: * to overwrite whatever is there',
    );
  }
  if (header.trim() === '*') return undefined;
  // Strong comparison (RFC 9110 §13.1.1): weak ETags never match.
  const m = /^"([^".]+)\.(\d+)"$/.exec(header.trim());
  if (!m) throw invalid('headers.if-match', 'must be a strong ETag this API issued, such as "0190….3"');
  if (id !== undefined && m[1] !== id) {
    throw new AppError('stale', 'the If-Match ETag belongs to another record');
  }
  return Number(m[2]);
}

/** Like expectedVersion, but If-Match is optional (workflow steps guarded by their own rules). */
export function optionalVersion(request: FastifyRequest, id: string): number | undefined {
  return request.headers['if-match'] ? expectedVersion(request, id) : undefined;
}

/**
 * The record and version an update expects, from `If-Match`, for routes that name their record
 * by slug as well as by id: the service compares the ETag's id with the record it resolves.
 */
export function expectedEtag(request: FastifyRequest, required = true): Expected {
  const header = request.headers['if-match'];
  if (!header && !required) return undefined;
  const version = expectedVersion(request);
  if (version === undefined) return undefined;
  const id = /^"([^".]+)\./.exec(header!.trim())![1]!;
  return { id, version };
}

/** Idempotency options of a create request, from its `Idempotency-Key` header and body. */
export function createOptions(request: FastifyRequest): CreateOptions {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return {};
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw invalid('headers.idempotency-key', 'must be 1–200 visible ASCII characters');
  }
  const requestHash = createHash('sha256')
    .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
  return { idempotencyKey: key, requestHash };
}

/** Answers a create: 201 with Location and ETag, marking replays of an earlier request. */
export function created<T>(
  reply: FastifyReply,
  location: string,
  record: { id: string; version: number },
  replayed: boolean,
  body: T,
): T {
  reply.code(201).header('location', location).header('etag', etagOf(record));
  if (replayed) reply.header('idempotent-replayed', 'true');
  return body;
}
