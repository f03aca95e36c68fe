import type { Selectable } from 'kysely';
import type { RootCause } from '../domain/root-cause.ts';
import type { Component, TrustDimension } from '../shared/enums.ts';
import type { Dialect } from './dialects/dialect.ts';
import { bool, json, toJson, ts } from './map.ts';
import type { Db } from './store.ts';
import type { RootCausesTable } from './tables.ts';

function toRootCause(r: Selectable<RootCausesTable>): RootCause {
  return {
    id: r.id,
    organizationId: r.organization_id,
    incidentId: r.incident_id,
    description: r.description,
    component: r.component as Component,
    dimensions: json<TrustDimension[]>(r.dimensions),
    systemic: bool(r.systemic),
    whys: json<string[]>(r.whys),
    independentReview: bool(r.independent_review),
    isPublic: bool(r.is_public),
    version: r.version,
    createdAt: ts(r.created_at),
    updatedAt: ts(r.updated_at),
  };
}

/** Root causes of incidents. */
export class RootCauseRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  private row(c: RootCause) {
    return {
      organization_id: c.organizationId,
      id: c.id,
      incident_id: c.incidentId,
      description: c.description,
      component: c.component,
      dimensions: toJson(c.dimensions),
      systemic: this.dialect.bool(c.systemic),
      whys: toJson(c.whys),
      independent_review: this.dialect.bool(c.independentReview),
      is_public: this.dialect.bool(c.isPublic),
      version: c.version,
      created_at: c.createdAt,
      updated_at: c.updatedAt,
    };
  }

  async insert(c: RootCause): Promise<void> {
    await this.db.insertInto('root_causes').values(this.row(c)).execute();
  }

  async find(organizationId: string, id: string): Promise<RootCause | undefined> {
    const r = await this.db
      .selectFrom('root_causes')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toRootCause(r);
  }

  /** Oldest first: the order in which the diagnosis found them. */
  async listByIncident(organizationId: string, incidentId: string): Promise<RootCause[]> {
    const rows = await this.db
      .selectFrom('root_causes')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('incident_id', '=', incidentId)
      .orderBy('id')
      .execute();
    return rows.map(toRootCause);
  }

  async listAll(organizationId: string): Promise<RootCause[]> {
    const rows = await this.db
      .selectFrom('root_causes')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .orderBy('id')
      .execute();
    return rows.map(toRootCause);
  }

  /** Optimistic update; false when the stored version moved on. */
  async update(next: RootCause): Promise<boolean> {
    const { organization_id, id, created_at: _created, ...fields } = this.row(next);
    const r = await this.db
      .updateTable('root_causes')
      .set(fields)
      .where('organization_id', '=', organization_id)
      .where('id', '=', id)
      .where('version', '=', next.version - 1)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
