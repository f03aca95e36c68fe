import type { Selectable } from 'kysely';
import type { Commitment, DueChange, ManualOutcome } from '../domain/commitment.ts';
import type { CommitmentStatus } from '../shared/enums.ts';
import type { Dialect } from './dialects/dialect.ts';
import { bool, json, toJson, ts, tsOrNull } from './map.ts';
import type { Db } from './store.ts';
import type { CommitmentsTable } from './tables.ts';

function toCommitment(r: Selectable<CommitmentsTable>, actionIds: string[]): Commitment {
  return {
    id: r.id,
    organizationId: r.organization_id,
    incidentId: r.incident_id,
    text: r.text,
    audience: r.audience,
    dueAt: tsOrNull(r.due_at),
    originalDueAt: tsOrNull(r.original_due_at),
    owner: r.owner,
    verification: r.verification,
    source: r.source,
    kind: r.kind as Commitment['kind'],
    sourceStatementId: r.source_statement_id,
    actionIds,
    manualOutcome: r.manual_outcome as ManualOutcome | null,
    manualKeptAt: tsOrNull(r.manual_kept_at),
    explanation: r.explanation,
    dueHistory: json<DueChange[]>(r.due_history),
    evidence: json<string[]>(r.evidence),
    isPublic: bool(r.is_public),
    status: r.status as CommitmentStatus,
    keptAt: tsOrNull(r.kept_at),
    version: r.version,
    createdAt: ts(r.created_at),
    updatedAt: ts(r.updated_at),
  };
}

/** The fields the say–do summary needs. */
export type CommitmentDigest = Pick<
  Commitment,
  'incidentId' | 'status' | 'dueAt' | 'originalDueAt' | 'owner' | 'verification'
>;

/** Commitments (public promises) and the actions that fulfil them. */
export class CommitmentRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  private row(c: Commitment) {
    return {
      organization_id: c.organizationId,
      id: c.id,
      incident_id: c.incidentId,
      text: c.text,
      audience: c.audience,
      due_at: c.dueAt,
      original_due_at: c.originalDueAt,
      owner: c.owner,
      verification: c.verification,
      source: c.source,
      kind: c.kind,
      source_statement_id: c.sourceStatementId,
      manual_outcome: c.manualOutcome,
      manual_kept_at: c.manualKeptAt,
      explanation: c.explanation,
      due_history: toJson(c.dueHistory),
      evidence: toJson(c.evidence),
      is_public: this.dialect.bool(c.isPublic),
      status: c.status,
      kept_at: c.keptAt,
      version: c.version,
      created_at: c.createdAt,
      updated_at: c.updatedAt,
    };
  }

  private async writeLinks(c: Commitment): Promise<void> {
    await this.db
      .deleteFrom('commitment_actions')
      .where('organization_id', '=', c.organizationId)
      .where('commitment_id', '=', c.id)
      .execute();
    if (c.actionIds.length > 0) {
      await this.db
        .insertInto('commitment_actions')
        .values(
          c.actionIds.map((a) => ({ organization_id: c.organizationId, commitment_id: c.id, action_id: a })),
        )
        .execute();
    }
  }

  private async hydrate(organizationId: string, rows: Selectable<CommitmentsTable>[]) {
    if (rows.length === 0) return [];
    const links = await this.db
      .selectFrom('commitment_actions')
      .select(['commitment_id', 'action_id'])
      .where('organization_id', '=', organizationId)
      .where(
        'commitment_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('action_id')
      .execute();
    const byCommitment = new Map<string, string[]>();
    for (const l of links) {
      byCommitment.set(l.commitment_id, [...(byCommitment.get(l.commitment_id) ?? []), l.action_id]);
    }
    return rows.map((r) => toCommitment(r, byCommitment.get(r.id) ?? []));
  }

  async insert(c: Commitment): Promise<void> {
    await this.db.insertInto('commitments').values(this.row(c)).execute();
    await this.writeLinks(c);
  }

  async find(organizationId: string, id: string): Promise<Commitment | undefined> {
    const r = await this.db
      .selectFrom('commitments')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && (await this.hydrate(organizationId, [r]))[0];
  }

  /** Oldest first. */
  async listByIncident(organizationId: string, incidentId: string): Promise<Commitment[]> {
    const rows = await this.db
      .selectFrom('commitments')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('incident_id', '=', incidentId)
      .orderBy('id')
      .execute();
    return this.hydrate(organizationId, rows);
  }

  async listAll(organizationId: string): Promise<Commitment[]> {
    const rows = await this.db
      .selectFrom('commitments')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .orderBy('id')
      .execute();
    return this.hydrate(organizationId, rows);
  }

  /** Commitments that name `actionId` among their fulfilling actions. */
  async listByAction(organizationId: string, actionId: string): Promise<Commitment[]> {
    const rows = await this.db
      .selectFrom('commitments')
      .selectAll('commitments')
      .innerJoin('commitment_actions', (j) =>
        j
          .onRef('commitment_actions.organization_id', '=', 'commitments.organization_id')
          .onRef('commitment_actions.commitment_id', '=', 'commitments.id'),
      )
      .where('commitments.organization_id', '=', organizationId)
      .where('commitment_actions.action_id', '=', actionId)
      .orderBy('commitments.id')
      .execute();
    return this.hydrate(organizationId, rows);
  }

  /** Say–do inputs for many incidents at once (all of the organization when `incidentIds` is undefined). */
  async digests(organizationId: string, incidentIds?: string[]): Promise<CommitmentDigest[]> {
    if (incidentIds && incidentIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('commitments')
      .select(['incident_id', 'status', 'due_at', 'original_due_at', 'owner', 'verification'])
      .where('organization_id', '=', organizationId)
      .$if(incidentIds !== undefined, (q) => q.where('incident_id', 'in', incidentIds!))
      .execute();
    return rows.map((r) => ({
      incidentId: r.incident_id,
      status: r.status as CommitmentStatus,
      dueAt: tsOrNull(r.due_at),
      originalDueAt: tsOrNull(r.original_due_at),
      owner: r.owner,
      verification: r.verification,
    }));
  }

  /** Optimistic update, links included; false when the stored version moved on. */
  async update(next: Commitment): Promise<boolean> {
    const { organization_id, id, created_at: _created, ...fields } = this.row(next);
    const r = await this.db
      .updateTable('commitments')
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
