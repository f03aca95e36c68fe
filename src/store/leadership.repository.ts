import type { Selectable } from 'kysely';
import type { LeadershipActivity } from '../domain/leadership.ts';
import type { LeadershipKind } from '../shared/enums.ts';
import type { Dialect } from './dialects/dialect.ts';
import { bool, ts } from './map.ts';
import type { Db } from './store.ts';
import type { LeadershipActivitiesTable } from './tables.ts';

function toActivity(r: Selectable<LeadershipActivitiesTable>): LeadershipActivity {
  return {
    id: r.id,
    organizationId: r.organization_id,
    incidentId: r.incident_id,
    kind: r.kind as LeadershipKind,
    leader: r.leader,
    audience: r.audience,
    occurredAt: ts(r.occurred_at),
    summary: r.summary,
    isPublic: bool(r.is_public),
    version: r.version,
    createdAt: ts(r.created_at),
    updatedAt: ts(r.updated_at),
  };
}

/** The leadership engagement log. */
export class LeadershipRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  private row(a: LeadershipActivity) {
    return {
      organization_id: a.organizationId,
      id: a.id,
      incident_id: a.incidentId,
      kind: a.kind,
      leader: a.leader,
      audience: a.audience,
      occurred_at: a.occurredAt,
      summary: a.summary,
      is_public: this.dialect.bool(a.isPublic),
      version: a.version,
      created_at: a.createdAt,
      updated_at: a.updatedAt,
    };
  }

  async insert(a: LeadershipActivity): Promise<void> {
    await this.db.insertInto('leadership_activities').values(this.row(a)).execute();
  }

  async find(organizationId: string, id: string): Promise<LeadershipActivity | undefined> {
    const r = await this.db
      .selectFrom('leadership_activities')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toActivity(r);
  }

  /** In the order they happened. */
  async listByIncident(organizationId: string, incidentId: string): Promise<LeadershipActivity[]> {
    const rows = await this.db
      .selectFrom('leadership_activities')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('incident_id', '=', incidentId)
      .orderBy('occurred_at')
      .orderBy('id')
      .execute();
    return rows.map(toActivity);
  }

  async listAll(organizationId: string): Promise<LeadershipActivity[]> {
    const rows = await this.db
      .selectFrom('leadership_activities')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .orderBy('id')
      .execute();
    return rows.map(toActivity);
  }

  async update(next: LeadershipActivity): Promise<boolean> {
    const { organization_id, id, created_at: _created, ...fields } = this.row(next);
    const r = await this.db
      .updateTable('leadership_activities')
      .set(fields)
      .where('organization_id', '=', organization_id)
      .where('id', '=', id)
      .where('version', '=', next.version - 1)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
