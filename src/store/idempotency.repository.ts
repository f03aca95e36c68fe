import type { Dialect } from './dialects/dialect.ts';
import type { Db } from './store.ts';

export interface IdempotencyRecord {
  organizationId: string;
  principal: string;
  key: string;
  requestHash: string;
  recordType: string;
  recordId: string;
  createdAt: string;
}

/** Idempotency keys of create requests, scoped to an organization and a principal. */
export class IdempotencyRepository {
  constructor(
    private readonly db: Db,
    _dialect: Dialect,
  ) {}

  async find(organizationId: string, principal: string, key: string): Promise<IdempotencyRecord | undefined> {
    const r = await this.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('principal', '=', principal)
      .where('key', '=', key)
      .executeTakeFirst();
    return (
      r && {
        organizationId: r.organization_id,
        principal: r.principal,
        key: r.key,
        requestHash: r.request_hash,
        recordType: r.record_type,
        recordId: r.record_id,
        createdAt: String(r.created_at),
      }
    );
  }

  /**
   * Claims a key inside the caller's transaction.
   * @returns false when the key already exists (another request holds or completed it).
   */
  async claim(rec: IdempotencyRecord): Promise<boolean> {
    // ON CONFLICT DO NOTHING rather than catching the violation: on PostgreSQL a failed insert
    // would abort the caller's transaction. A concurrent claim waits for the first to commit.
    const r = await this.db
      .insertInto('idempotency_keys')
      .values({
        organization_id: rec.organizationId,
        principal: rec.principal,
        key: rec.key,
        request_hash: rec.requestHash,
        record_type: rec.recordType,
        record_id: rec.recordId,
        created_at: rec.createdAt,
      })
      .onConflict((oc) => oc.columns(['organization_id', 'principal', 'key']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }
}
