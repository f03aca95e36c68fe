import type { Organization, Principal } from '../domain/account.ts';
import { principalKey, principalLabel } from '../domain/account.ts';
import { AppError, invalid, notFound } from '../domain/errors.ts';
import type { Permission } from '../domain/permissions.ts';
import { can } from '../domain/permissions.ts';
import type { Role } from '../shared/enums.ts';
import { newId } from '../store/ids.ts';
import { decodeCursor } from '../store/page.ts';
import type { Store } from '../store/store.ts';

/** Who is asking, and for which request; passed to every use case. */
export interface RequestContext {
  principal: Principal;
  requestId?: string | undefined;
}

/** A clock, injected so tests can travel in time. */
export type Clock = () => Date;

export interface ServiceDeps {
  store: Store;
  clock: Clock;
}

export interface Access {
  org: Organization;
  role: Role;
}

/** The current time as a canonical ISO string (UTC, milliseconds), comparable as text. */
export function nowIso(clock: Clock): string {
  return clock().toISOString();
}

/**
 * Resolves an organization by slug for a principal and checks one permission.
 * Someone who is not a member gets `not_found`, never a hint that the organization exists.
 * @throws AppError `not_found` or `forbidden`.
 */
export async function authorize(
  store: Store,
  ctx: RequestContext,
  orgSlug: string,
  permission: Permission,
): Promise<Access> {
  const org = await store.accounts.findOrganizationBySlug(orgSlug);
  if (!org) throw notFound('organization');
  let role: Role | undefined;
  switch (ctx.principal.kind) {
    case 'system':
      role = 'owner';
      break;
    case 'token':
      role = ctx.principal.organizationId === org.id ? ctx.principal.role : undefined;
      break;
    case 'user':
      role = await store.accounts.findRole(org.id, ctx.principal.userId);
      break;
  }
  if (!role) throw notFound('organization');
  if (!can(role, permission)) {
    throw new AppError('forbidden', `your role (${role}) does not allow ${permission.replace(':', ' ')}`);
  }
  return { org, role };
}

/**
 * `authorize` for a use case that writes: also takes the organization's write lock by bumping its
 * data version, first thing in the transaction (see AccountRepository.bumpDataVersion). Call it
 * inside `store.transaction`.
 */
export async function authorizeWrite(
  tx: Store,
  ctx: RequestContext,
  orgSlug: string,
  permission: Permission,
): Promise<Access> {
  const access = await authorize(tx, ctx, orgSlug, permission);
  await tx.accounts.bumpDataVersion(access.org.id);
  return access;
}

export interface AuditInput {
  action: string;
  recordType: string;
  recordId: string;
  incidentId?: string | null;
  before?: object | null;
  after?: object | null;
}

/** Writes one audit event in the caller's transaction. */
export async function audit(
  tx: Store,
  ctx: RequestContext,
  org: Organization,
  at: string,
  e: AuditInput,
): Promise<void> {
  await tx.audit.insert({
    id: newId(),
    organizationId: org.id,
    at,
    actor: principalLabel(ctx.principal),
    action: e.action,
    recordType: e.recordType,
    recordId: e.recordId,
    incidentId: e.incidentId ?? null,
    before: stripInternal(e.before ?? null),
    after: stripInternal(e.after ?? null),
    requestId: ctx.requestId ?? null,
  });
}

/** Audit rows keep the business fields, not the tenant id repeated on every record. */
function stripInternal(o: object | null): Record<string, unknown> | null {
  if (!o) return null;
  const { organizationId: _org, ...rest } = o as Record<string, unknown>;
  return rest;
}

/** Options every create use case accepts. */
export interface CreateOptions {
  /** `Idempotency-Key` header: a retry with the same key and body returns the first result. */
  idempotencyKey?: string | undefined;
  /** A hash of the request body, to refuse the same key reused for a different request. */
  requestHash?: string | undefined;
}

export interface Created<T> {
  record: T;
  /** True when this was a retry answered from the first request's result. */
  replayed: boolean;
}

/**
 * Runs a create inside `tx` under an idempotency key: the key is claimed in the same transaction
 * as the insert, so a retry or a concurrent duplicate returns the first record instead of creating
 * a second. Without a key, just creates.
 * @throws AppError `idempotency_key_reused` when the key was used for a different request.
 */
export async function idempotentCreate<T>(
  tx: Store,
  ctx: RequestContext,
  org: Organization,
  opts: CreateOptions,
  recordType: string,
  at: string,
  create: (id: string) => Promise<T>,
  load: (id: string) => Promise<T>,
): Promise<Created<T>> {
  const id = newId();
  if (!opts.idempotencyKey) return { record: await create(id), replayed: false };
  const key = {
    organizationId: org.id,
    principal: principalKey(ctx.principal),
    key: opts.idempotencyKey,
  };
  const claimed = await tx.idempotency.claim({
    ...key,
    requestHash: opts.requestHash ?? '',
    recordType,
    recordId: id,
    createdAt: at,
  });
  if (claimed) return { record: await create(id), replayed: false };
  const first = await tx.idempotency.find(key.organizationId, key.principal, key.key);
  if (!first) throw new AppError('conflict', 'a request with this Idempotency-Key is in progress; retry');
  if (first.recordType !== recordType || first.requestHash !== (opts.requestHash ?? '')) {
    throw new AppError(
      'idempotency_key_reused',
      'this Idempotency-Key was already used for a different request; use a new key',
    );
  }
  return { record: await load(first.recordId), replayed: true };
}

/** What an update expects to change: a version, or a version of a named record (an ETag). */
export type Expected = number | { id: string; version: number } | undefined;

/**
 * Checks the caller's expected version (from `If-Match`) against the stored record.
 * @throws AppError `stale`.
 */
export function assertVersion(current: { id: string; version: number }, expected: Expected): void {
  if (expected === undefined) return;
  const version = typeof expected === 'number' ? expected : expected.version;
  const sameRecord = typeof expected === 'number' || expected.id === current.id;
  if (!sameRecord || version !== current.version) throw staleError();
}

/** The record moved on between the caller's read and this write. */
export function staleError(): AppError {
  return new AppError(
    'stale',
    'the record was changed by someone else since you loaded it; reload it and apply your change again',
  );
}

/** Normalizes an ISO timestamp with any offset to UTC with milliseconds. */
export function canonicalTimestamp(v: string): string {
  return new Date(v).toISOString();
}

/** A due value: a calendar date means the end of that day in UTC. */
export function canonicalDue(v: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T23:59:59.999Z` : canonicalTimestamp(v);
}

export function optionalTimestamp(v: string | null | undefined): string | null | undefined {
  return v === undefined ? undefined : v === null ? null : canonicalTimestamp(v);
}

export function optionalDue(v: string | null | undefined): string | null | undefined {
  return v === undefined ? undefined : v === null ? null : canonicalDue(v);
}

/** Decodes a page cursor or refuses it. */
export function cursorId(cursor: string | undefined): string | undefined {
  const id = decodeCursor(cursor);
  if (id === null) throw invalid('query.cursor', 'is not a cursor this API issued');
  return id;
}

/** Returns `value` unless the patch leaves it undefined. */
export function pick<T>(patchValue: T | undefined, current: T): T {
  return patchValue === undefined ? current : patchValue;
}
