import type { Selectable } from 'kysely';
import type { AuditEvent } from '../domain/audit.ts';
import type { Dialect } from './dialects/dialect.ts';
import { jsonOrNull, toJsonOrNull, ts } from './map.ts';
import type { Page, PageRequest } from './page.ts';
import { toPage } from './page.ts';
import type { Db } from './store.ts';
import type { AuditEventsTable } from './tables.ts';

export type { AuditEvent };

export interface AuditFilter {
  recordType?: string | undefined;
  recordId?: string | undefined;
  incidentId?: string | undefined;
}

function toEvent(r: Selectable<AuditEventsTable>): AuditEvent {
  return {
    id: r.id,
    organizationId: r.organization_id,
    at: ts(r.at),
    actor: { kind: r.actor_kind as AuditEvent['actor']['kind'], id: r.actor_id, label: r.actor_label },
    action: r.action,
    recordType: r.record_type,
    recordId: r.record_id,
    incidentId: r.incident_id,
    before: jsonOrNull(r.before),
    after: jsonOrNull(r.after),
    requestId: r.request_id,
  };
}

/** The append-only audit trail. There is no update or delete. */
export class AuditRepository {
  constructor(
    private readonly db: Db,
    _dialect: Dialect,
  ) {}

  async insert(e: AuditEvent): Promise<void> {
    await this.db
      .insertInto('audit_events')
      .values({
        organization_id: e.organizationId,
        id: e.id,
        at: e.at,
        actor_kind: e.actor.kind,
        actor_id: e.actor.id,
        actor_label: e.actor.label,
        action: e.action,
        record_type: e.recordType,
        record_id: e.recordId,
        incident_id: e.incidentId,
        before: toJsonOrNull(e.before),
        after: toJsonOrNull(e.after),
        request_id: e.requestId,
      })
      .execute();
  }

  /** Newest first. */
  async list(
    organizationId: string,
    filter: AuditFilter,
    page: PageRequest & { afterId?: string | undefined },
  ): Promise<Page<AuditEvent>> {
    const rows = await this.db
      .selectFrom('audit_events')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .$if(filter.recordType !== undefined, (q) => q.where('record_type', '=', filter.recordType!))
      .$if(filter.recordId !== undefined, (q) => q.where('record_id', '=', filter.recordId!))
      .$if(filter.incidentId !== undefined, (q) => q.where('incident_id', '=', filter.incidentId!))
      .$if(page.afterId !== undefined, (q) => q.where('id', '<', page.afterId!))
      .orderBy('id', 'desc')
      .limit(page.limit + 1)
      .execute();
    return toPage(rows.map(toEvent), page.limit);
  }

  async listAll(organizationId: string): Promise<AuditEvent[]> {
    const rows = await this.db
      .selectFrom('audit_events')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .orderBy('id')
      .execute();
    return rows.map(toEvent);
  }
}
