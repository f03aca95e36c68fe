import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type {
  Answer,
  AnswerCount,
  GroupSize,
  Instrument,
  InstrumentVersion,
  Question,
  Survey,
  SurveyStatus,
  WaveKind,
} from '../domain/survey.ts';
import type { Dialect } from './dialects/dialect.ts';
import { bool, count, json, toJson, ts, tsOrNull } from './map.ts';
import type { Page, PageRequest } from './page.ts';
import { toPage } from './page.ts';
import { addFeedbackRollups, addResponseRollups, feedbackKey } from './rollup.repository.ts';
import type { Db } from './store.ts';
import type { SurveyInstrumentsTable, SurveyRecipientsTable, SurveysTable } from './tables.ts';

/** Rows per INSERT: SQLite binds at most 32,766 parameters per statement. */
const CHUNK = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Recipient {
  organizationId: string;
  surveyId: string;
  id: string;
  email: string;
  segments: Record<string, string>;
  invitedAt: string | null;
  remindedAt: string | null;
  reminderStep: number;
  respondedAt: string | null;
}

export interface StoredResponse {
  organizationId: string;
  surveyId: string;
  id: string;
  respondentKey: string;
  contactConsent: boolean;
  submittedAt: string;
  updatedAt: string;
  editableUntil: string;
  edits: number;
}

export interface RecipientCounts {
  recipients: number;
  invited: number;
  responded: number;
}

function toInstrument(r: Selectable<SurveyInstrumentsTable>): Instrument {
  return {
    organizationId: r.organization_id,
    id: r.id,
    key: r.key,
    name: r.name,
    description: r.description,
    currentVersion: r.current_version,
    version: r.version,
    createdAt: ts(r.created_at),
    updatedAt: ts(r.updated_at),
  };
}

function toSurvey(r: Selectable<SurveysTable>): Survey {
  return {
    organizationId: r.organization_id,
    id: r.id,
    incidentId: r.incident_id,
    title: r.title,
    audience: r.audience,
    wave: r.wave as WaveKind,
    instrumentId: r.instrument_id,
    instrumentVersion: r.instrument_version,
    anonymous: bool(r.anonymous),
    status: r.status as SurveyStatus,
    opensAt: tsOrNull(r.opens_at),
    closesAt: tsOrNull(r.closes_at),
    editWindowMinutes: r.edit_window_minutes,
    reminderHours: json<number[]>(r.reminder_hours),
    openedAt: tsOrNull(r.opened_at),
    closedAt: tsOrNull(r.closed_at),
    version: r.version,
    createdAt: ts(r.created_at),
    updatedAt: ts(r.updated_at),
  };
}

function toRecipient(r: Selectable<SurveyRecipientsTable>): Recipient {
  return {
    organizationId: r.organization_id,
    surveyId: r.survey_id,
    id: r.id,
    email: r.email,
    segments: json<Record<string, string>>(r.segments),
    invitedAt: tsOrNull(r.invited_at),
    remindedAt: tsOrNull(r.reminded_at),
    reminderStep: r.reminder_step,
    respondedAt: tsOrNull(r.responded_at),
  };
}

/**
 * Instruments and their versions, waves, recipients, responses and answers; the set-based
 * invitation and reminder enqueueing; and the aggregate queries results are computed from.
 */
