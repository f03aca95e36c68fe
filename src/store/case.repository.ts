import type { ExpressionBuilder, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Case, CaseAlert, CaseAlertKind, CaseSeverity, CaseStatus, SlaPolicy } from '../domain/case.ts';
import { CASE_SEVERITIES, OPEN_CASE_STATUSES, targetMs } from '../domain/case.ts';
import type { Dialect } from './dialects/dialect.ts';
import { epochSeconds } from './dialects/time.ts';
import { count, ts, tsOrNull } from './map.ts';
import type { Page, PageRequest } from './page.ts';
import { toPage } from './page.ts';
import type { Db } from './store.ts';
import type { CaseAlertsTable, CasesTable, Database } from './tables.ts';

function toCase(r: Selectable<CasesTable>): Case {
  return {
    organizationId: r.organization_id,
    id: r.id,
    number: r.number,
    incidentId: r.incident_id,
    feedbackId: r.feedback_id,
    title: r.title,
    description: r.description,
    severity: r.severity as CaseSeverity,
    status: r.status as CaseStatus,
    assigneeId: r.assignee_id,
    requesterEmail: r.requester_email,
    requesterName: r.requester_name,
    acknowledgedAt: tsOrNull(r.acknowledged_at),
    resolvedAt: tsOrNull(r.resolved_at),
    closedAt: tsOrNull(r.closed_at),
    resolutionNote: r.resolution_note,
    reopenCount: r.reopen_count,
    createdAt: ts(r.created_at),
    updatedAt: ts(r.updated_at),
    version: r.version,
  };
}

function toAlert(r: Selectable<CaseAlertsTable>): CaseAlert {
  return {
    organizationId: r.organization_id,
    id: r.id,
    caseId: r.case_id,
    kind: r.kind as CaseAlertKind,
    cycle: r.cycle,
    dueAt: ts(r.due_at),
    createdAt: ts(r.created_at),
    ackedBy: r.acked_by,
    ackedAt: tsOrNull(r.acked_at),
  };
}

export interface CaseFilter {
  status?: CaseStatus | undefined;
  severity?: CaseSeverity | undefined;
  /** A user id, or null for unassigned cases. */
  assigneeId?: string | null | undefined;
  incidentId?: string | undefined;
  /** Breached a target (by the policy, at `now`), or not. */
  breached?: boolean | undefined;
}

export interface CaseMetricsFilter {
  incidentId?: string | undefined;
  /** Cases opened at or after this time. */
  from?: string | undefined;
  /** Cases opened before this time. */
  to?: string | undefined;
}

export interface CaseCounts {
  opened: number;
  open: number;
  resolved: number;
  reopened: number;
  met: number;
  breached: number;
}

type CasesEb = ExpressionBuilder<Database, 'cases'>;

