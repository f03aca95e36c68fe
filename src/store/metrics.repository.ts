import type { ExpressionBuilder, RawBuilder, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { MetricAlert } from '../domain/metric-alert.ts';
import type { CommitmentStatus } from '../shared/enums.ts';
import type { Dialect } from './dialects/dialect.ts';
import { epochSeconds } from './dialects/time.ts';
import { ts, tsOrNull } from './map.ts';
import type { Page, PageRequest } from './page.ts';
import { toPage } from './page.ts';
import type { Db } from './store.ts';
import type { MetricAlertsTable } from './tables.ts';

/**
 * The measurement aggregates, in SQL on both databases. Every query returns additive sufficient
 * statistics (counts, sums, sums of squares) grouped by a **phase** (`b`: before the split, the
 * baseline; `c`: from the split on) and a **period** (`Dialect.dateBucket`), so the service can add
 * periods into windows and weeks without loading a single response, feedback item or case.
 */

/** The time range and split every aggregate is asked for. */
export interface MetricsWindow {
  organizationId: string;
  /** Only this incident's records, plus records tied to no incident; null: the whole organization. */
  incidentId: string | null;
  /** Inclusive start (the baseline window's start). */
  from: string;
  /** Records before this belong to phase `b`, the rest to `c`. */
  split: string;
  /** Exclusive end. */
  to: string;
  interval: 'day' | 'week';
  /**
   * `to` is the present: the current hour may be read whole from the hourly rollups (nothing is
   * stamped after the present), so a window ending now reads no raw rows at its end.
   */
  openEnd?: boolean;
}

/** One group of a survey histogram: answers of one question with one value in one period. */
export interface AnswerBucket {
  surveyId: string;
  questionId: string;
  phase: 'b' | 'c';
  period: string;
  value: number;
  n: number;
}

/** Respondent-level sums of one scale (its items, reverse-keyed scored as 8 − x), per survey and period. */
export interface ScaleBucket {
  surveyId: string;
  phase: 'b' | 'c';
  period: string;
  /** Complete responses (every item answered). */
  n: number;
  /** Σ and Σ² of the respondents' total scores. */
  total: { sum: number; sumSquares: number };
  /** Σ and Σ² of each item's score, in the order of `items`. */
  items: { sum: number; sumSquares: number }[];
}

/** Feedback counts per phase, period, audience and sentiment (null: not analysed yet). */
export interface SentimentBucket {
  phase: 'b' | 'c';
  period: string;
  audience: string;
  sentiment: string | null;
  n: number;
}

/** A survey wave in scope: its audience and instrument. */
export interface SurveyRef {
  id: string;
  audience: string;
  wave: string;
  instrumentId: string;
  instrumentVersion: number;
}

/** Case counts of one phase. */
export interface CaseWindowCounts {
  opened: number;
  resolved: number;
}

/** A dated record for the annotations (statements, actions, commitments). */
export interface DatedRecord {
  id: string;
  label: string;
  at: string | null;
  kind: string;
}

type AnyEb = ExpressionBuilder<any, any>;

function num(v: unknown): number {
  return v === null || v === undefined ? 0 : Number(v);
}

function toAlert(r: Selectable<MetricAlertsTable>): MetricAlert {
  return {
    organizationId: r.organization_id,
    id: r.id,
    incidentId: r.incident_id === '' ? null : r.incident_id,
    metric: r.metric,
    detector: r.detector as MetricAlert['detector'],
    period: r.period,
    value: Number(r.value),
    threshold: Number(r.threshold),
    message: r.message,
    raisedAt: ts(r.raised_at),
    acknowledgedAt: tsOrNull(r.acknowledged_at),
    acknowledgedBy: r.acknowledged_by,
  };
}

/** Aggregates for the dashboard and the early-warning sweep, and the metric alerts. */
export class MetricsRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  private phase(column: string, split: string): RawBuilder<string> {
    return sql<string>`case when ${sql.ref(column)} < ${this.dialect.typed(split, 'timestamp')} then 'b' else 'c' end`;
  }

  private incidentScope(eb: AnyEb, column: string, incidentId: string | null) {
    return incidentId === null ? eb.lit(true) : eb.or([eb(column, '=', incidentId), eb(column, 'is', null)]);
  }

  /** Survey waves of the organization in scope (this incident's and those tied to none). */
  async surveys(
    organizationId: string,
    incidentId: string | null,
    audience: string | null,
  ): Promise<SurveyRef[]> {
    const rows = await this.db
      .selectFrom('surveys')
      .select(['id', 'audience', 'wave', 'instrument_id', 'instrument_version'])
      .where('organization_id', '=', organizationId)
      .where((eb) => this.incidentScope(eb, 'incident_id', incidentId))
      .$if(audience !== null, (q) => q.where('audience', '=', audience!))
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      audience: r.audience,
      wave: r.wave,
      instrumentId: r.instrument_id,
      instrumentVersion: r.instrument_version,
    }));
  }

  /** The question lists of the instrument versions named. */
  async instrumentQuestions(
    organizationId: string,
    versions: { instrumentId: string; number: number }[],
  ): Promise<{ instrumentId: string; number: number; questions: unknown }[]> {
    if (versions.length === 0) return [];
    const rows = await this.db
      .selectFrom('survey_instrument_versions')
      .select(['instrument_id', 'number', 'questions'])
      .where('organization_id', '=', organizationId)
      .where((eb) =>
        eb.or(
          versions.map((v) =>
            eb.and([eb('instrument_id', '=', v.instrumentId), eb('number', '=', v.number)]),
          ),
        ),
      )
      .execute();
    return rows.map((r) => ({
      instrumentId: r.instrument_id,
      number: r.number,
      questions: typeof r.questions === 'string' ? JSON.parse(r.questions) : r.questions,
    }));
  }

  /** Feedback items per period and theme, received in [from, to) (whole organization). */
  async themeVolumes(
    organizationId: string,
    from: string,
    to: string,
    interval: 'day' | 'week',
  ): Promise<{ period: string; theme: string; n: number }[]> {
    const period = this.dialect.dateBucket('f.created_at', interval);
    const rows = await this.db
      .selectFrom('feedback_themes as t')
      .innerJoin('feedback as f', (j) =>
        j.onRef('f.organization_id', '=', 't.organization_id').onRef('f.id', '=', 't.feedback_id'),
      )
      .where('t.organization_id', '=', organizationId)
      .where('f.created_at', '>=', from)
      .where('f.created_at', '<', to)
      .select([period.as('period'), 't.theme', sql<number>`count(*)`.as('n')])
      .groupBy([sql`1`, 't.theme'])
      .execute();
    return rows.map((r) => ({ period: String(r.period), theme: r.theme, n: num(r.n) }));
  }

  /** Cases opened per period in [from, to) (the complaint volume). */
  async caseVolume(w: MetricsWindow): Promise<{ phase: 'b' | 'c'; period: string; n: number }[]> {
    const period = this.dialect.dateBucket('created_at', w.interval);
    const rows = await this.db
      .selectFrom('cases')
      .where('organization_id', '=', w.organizationId)
      .where((eb) => this.incidentScope(eb, 'incident_id', w.incidentId))
      .where('created_at', '>=', w.from)
      .where('created_at', '<', w.to)
      .select([
        this.phase('created_at', w.split).as('phase'),
        period.as('period'),
        sql<number>`count(*)`.as('n'),
      ])
      .groupBy([sql`1`, sql`2`])
      .execute();
    return rows.map((r) => ({ phase: r.phase as 'b' | 'c', period: String(r.period), n: num(r.n) }));
  }

  /**
   * Durations (hours) from opening to resolution of resolved cases opened in [from, to) (of one
   * incident, or of the whole organization when `incidentId` is null — as CaseRepository.metrics), at the
   * given 1-based ranks of the ascending order: the order statistics a median interval needs.
   */
  async resolutionHoursAtRanks(
    organizationId: string,
    incidentId: string | null,
    from: string,
    to: string,
    ranks: number[],
  ): Promise<number[]> {
    if (ranks.length === 0) return [];
    const duration = sql<number>`(${epochSeconds(this.dialect, sql.ref('resolved_at'))} - ${epochSeconds(this.dialect, sql.ref('created_at'))}) / 3600.0`;
    // One sort for every rank asked: number the resolved cases by duration, keep the ranks wanted.
    const ordered = this.db
      .selectFrom('cases')
      .where('organization_id', '=', organizationId)
      .$if(incidentId !== null, (q) => q.where('incident_id', '=', incidentId!))
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .where('resolved_at', 'is not', null)
      .select([duration.as('h'), sql<number>`row_number() over (order by ${duration})`.as('rk')]);
    const rows = await this.db
      .selectFrom(ordered.as('o'))
      .select(['o.h', 'o.rk'])
      .where('o.rk', 'in', [...new Set(ranks)])
      .execute();
    const at = new Map(rows.map((r) => [Number(r.rk), Number(r.h)]));
    return ranks.map((rank) => at.get(rank) ?? Number.NaN);
  }

  /** Durations in days from creation to done of the organization's completed actions (realism history). */
  async completedActionDays(organizationId: string): Promise<number[]> {
    const days = sql<number>`(${epochSeconds(this.dialect, sql.ref('done_at'))} - ${epochSeconds(this.dialect, sql.ref('created_at'))}) / 86400.0`;
    const rows = await this.db
      .selectFrom('corrective_actions')
      .where('organization_id', '=', organizationId)
      .where('done_at', 'is not', null)
      .where('status', 'in', ['done', 'verified'])
      .select(days.as('d'))
      .execute();
    return rows.map((r) => Math.max(0, Number(r.d)));
  }

  /** Leadership engagements per phase, for one audience or all. */
  async leadershipCounts(
    w: MetricsWindow,
    audience: string | null,
  ): Promise<{ phase: 'b' | 'c'; n: number }[]> {
    const rows = await this.db
      .selectFrom('leadership_activities')
      .where('organization_id', '=', w.organizationId)
      .$if(w.incidentId !== null, (q) => q.where('incident_id', '=', w.incidentId!))
      .$if(audience !== null, (q) => q.where('audience', 'in', [audience!, 'all']))
      .where('occurred_at', '>=', w.from)
      .where('occurred_at', '<', w.to)
      .select([this.phase('occurred_at', w.split).as('phase'), sql<number>`count(*)`.as('n')])
      .groupBy(sql`1`)
      .execute();
    return rows.map((r) => ({ phase: r.phase as 'b' | 'c', n: num(r.n) }));
  }

  /** Audiences with any survey or feedback in scope (one tab each); feedback from its daily rollup. */
  async audiences(organizationId: string, incidentId: string | null): Promise<string[]> {
    const [a, b] = await Promise.all([
      this.db
        .selectFrom('surveys')
        .select('audience')
        .distinct()
        .where('organization_id', '=', organizationId)
        .where((eb) => this.incidentScope(eb, 'incident_id', incidentId))
        .execute(),
      this.db
        .selectFrom('feedback_rollups')
        .select('audience')
        .where('grain', '=', 'd')
        .where('organization_id', '=', organizationId)
        .$if(incidentId !== null, (q) => q.where('incident_id', 'in', [incidentId!, '']))
        .groupBy('audience')
        .having(sql`sum(n)`, '>', 0)
        .execute(),
    ]);
    return [...new Set([...a, ...b].map((r) => r.audience))].sort();
  }

  /** Published statements of an incident with their first publication time and title. */
  async publishedStatements(organizationId: string, incidentId: string): Promise<DatedRecord[]> {
    const rows = await this.db
      .selectFrom('statements as s')
      .leftJoin('statement_versions as v', (j) =>
        j
          .onRef('v.organization_id', '=', 's.organization_id')
          .onRef('v.statement_id', '=', 's.id')
          .onRef('v.number', '=', 's.published_version'),
      )
      .where('s.organization_id', '=', organizationId)
      .where('s.incident_id', '=', incidentId)
      .where('s.first_published_at', 'is not', null)
      .select(['s.id', 's.kind', 's.first_published_at', 'v.title'])
      .execute();
    return rows.map((r) => ({
      id: r.id,
      label: r.title ?? r.kind,
      at: tsOrNull(r.first_published_at),
      kind: 'statement_published',
    }));
  }

  /** Actions of an incident with their done and verified times. */
  async actionMilestones(
    organizationId: string,
    incidentId: string,
  ): Promise<
    {
      id: string;
      title: string;
      status: string;
      dueAt: string | null;
      doneAt: string | null;
      verifiedAt: string | null;
    }[]
  > {
    const rows = await this.db
      .selectFrom('corrective_actions')
      .where('organization_id', '=', organizationId)
      .where('incident_id', '=', incidentId)
      .select(['id', 'title', 'status', 'due_at', 'done_at', 'verified_at'])
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      dueAt: tsOrNull(r.due_at),
      doneAt: tsOrNull(r.done_at),
      verifiedAt: tsOrNull(r.verified_at),
    }));
  }

  /** Commitments of an incident (optionally one audience), with the fields the dashboard needs. */
  async commitments(
    organizationId: string,
    incidentId: string,
    audience: string | null,
  ): Promise<
    {
      id: string;
      text: string;
      audience: string;
      status: CommitmentStatus;
      dueAt: string | null;
      originalDueAt: string | null;
      owner: string | null;
      verification: string | null;
      keptAt: string | null;
      createdAt: string;
      updatedAt: string;
    }[]
  > {
    const rows = await this.db
      .selectFrom('commitments')
      .where('organization_id', '=', organizationId)
      .where('incident_id', '=', incidentId)
      .$if(audience !== null, (q) => q.where('audience', 'in', [audience!, 'all']))
      .select([
        'id',
        'text',
        'audience',
        'status',
        'due_at',
        'original_due_at',
        'owner',
        'verification',
        'kept_at',
        'created_at',
        'updated_at',
      ])
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      text: r.text,
      audience: r.audience,
      status: r.status as CommitmentStatus,
      dueAt: tsOrNull(r.due_at),
      originalDueAt: tsOrNull(r.original_due_at),
      owner: r.owner,
      verification: r.verification,
      keptAt: tsOrNull(r.kept_at),
      createdAt: ts(r.created_at),
      updatedAt: ts(r.updated_at),
    }));
  }

  /** The organization's earliest incident detected in [from, to), if any. */
  async firstIncidentDetected(organizationId: string, from: string, to: string): Promise<string | null> {
    const r = await this.db
      .selectFrom('incidents')
      .where('organization_id', '=', organizationId)
      .where('detected_at', '>=', from)
      .where('detected_at', '<', to)
      .select('detected_at')
      .orderBy('detected_at')
      .limit(1)
      .executeTakeFirst();
    return r ? ts(r.detected_at) : null;
  }

  /** Organizations with any feedback or case since `since`: the alert sweep visits these. */
  async activeOrganizations(since: string): Promise<string[]> {
    const [a, b] = await Promise.all([
      this.db
        .selectFrom('feedback')
        .select('organization_id')
        .distinct()
        .where('created_at', '>=', since)
        .execute(),
      this.db
        .selectFrom('cases')
        .select('organization_id')
        .distinct()
        .where('created_at', '>=', since)
        .execute(),
    ]);
    return [...new Set([...a, ...b].map((r) => r.organization_id))].sort();
  }

  /** Themes linked (as `theme:<name>` targets) to done or verified actions, with when the action was done. */
  async themesOfDoneActions(
    organizationId: string,
  ): Promise<{ theme: string; actionId: string; doneAt: string }[]> {
    const rows = await this.db
      .selectFrom('action_feedback_links as l')
      .innerJoin('corrective_actions as a', (j) =>
        j.onRef('a.organization_id', '=', 'l.organization_id').onRef('a.id', '=', 'l.action_id'),
      )
      .where('l.organization_id', '=', organizationId)
      .where('l.target', 'like', 'theme:%')
      .where('a.status', 'in', ['done', 'verified'])
      .where('a.done_at', 'is not', null)
      .select(['l.target', 'a.id', 'a.done_at'])
      .execute();
    return rows.map((r) => ({
      theme: r.target.slice('theme:'.length),
      actionId: r.id,
      doneAt: ts(r.done_at!),
    }));
  }

  // ---------------------------------------------------------------------------------------------
  // Alerts

  /**
   * Records an alert unless one exists for the same incident, metric, detector and period.
   * @returns whether it was new.
   */
  async insertAlert(a: MetricAlert): Promise<boolean> {
    const r = await this.db
      .insertInto('metric_alerts')
      .values({
        organization_id: a.organizationId,
        id: a.id,
        incident_id: a.incidentId ?? '',
        metric: a.metric,
        detector: a.detector,
        period: a.period,
        value: a.value,
        threshold: a.threshold,
        message: a.message,
        raised_at: a.raisedAt,
        acknowledged_at: a.acknowledgedAt,
        acknowledged_by: a.acknowledgedBy,
      })
      .onConflict((oc) =>
        oc.columns(['organization_id', 'incident_id', 'metric', 'detector', 'period']).doNothing(),
      )
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /** An alert of the organization; undefined when missing or another organization's. */
  async findAlert(organizationId: string, id: string): Promise<MetricAlert | undefined> {
    const r = await this.db
      .selectFrom('metric_alerts')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toAlert(r);
  }

  /** Newest first; `incidentId` null means organization-level alerts, undefined all of them. */
  async listAlerts(
    organizationId: string,
    filter: { incidentId?: string | null | undefined; acknowledged?: boolean | undefined },
    page: PageRequest & { afterId?: string | undefined },
  ): Promise<Page<MetricAlert>> {
    const rows = await this.db
      .selectFrom('metric_alerts')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .$if(filter.incidentId !== undefined, (q) => q.where('incident_id', '=', filter.incidentId ?? ''))
      .$if(filter.acknowledged === true, (q) => q.where('acknowledged_at', 'is not', null))
      .$if(filter.acknowledged === false, (q) => q.where('acknowledged_at', 'is', null))
      .$if(page.afterId !== undefined, (q) => q.where('id', '<', page.afterId!))
      .orderBy('id', 'desc')
      .limit(page.limit + 1)
      .execute();
    return toPage(rows.map(toAlert), page.limit);
  }

  /** Marks an alert acknowledged, once: a second acknowledgement keeps the first. */
  async ackAlert(organizationId: string, id: string, by: string, at: string): Promise<boolean> {
    const r = await this.db
      .updateTable('metric_alerts')
      .set({ acknowledged_by: by, acknowledged_at: at })
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .where('acknowledged_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