export class SurveyRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  // Instruments ---------------------------------------------------------------------------------

  async insertInstrument(i: Instrument): Promise<void> {
    await this.db
      .insertInto('survey_instruments')
      .values({
        organization_id: i.organizationId,
        id: i.id,
        key: i.key,
        name: i.name,
        description: i.description,
        current_version: i.currentVersion,
        version: i.version,
        created_at: i.createdAt,
        updated_at: i.updatedAt,
      })
      .execute();
  }

  async updateInstrument(i: Instrument): Promise<void> {
    await this.db
      .updateTable('survey_instruments')
      .set({
        name: i.name,
        description: i.description,
        current_version: i.currentVersion,
        version: i.version,
        updated_at: i.updatedAt,
      })
      .where('organization_id', '=', i.organizationId)
      .where('id', '=', i.id)
      .execute();
  }

  /** By id, or by key (`amends-trust`). */
  async findInstrument(organizationId: string, ref: string): Promise<Instrument | undefined> {
    const r = await this.db
      .selectFrom('survey_instruments')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where(UUID.test(ref) ? 'id' : 'key', '=', ref)
      .executeTakeFirst();
    return r && toInstrument(r);
  }

  async listInstruments(organizationId: string): Promise<Instrument[]> {
    const rows = await this.db
      .selectFrom('survey_instruments')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .orderBy('key')
      .execute();
    return rows.map(toInstrument);
  }

  async insertVersion(v: InstrumentVersion): Promise<void> {
    await this.db
      .insertInto('survey_instrument_versions')
      .values({
        organization_id: v.organizationId,
        instrument_id: v.instrumentId,
        number: v.number,
        questions: toJson(v.questions),
        content_hash: v.contentHash,
        created_at: v.createdAt,
      })
      .execute();
  }

  /** Rewrites a version no wave uses yet. */
  async rewriteVersion(v: InstrumentVersion): Promise<void> {
    await this.db
      .updateTable('survey_instrument_versions')
      .set({ questions: toJson(v.questions), content_hash: v.contentHash })
      .where('organization_id', '=', v.organizationId)
      .where('instrument_id', '=', v.instrumentId)
      .where('number', '=', v.number)
      .execute();
  }

  async findVersion(
    organizationId: string,
    instrumentId: string,
    number: number,
  ): Promise<InstrumentVersion | undefined> {
    const r = await this.db
      .selectFrom('survey_instrument_versions')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('instrument_id', '=', instrumentId)
      .where('number', '=', number)
      .executeTakeFirst();
    return (
      r && {
        organizationId: r.organization_id,
        instrumentId: r.instrument_id,
        number: r.number,
        questions: json<Question[]>(r.questions),
        contentHash: r.content_hash,
        createdAt: ts(r.created_at),
      }
    );
  }

  /** Version numbers of an instrument with how many waves pin each. */
  async listVersions(
    organizationId: string,
    instrumentId: string,
  ): Promise<{ number: number; contentHash: string; createdAt: string; waves: number }[]> {
    const rows = await this.db
      .selectFrom('survey_instrument_versions as v')
      .leftJoin('surveys as s', (j) =>
        j
          .onRef('s.organization_id', '=', 'v.organization_id')
          .onRef('s.instrument_id', '=', 'v.instrument_id')
          .onRef('s.instrument_version', '=', 'v.number'),
      )
      .select(['v.number', 'v.content_hash', 'v.created_at', (eb) => eb.fn.count('s.id').as('waves')])
      .where('v.organization_id', '=', organizationId)
      .where('v.instrument_id', '=', instrumentId)
      .groupBy(['v.number', 'v.content_hash', 'v.created_at'])
      .orderBy('v.number')
      .execute();
    return rows.map((r) => ({
      number: r.number,
      contentHash: r.content_hash,
      createdAt: ts(r.created_at),
      waves: count(r.waves as number),
    }));
  }

  async isVersionUsed(organizationId: string, instrumentId: string, number: number): Promise<boolean> {
    const r = await this.db
      .selectFrom('surveys')
      .select('id')
      .where('organization_id', '=', organizationId)
      .where('instrument_id', '=', instrumentId)
      .where('instrument_version', '=', number)
      .limit(1)
      .executeTakeFirst();
    return r !== undefined;
  }

  // Waves ---------------------------------------------------------------------------------------

  private surveyRow(s: Survey) {
    return {
      organization_id: s.organizationId,
      id: s.id,
      incident_id: s.incidentId,
      title: s.title,
      audience: s.audience,
      wave: s.wave,
      instrument_id: s.instrumentId,
      instrument_version: s.instrumentVersion,
      anonymous: this.dialect.bool(s.anonymous),
      status: s.status,
      opens_at: s.opensAt,
      closes_at: s.closesAt,
      edit_window_minutes: s.editWindowMinutes,
      reminder_hours: toJson(s.reminderHours),
      opened_at: s.openedAt,
      closed_at: s.closedAt,
      version: s.version,
      created_at: s.createdAt,
      updated_at: s.updatedAt,
    };
  }

  async insertSurvey(s: Survey): Promise<void> {
    await this.db.insertInto('surveys').values(this.surveyRow(s)).execute();
  }

  /** Status and schedule changes; the instrument version a wave pins is never updated. */
  async updateSurvey(s: Survey): Promise<void> {
    await this.db
      .updateTable('surveys')
      .set({
        title: s.title,
        status: s.status,
        opens_at: s.opensAt,
        closes_at: s.closesAt,
        edit_window_minutes: s.editWindowMinutes,
        reminder_hours: toJson(s.reminderHours),
        opened_at: s.openedAt,
        closed_at: s.closedAt,
        version: s.version,
        updated_at: s.updatedAt,
      })
      .where('organization_id', '=', s.organizationId)
      .where('id', '=', s.id)
      .execute();
  }

  async findSurvey(organizationId: string, id: string): Promise<Survey | undefined> {
    const r = await this.db
      .selectFrom('surveys')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toSurvey(r);
  }

  /** Newest first. */
  async listSurveys(
    organizationId: string,
    filter: { incidentId?: string | undefined; wave?: WaveKind | undefined },
    page: PageRequest & { afterId?: string | undefined },
  ): Promise<Page<Survey>> {
    const rows = await this.db
      .selectFrom('surveys')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .$if(filter.incidentId !== undefined, (q) => q.where('incident_id', '=', filter.incidentId!))
      .$if(filter.wave !== undefined, (q) => q.where('wave', '=', filter.wave!))
      .$if(page.afterId !== undefined, (q) => q.where('id', '<', page.afterId!))
      .orderBy('id', 'desc')
      .limit(page.limit + 1)
      .execute();
    return toPage(rows.map(toSurvey), page.limit);
  }

  // Recipients ----------------------------------------------------------------------------------

  /**
   * Adds recipients in batches; an address already in the wave is skipped.
   * @returns how many were new.
   */
  async insertRecipients(recipients: Recipient[]): Promise<number> {
    let inserted = 0;
    for (let i = 0; i < recipients.length; i += CHUNK) {
      const r = await this.db
        .insertInto('survey_recipients')
        .values(
          recipients.slice(i, i + CHUNK).map((x) => ({
            organization_id: x.organizationId,
            survey_id: x.surveyId,
            id: x.id,
            email: x.email,
            segments: toJson(x.segments),
            invited_at: x.invitedAt,
            reminded_at: x.remindedAt,
            reminder_step: x.reminderStep,
            responded_at: x.respondedAt,
          })),
        )
        .onConflict((oc) => oc.columns(['organization_id', 'survey_id', 'email']).doNothing())
        .executeTakeFirst();
      inserted += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    return inserted;
  }

  async findRecipient(organizationId: string, id: string): Promise<Recipient | undefined> {
    const r = await this.db
      .selectFrom('survey_recipients')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toRecipient(r);
  }

  async recipientCounts(organizationId: string, surveyId: string): Promise<RecipientCounts> {
    const r = await this.db
      .selectFrom('survey_recipients')
      .select((eb) => [
        eb.fn.countAll().as('recipients'),
        eb.fn.count('invited_at').as('invited'),
        eb.fn.count('responded_at').as('responded'),
      ])
      .where('organization_id', '=', organizationId)
      .where('survey_id', '=', surveyId)
      .executeTakeFirstOrThrow();
    return {
      recipients: count(r.recipients as number),
      invited: count(r.invited as number),
      responded: count(r.responded as number),
    };
  }

  /** Marks a recipient as having answered: the flag reminders read (coarsened in anonymous waves). */
  async markResponded(organizationId: string, recipientId: string, at: string): Promise<void> {
    await this.db
      .updateTable('survey_recipients')
      .set({ responded_at: at })
      .where('organization_id', '=', organizationId)
      .where('id', '=', recipientId)
      .where('responded_at', 'is', null)
      .execute();
  }

  private enqueue(
    organizationId: string,
    surveyId: string,
    sourceType: 'survey_invite' | 'survey_reminder',
    keyPrefix: string,
    keySuffix: string,
    version: number,
    now: string,
    where: (q: any) => any,
  ) {
    const t = this.dialect.typed;
    return this.db
      .insertInto('deliveries')
      .columns([
        'organization_id',
        'id',
        'source_type',
        'source_id',
        'source_version',
        'channel',
        'recipient',
        'status',
        'attempts',
        'next_attempt_at',
        'created_at',
        'updated_at',
      ])
      .expression(
        where(
          this.db
            .selectFrom('survey_recipients as r')
            .select([
              'r.organization_id',
              sql<string>`${t(keyPrefix, 'text')} || r.id || ${t(keySuffix, 'text')}`.as('id'),
              t(sourceType, 'text').as('source_type'),
              'r.id as source_id',
              t(version, 'integer').as('source_version'),
              t('email', 'text').as('channel'),
              'r.email',
              t('pending', 'text').as('status'),
              t(0, 'integer').as('attempts'),
              t(now, 'timestamp').as('next_attempt_at'),
              t(now, 'timestamp').as('created_at'),
              t(now, 'timestamp').as('updated_at'),
            ])
            .where('r.organization_id', '=', organizationId)
            .where('r.survey_id', '=', surveyId),
        ),
      )
      .onConflict((oc) => oc.columns(['organization_id', 'id']).doNothing())
      .executeTakeFirst();
  }

  /**
   * Queues one invitation per recipient not yet invited and marks them invited: one INSERT …
   * SELECT and one UPDATE, whatever the number of recipients. Keyed `survey_invite:<recipient>`,
   * so a repeat queues nothing twice.
   * @returns how many were queued.
   */
  async enqueueInvitations(organizationId: string, surveyId: string, now: string): Promise<number> {
    const r = await this.enqueue(
      organizationId,
      surveyId,
      'survey_invite',
      'survey_invite:',
      '',
      1,
      now,
      (q) => q.where('r.invited_at', 'is', null),
    );
    await this.db
      .updateTable('survey_recipients')
      .set({ invited_at: now })
      .where('organization_id', '=', organizationId)
      .where('survey_id', '=', surveyId)
      .where('invited_at', 'is', null)
      .execute();
    return Number(r.numInsertedOrUpdatedRows ?? 0);
  }

  /**
   * Queues reminder step `step` (1-based) to everyone invited before `invitedBefore` who has not
   * answered and has not had this step yet, and records the step. Keyed
   * `survey_reminder:<recipient>:<step>`: once per person and step.
   * @returns how many were queued.
   */
  async enqueueReminders(
    organizationId: string,
    surveyId: string,
    step: number,
    invitedBefore: string,
    now: string,
  ): Promise<number> {
    const due = (q: any) =>
      q
        .where('r.invited_at', '<=', invitedBefore)
        .where('r.responded_at', 'is', null)
        .where('r.reminder_step', '<', step);
    const r = await this.enqueue(
      organizationId,
      surveyId,
      'survey_reminder',
      'survey_reminder:',
      `:${step}`,
      step,
      now,
      due,
    );
    await this.db
      .updateTable('survey_recipients')
      .set({ reminder_step: step, reminded_at: now })
      .where('organization_id', '=', organizationId)
      .where('survey_id', '=', surveyId)
      .where('invited_at', '<=', invitedBefore)
      .where('responded_at', 'is', null)
      .where('reminder_step', '<', step)
      .execute();
    return Number(r.numInsertedOrUpdatedRows ?? 0);
  }

  /** Open waves (for the scheduled reminder pass), across organizations. */
  async listOpen(): Promise<Survey[]> {
    const rows = await this.db.selectFrom('surveys').selectAll().where('status', '=', 'open').execute();
    return rows.map(toSurvey);
  }

  // Responses -----------------------------------------------------------------------------------

  async findResponse(
    organizationId: string,
    surveyId: string,
    respondentKey: string,
  ): Promise<StoredResponse | undefined> {
    const r = await this.db
      .selectFrom('survey_responses')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('survey_id', '=', surveyId)
      .where('respondent_key', '=', respondentKey)
      .executeTakeFirst();
    return (
      r && {
        organizationId: r.organization_id,
        surveyId: r.survey_id,
        id: r.id,
        respondentKey: r.respondent_key,
        contactConsent: bool(r.contact_consent),
        submittedAt: ts(r.submitted_at),
        updatedAt: ts(r.updated_at),
        editableUntil: ts(r.editable_until),
        edits: r.edits,
      }
    );
  }

  /**
   * Writes a first response. The unique (wave, respondent) key makes a concurrent second first
   * submission insert nothing.
   * @returns false when a response for this respondent exists already.
   */
  async insertResponse(r: StoredResponse, segments: Record<string, string>): Promise<boolean> {
    const res = await this.db
      .insertInto('survey_responses')
      .values({
        organization_id: r.organizationId,
        survey_id: r.surveyId,
        id: r.id,
        respondent_key: r.respondentKey,
        contact_consent: this.dialect.bool(r.contactConsent),
        submitted_at: r.submittedAt,
        updated_at: r.updatedAt,
        editable_until: r.editableUntil,
        edits: r.edits,
      })
      .onConflict((oc) => oc.columns(['organization_id', 'survey_id', 'respondent_key']).doNothing())
      .executeTakeFirst();
    if (Number(res.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
    const entries = Object.entries(segments);
    if (entries.length > 0) {
      await this.db
        .insertInto('survey_response_segments')
        .values(
          entries.map(([key, value]) => ({
            organization_id: r.organizationId,
            survey_id: r.surveyId,
            response_id: r.id,
            key,
            value,
          })),
        )
        .execute();
    }
    return true;
  }

  /** Records an edit made inside the window. */
  async touchResponse(
    organizationId: string,
    id: string,
    at: string,
    contactConsent: boolean,
  ): Promise<void> {
    await this.db
      .updateTable('survey_responses')
      .set((eb) => ({
        updated_at: at,
        contact_consent: this.dialect.bool(contactConsent),
        edits: eb('edits', '+', 1),
      }))
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .execute();
  }

  /**
   * Replaces every answer of a response, and its contribution to the daily rollups (the old
   * answers taken out, the new ones added: `submittedAt` is the response's, `questions` its
   * instrument version's).
   */
  async replaceAnswers(
    organizationId: string,
    surveyId: string,
    responseId: string,
    answers: Answer[],
    rollup: { submittedAt: string; questions: readonly Question[] },
  ) {
    const key = { organizationId, surveyId, responseId, submittedAt: rollup.submittedAt };
    await addResponseRollups(this.db, key, rollup.questions, -1);
    await this.db
      .deleteFrom('survey_answers')
      .where('organization_id', '=', organizationId)
      .where('response_id', '=', responseId)
      .execute();
    for (let i = 0; i < answers.length; i += CHUNK) {
      await this.db
        .insertInto('survey_answers')
        .values(
          answers.slice(i, i + CHUNK).map((a) => ({
            organization_id: organizationId,
            survey_id: surveyId,
            question_id: a.questionId,
            response_id: responseId,
            choice: a.choice,
            value: a.value,
            text: a.text,
          })),
        )
        .execute();
    }
    await addResponseRollups(this.db, key, rollup.questions, 1);
  }

  async answersOf(organizationId: string, responseId: string): Promise<Answer[]> {
    const rows = await this.db
      .selectFrom('survey_answers')
      .select(['question_id', 'choice', 'value', 'text'])
      .where('organization_id', '=', organizationId)
      .where('response_id', '=', responseId)
      .execute();
    return rows.map((r) => ({ questionId: r.question_id, choice: r.choice, value: r.value, text: r.text }));
  }

  /** Removes the feedback items a response's free text became (before they are written anew). */
  async deleteResponseFeedback(organizationId: string, sourceIds: string[]): Promise<void> {
    if (sourceIds.length === 0) return;
    const gone = await this.db
      .selectFrom('feedback')
      .select(['organization_id', 'id', 'incident_id', 'audience', 'sentiment', 'created_at'])
      .where('organization_id', '=', organizationId)
      .where('source', '=', 'survey')
      .where('source_id', 'in', sourceIds)
      .execute();
    if (gone.length === 0) return;
    await addFeedbackRollups(this.db, gone.map(feedbackKey), -1);
    await this.db
      .deleteFrom('feedback')
      .where('organization_id', '=', organizationId)
      .where('source', '=', 'survey')
      .where('source_id', 'in', sourceIds)
      .execute();
  }

  // Results -------------------------------------------------------------------------------------

  async respondentCount(organizationId: string, surveyId: string): Promise<number> {
    const r = await this.db
      .selectFrom('survey_responses')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('organization_id', '=', organizationId)
      .where('survey_id', '=', surveyId)
      .executeTakeFirstOrThrow();
    return count(r.n as number);
  }

  /** Answers per question × value × option, optionally per value of a segment attribute. */
  async answerCounts(
    organizationId: string,
    surveyId: string,
    segmentKey?: string,
  ): Promise<(AnswerCount & { group: string | null })[]> {
    const rows = await this.db
      .selectFrom('survey_answers as a')
      .$if(segmentKey !== undefined, (q) =>
        q.leftJoin('survey_response_segments as g', (j) =>
          j
            .onRef('g.organization_id', '=', 'a.organization_id')
            .onRef('g.survey_id', '=', 'a.survey_id')
            .onRef('g.response_id', '=', 'a.response_id')
            .on('g.key', '=', segmentKey!),
        ),
      )
      .select([
        'a.question_id',
        'a.choice',
        'a.value',
        (eb) => eb.fn.countAll().as('n'),
        segmentKey !== undefined ? sql<string | null>`g.value`.as('grp') : sql<null>`null`.as('grp'),
      ])
      .where('a.organization_id', '=', organizationId)
      .where('a.survey_id', '=', surveyId)
      .groupBy(['a.question_id', 'a.choice', 'a.value'])
      .$if(segmentKey !== undefined, (q) => q.groupBy(sql`g.value`))
      .execute();
    return rows.map((r) => ({
      questionId: r.question_id,
      choice: r.choice,
      value: r.value === null ? null : Number(r.value),
      n: count(r.n as number),
      group: r.grp,
    }));
  }

  /** People who answered each question, optionally per segment value. */
  async questionRespondents(
    organizationId: string,
    surveyId: string,
    segmentKey?: string,
  ): Promise<{ questionId: string; group: string | null; n: number }[]> {
    const rows = await this.db
      .selectFrom('survey_answers as a')
      .$if(segmentKey !== undefined, (q) =>
        q.leftJoin('survey_response_segments as g', (j) =>
          j
            .onRef('g.organization_id', '=', 'a.organization_id')
            .onRef('g.survey_id', '=', 'a.survey_id')
            .onRef('g.response_id', '=', 'a.response_id')
            .on('g.key', '=', segmentKey!),
        ),
      )
      .select([
        'a.question_id',
        (eb) => eb.fn.count(sql`distinct a.response_id`).as('n'),
        segmentKey !== undefined ? sql<string | null>`g.value`.as('grp') : sql<null>`null`.as('grp'),
      ])
      .where('a.organization_id', '=', organizationId)
      .where('a.survey_id', '=', surveyId)
      .groupBy('a.question_id')
      .$if(segmentKey !== undefined, (q) => q.groupBy(sql`g.value`))
      .execute();
    return rows.map((r) => ({ questionId: r.question_id, group: r.grp, n: count(r.n as number) }));
  }

  /** Respondents per value of a segment attribute (null: people without one). */
  async groupSizes(organizationId: string, surveyId: string, segmentKey: string): Promise<GroupSize[]> {
    const rows = await this.db
      .selectFrom('survey_responses as r')
      .leftJoin('survey_response_segments as g', (j) =>
        j
          .onRef('g.organization_id', '=', 'r.organization_id')
          .onRef('g.survey_id', '=', 'r.survey_id')
          .onRef('g.response_id', '=', 'r.id')
          .on('g.key', '=', segmentKey),
      )
      .select([sql<string | null>`g.value`.as('grp'), (eb) => eb.fn.countAll().as('n')])
      .where('r.organization_id', '=', organizationId)
      .where('r.survey_id', '=', surveyId)
      .groupBy(sql`g.value`)
      .orderBy(sql`g.value`)
      .execute();
    return rows.map((r) => ({ value: r.grp, n: count(r.n as number) }));
  }

  /** The newest free-text answers to a question. */
  async verbatims(organizationId: string, surveyId: string, questionId: string, limit: number) {
    const rows = await this.db
      .selectFrom('survey_answers')
      .select('text')
      .where('organization_id', '=', organizationId)
      .where('survey_id', '=', surveyId)
      .where('question_id', '=', questionId)
      .where('text', 'is not', null)
      .orderBy('response_id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => r.text!);
  }
}