/** Cases, their per-organization numbers, and the SLA alerts raised on them. */
export class CaseRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  private row(c: Case) {
    return {
      organization_id: c.organizationId,
      id: c.id,
      number: c.number,
      incident_id: c.incidentId,
      feedback_id: c.feedbackId,
      title: c.title,
      description: c.description,
      severity: c.severity,
      status: c.status,
      assignee_id: c.assigneeId,
      requester_email: c.requesterEmail,
      requester_name: c.requesterName,
      acknowledged_at: c.acknowledgedAt,
      resolved_at: c.resolvedAt,
      closed_at: c.closedAt,
      resolution_note: c.resolutionNote,
      reopen_count: c.reopenCount,
      created_at: c.createdAt,
      updated_at: c.updatedAt,
      version: c.version,
    };
  }

  /**
   * The next case number of an organization. Callers hold the organization's write lock (see
   * AccountRepository.bumpDataVersion), so two cases never draw the same number; the unique
   * constraint is the backstop.
   */
  async nextNumber(organizationId: string): Promise<number> {
    const r = await this.db
      .selectFrom('cases')
      .select((eb) => eb.fn.max('number').as('n'))
      .where('organization_id', '=', organizationId)
      .executeTakeFirst();
    return Number(r?.n ?? 0) + 1;
  }

  /**
   * Inserts a case. A case for a complaint item that has one already is not inserted.
   * @returns whether it was inserted.
   */
  async insert(c: Case): Promise<boolean> {
    const r = await this.db
      .insertInto('cases')
      .values(this.row(c))
      .onConflict((oc) => oc.columns(['organization_id', 'feedback_id']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /** Writes a changed case if nobody changed it meanwhile (its version was `c.version - 1`). */
  async update(c: Case): Promise<boolean> {
    const { organization_id: _o, id: _i, number: _n, created_at: _c, ...fields } = this.row(c);
    const r = await this.db
      .updateTable('cases')
      .set(fields)
      .where('organization_id', '=', c.organizationId)
      .where('id', '=', c.id)
      .where('version', '=', c.version - 1)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** A case of the organization; undefined when missing or another organization's. */
  async find(organizationId: string, id: string): Promise<Case | undefined> {
    const r = await this.db
      .selectFrom('cases')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toCase(r);
  }

  /** The case opened from a feedback item, if any. */
  async findByFeedback(organizationId: string, feedbackId: string): Promise<Case | undefined> {
    const r = await this.db
      .selectFrom('cases')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('feedback_id', '=', feedbackId)
      .executeTakeFirst();
    return r && toCase(r);
  }

  /** A target per severity in whole seconds, as a CASE over the severity column. */
  private targetSeconds(policy: SlaPolicy, kind: 'acknowledge' | 'resolve') {
    const t = this.dialect.typed;
    const secs = (s: CaseSeverity) => t(Math.round(targetMs(policy, s, kind) / 1000), 'integer');
    return sql<number>`case severity when 'critical' then ${secs('critical')} when 'high' then ${secs('high')} when 'medium' then ${secs('medium')} else ${secs('low')} end`;
  }

  /**
   * Breached at `now` under `policy` — the SQL twin of domain slaState().breached: acknowledged
   * (or still unacknowledged) past the acknowledge target, or resolved (or still open) past the
   * resolve target, both counted from the opening.
   */
  private breached(policy: SlaPolicy, now: string) {
    const e = (x: unknown) => epochSeconds(this.dialect, x as never);
    const at = this.dialect.typed(now, 'timestamp');
    const created = e(sql.ref('created_at'));
    return sql<boolean>`((${e(sql`coalesce(acknowledged_at, ${at})`)} - ${created} > ${this.targetSeconds(policy, 'acknowledge')}) or (${e(sql`coalesce(resolved_at, ${at})`)} - ${created} > ${this.targetSeconds(policy, 'resolve')}))`;
  }

  /** Newest first, filtered; `breached` is judged under `policy` at `now`. */
  async list(
    organizationId: string,
    filter: CaseFilter,
    policy: SlaPolicy,
    now: string,
    page: PageRequest & { afterId?: string | undefined },
  ): Promise<Page<Case>> {
    const rows = await this.db
      .selectFrom('cases')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .$if(filter.status !== undefined, (q) => q.where('status', '=', filter.status!))
      .$if(filter.severity !== undefined, (q) => q.where('severity', '=', filter.severity!))
      .$if(filter.assigneeId === null, (q) => q.where('assignee_id', 'is', null))
      .$if(typeof filter.assigneeId === 'string', (q) => q.where('assignee_id', '=', filter.assigneeId!))
      .$if(filter.incidentId !== undefined, (q) => q.where('incident_id', '=', filter.incidentId!))
      .$if(filter.breached === true, (q) => q.where(this.breached(policy, now)))
      .$if(filter.breached === false, (q) => q.where(sql<boolean>`not ${this.breached(policy, now)}`))
      .$if(page.afterId !== undefined, (q) => q.where('id', '<', page.afterId!))
      .orderBy('id', 'desc')
      .limit(page.limit + 1)
      .execute();
    return toPage(rows.map(toCase), page.limit);
  }

  private scoped(eb: CasesEb, organizationId: string, f: CaseMetricsFilter) {
    return eb.and([
      eb('organization_id', '=', organizationId),
      ...(f.incidentId !== undefined ? [eb('incident_id', '=', f.incidentId)] : []),
      ...(f.from !== undefined ? [eb('created_at', '>=', f.from)] : []),
      ...(f.to !== undefined ? [eb('created_at', '<', f.to)] : []),
    ]);
  }

  /**
   * Resolution figures of the cases opened in a period, aggregated in SQL: counts, SLA outcomes
   * (as domain caseMetrics() defines them) and the median time to resolve (the middle row or
   * two of the resolved cases ordered by duration; skipped with `median: false`).
   */
  async metrics(
    organizationId: string,
    filter: CaseMetricsFilter,
    policy: SlaPolicy,
    now: string,
    opts: { median?: boolean } = {},
  ): Promise<{ counts: CaseCounts; medianTimeToResolveMs: number | null }> {
    const breached = this.breached(policy, now);
    const open = sql.join(OPEN_CASE_STATUSES.map((s) => sql.lit(s)));
    const r = await this.db
      .selectFrom('cases')
      .where((eb) => this.scoped(eb, organizationId, filter))
      .select((eb) => [
        eb.fn.countAll().as('opened'),
        sql<number>`coalesce(sum(case when status in (${open}) then 1 else 0 end), 0)`.as('open'),
        sql<number>`coalesce(sum(case when resolved_at is not null then 1 else 0 end), 0)`.as('resolved'),
        sql<number>`coalesce(sum(case when reopen_count > 0 then 1 else 0 end), 0)`.as('reopened'),
        sql<number>`coalesce(sum(case when ${breached} then 1 else 0 end), 0)`.as('breached'),
        sql<number>`coalesce(sum(case when resolved_at is not null and not ${breached} then 1 else 0 end), 0)`.as(
          'met',
        ),
      ])
      .executeTakeFirstOrThrow();
    const counts: CaseCounts = {
      opened: count(r.opened as number),
      open: count(r.open),
      resolved: count(r.resolved),
      reopened: count(r.reopened),
      met: count(r.met),
      breached: count(r.breached),
    };
    let medianTimeToResolveMs: number | null = null;
    if (counts.resolved > 0 && opts.median !== false) {
      const n = counts.resolved;
      const duration = sql<number>`${epochSeconds(this.dialect, sql.ref('resolved_at'))} - ${epochSeconds(this.dialect, sql.ref('created_at'))}`;
      const middle = await this.db
        .selectFrom('cases')
        .where((eb) => this.scoped(eb, organizationId, filter))
        .where('resolved_at', 'is not', null)
        .select(duration.as('seconds'))
        .orderBy(duration)
        .limit(n % 2 === 1 ? 1 : 2)
        .offset(Math.floor((n - 1) / 2))
        .execute();
      const secs = middle.map((m) => Number(m.seconds));
      medianTimeToResolveMs = Math.round((secs.reduce((a, b) => a + b, 0) / secs.length) * 1000);
    }
    return { counts, medianTimeToResolveMs };
  }

  /** Organizations with at least one open case: the SLA sweep visits these. */
  async organizationsWithOpenCases(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('cases')
      .select('organization_id')
      .distinct()
      .where('status', 'in', [...OPEN_CASE_STATUSES])
      .execute();
    return rows.map((r) => r.organization_id);
  }

  /**
   * Open cases of an organization past a due time under `policy` at `now` that have not had the
   * matching alert in their current cycle. Cut-offs are computed here, so the query compares
   * columns with bound timestamps only.
   */
  async listAlertCandidates(organizationId: string, policy: SlaPolicy, now: string): Promise<Case[]> {
    const nowMs = Date.parse(now);
    const cutoff = (s: CaseSeverity, kind: 'acknowledge' | 'resolve') =>
      new Date(nowMs - targetMs(policy, s, kind)).toISOString();
    const notAlerted = (eb: CasesEb, kind: CaseAlertKind) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('case_alerts as a')
            .select(sql`1`.as('one'))
            .whereRef('a.organization_id', '=', 'cases.organization_id')
            .whereRef('a.case_id', '=', 'cases.id')
            .whereRef('a.cycle', '=', 'cases.reopen_count')
            .where('a.kind', '=', kind),
        ),
      );
    const rows = await this.db
      .selectFrom('cases')
      .selectAll('cases')
      .where('cases.organization_id', '=', organizationId)
      .where('cases.status', 'in', [...OPEN_CASE_STATUSES])
      .where((eb) =>
        eb.or([
          eb.and([
            eb('cases.acknowledged_at', 'is', null),
            eb.or(
              CASE_SEVERITIES.map((s) =>
                eb.and([eb('cases.severity', '=', s), eb('cases.created_at', '<', cutoff(s, 'acknowledge'))]),
              ),
            ),
            notAlerted(eb, 'ack_breach'),
          ]),
          eb.and([
            eb.or(
              CASE_SEVERITIES.map((s) =>
                eb.and([eb('cases.severity', '=', s), eb('cases.created_at', '<', cutoff(s, 'resolve'))]),
              ),
            ),
            notAlerted(eb, 'resolve_breach'),
          ]),
        ]),
      )
      .orderBy('cases.created_at')
      .execute();
    return rows.map(toCase);
  }

  /**
   * Records an alert unless one exists for the same case, kind and cycle.
   * @returns whether it was new.
   */
  async insertAlert(a: CaseAlert): Promise<boolean> {
    const r = await this.db
      .insertInto('case_alerts')
      .values({
        organization_id: a.organizationId,
        id: a.id,
        case_id: a.caseId,
        kind: a.kind,
        cycle: a.cycle,
        due_at: a.dueAt,
        created_at: a.createdAt,
        acked_by: a.ackedBy,
        acked_at: a.ackedAt,
      })
      .onConflict((oc) => oc.columns(['organization_id', 'case_id', 'kind', 'cycle']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /** An alert of the organization; undefined when missing or another organization's. */
  async findAlert(organizationId: string, id: string): Promise<CaseAlert | undefined> {
    const r = await this.db
      .selectFrom('case_alerts')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toAlert(r);
  }

  /** Newest first; `acked: false` gives the alerts nobody has picked up yet. */
  async listAlerts(
    organizationId: string,
    filter: { caseId?: string | undefined; acked?: boolean | undefined },
    page: PageRequest & { afterId?: string | undefined },
  ): Promise<Page<CaseAlert>> {
    const rows = await this.db
      .selectFrom('case_alerts')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .$if(filter.caseId !== undefined, (q) => q.where('case_id', '=', filter.caseId!))
      .$if(filter.acked === true, (q) => q.where('acked_at', 'is not', null))
      .$if(filter.acked === false, (q) => q.where('acked_at', 'is', null))
      .$if(page.afterId !== undefined, (q) => q.where('id', '<', page.afterId!))
      .orderBy('id', 'desc')
      .limit(page.limit + 1)
      .execute();
    return toPage(rows.map(toAlert), page.limit);
  }

  /** Marks an alert acknowledged, once: a second acknowledgement keeps the first. */
  async ackAlert(organizationId: string, id: string, by: string, at: string): Promise<boolean> {
    const r = await this.db
      .updateTable('case_alerts')
      .set({ acked_by: by, acked_at: at })
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .where('acked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
