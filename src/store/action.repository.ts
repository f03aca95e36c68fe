import type { Selectable } from 'kysely';
import type { CorrectiveAction, Verification } from '../domain/action.ts';
import type { ActionKind, ActionStatus, RepairLogic, TrustDimension } from '../shared/enums.ts';
import type { Dialect } from './dialects/dialect.ts';
import { bool, json, jsonOrNull, toJson, toJsonOrNull, ts, tsOrNull } from './map.ts';
import type { Db } from './store.ts';
import type { CorrectiveActionsTable } from './tables.ts';

function toAction(r: Selectable<CorrectiveActionsTable>, rootCauseIds: string[]): CorrectiveAction {
  return {
    id: r.id,
    organizationId: r.organization_id,
    incidentId: r.incident_id,
    title: r.title,
    description: r.description,
    kind: r.kind as ActionKind,
    repairLogic: r.repair_logic as RepairLogic,
    dimensions: json<TrustDimension[]>(r.dimensions),
    rootCauseIds,
    owner: r.owner,
    sponsor: r.sponsor,
    dueAt: tsOrNull(r.due_at),
    status: r.status as ActionStatus,
    statusReason: r.status_reason,
    startedAt: tsOrNull(r.started_at),
    doneAt: tsOrNull(r.done_at),
    verifiedAt: tsOrNull(r.verified_at),
    verificationMethod: r.verification_method,
    verification: jsonOrNull<Verification>(r.verification),
    evidence: json<string[]>(r.evidence),
    isPublic: bool(r.is_public),
    version: r.version,
    createdAt: ts(r.created_at),
    updatedAt: ts(r.updated_at),
  };
}

/** Corrective actions and the root causes they address. */
export class ActionRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  private row(a: CorrectiveAction) {
    return {
      organization_id: a.organizationId,
      id: a.id,
      incident_id: a.incidentId,
      title: a.title,
      description: a.description,
      kind: a.kind,
      repair_logic: a.repairLogic,
      dimensions: toJson(a.dimensions),
      owner: a.owner,
      sponsor: a.sponsor,
      due_at: a.dueAt,
      status: a.status,
      status_reason: a.statusReason,
      started_at: a.startedAt,
      done_at: a.doneAt,
      verified_at: a.verifiedAt,
      verification_method: a.verificationMethod,
      verification: toJsonOrNull(a.verification),
      evidence: toJson(a.evidence),
      is_public: this.dialect.bool(a.isPublic),
      version: a.version,
      created_at: a.createdAt,
      updated_at: a.updatedAt,
    };
  }

  private async writeLinks(a: CorrectiveAction): Promise<void> {
    await this.db
      .deleteFrom('action_root_causes')
      .where('organization_id', '=', a.organizationId)
      .where('action_id', '=', a.id)
      .execute();
    if (a.rootCauseIds.length > 0) {
      await this.db
        .insertInto('action_root_causes')
        .values(
          a.rootCauseIds.map((rc) => ({
            organization_id: a.organizationId,
            action_id: a.id,
            root_cause_id: rc,
          })),
        )
        .execute();
    }
  }

  private async hydrate(organizationId: string, rows: Selectable<CorrectiveActionsTable>[]) {
    if (rows.length === 0) return [];
    const links = await this.db
      .selectFrom('action_root_causes')
      .select(['action_id', 'root_cause_id'])
      .where('organization_id', '=', organizationId)
      .where(
        'action_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('root_cause_id')
      .execute();
    const byAction = new Map<string, string[]>();
    for (const l of links) byAction.set(l.action_id, [...(byAction.get(l.action_id) ?? []), l.root_cause_id]);
    return rows.map((r) => toAction(r, byAction.get(r.id) ?? []));
  }

  async insert(a: CorrectiveAction): Promise<void> {
    await this.db.insertInto('corrective_actions').values(this.row(a)).execute();
    await this.writeLinks(a);
  }

  async find(organizationId: string, id: string): Promise<CorrectiveAction | undefined> {
    const r = await this.db
      .selectFrom('corrective_actions')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && (await this.hydrate(organizationId, [r]))[0];
  }

  /** Oldest first. */
  async listByIncident(organizationId: string, incidentId: string): Promise<CorrectiveAction[]> {
    const rows = await this.db
      .selectFrom('corrective_actions')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('incident_id', '=', incidentId)
      .orderBy('id')
      .execute();
    return this.hydrate(organizationId, rows);
  }

  async listAll(organizationId: string): Promise<CorrectiveAction[]> {
    const rows = await this.db
      .selectFrom('corrective_actions')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .orderBy('id')
      .execute();
    return this.hydrate(organizationId, rows);
  }

  /** Status and due date of every action of the given incidents, for list summaries. */
  async statusesByIncident(
    organizationId: string,
    incidentIds: string[],
  ): Promise<{ incidentId: string; status: ActionStatus; dueAt: string | null }[]> {
    if (incidentIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('corrective_actions')
      .select(['incident_id', 'status', 'due_at'])
      .where('organization_id', '=', organizationId)
      .where('incident_id', 'in', incidentIds)
      .execute();
    return rows.map((r) => ({
      incidentId: r.incident_id,
      status: r.status as ActionStatus,
      dueAt: tsOrNull(r.due_at),
    }));
  }

  /** Optimistic update, links included; false when the stored version moved on. */
  async update(next: CorrectiveAction): Promise<boolean> {
    const { organization_id, id, created_at: _created, ...fields } = this.row(next);
    const r = await this.db
      .updateTable('corrective_actions')
      .set(fields)
      .where('organization_id', '=', organization_id)
      .where('id', '=', id)
      .where('version', '=', next.version - 1)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    await this.writeLinks(next);
    return true;
  }
}
