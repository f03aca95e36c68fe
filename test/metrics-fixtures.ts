import type { Kysely } from 'kysely';
import type { Database } from '../src/store/tables.ts';
import { newId } from '../src/store/ids.ts';
import type { Question } from '../src/domain/survey.ts';
import { addFeedbackRollups, addResponseRollups, feedbackKey } from '../src/store/rollup.repository.ts';
import type { Services } from '../src/container.ts';
import type { MetricAlert } from '../src/domain/metric-alert.ts';

/**
 * Direct inserts for measurement tests: records with chosen timestamps (the services stamp "now"),
 * so baseline and post-incident windows can be filled with known values. Each insert also adds to
 * the daily rollups, as the repositories' writers do.
 */

type Db = Kysely<Database>;

export const TEST_QUESTIONS = [
  { id: 'nps', type: 'nps', text: 'Recommend?', required: true },
  { id: 'csat', type: 'csat', text: 'Satisfied?', required: true },
  { id: 'ces', type: 'ces', text: 'Easy?', required: true },
  { id: 'in1', type: 'agreement', text: 'Truthful', required: true, dimension: 'integrity' },
  { id: 'in2', type: 'agreement', text: 'Fair', required: true, dimension: 'integrity' },
  {
    id: 'in4',
    type: 'agreement',
    text: 'Bends rules',
    required: true,
    dimension: 'integrity',
    reverse: true,
  },
];

/** An instrument (one version with TEST_QUESTIONS). @returns its id. */
export async function insertInstrument(db: Db, orgId: string, bool: (b: boolean) => boolean | number) {
  void bool;
  const id = newId();
  const at = '2024-01-01T00:00:00.000Z';
  await db
    .insertInto('survey_instruments')
    .values({
      organization_id: orgId,
      id,
      key: `test-${id}`,
      name: 'Test',
      description: null,
      current_version: 1,
      version: 1,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await db
    .insertInto('survey_instrument_versions')
    .values({
      organization_id: orgId,
      instrument_id: id,
      number: 1,
      questions: JSON.stringify(TEST_QUESTIONS),
      content_hash: id,
      created_at: at,
    })
    .execute();
  return id;
}

/** A survey wave. @returns its id. */
export async function insertSurvey(
  db: Db,
  orgId: string,
  instrumentId: string,
  o: { incidentId: string | null; audience: string; wave: string },
  bool: (b: boolean) => boolean | number,
) {
  const id = newId();
  const at = '2024-01-01T00:00:00.000Z';
  await db
    .insertInto('surveys')
    .values({
      organization_id: orgId,
      id,
      incident_id: o.incidentId,
      title: o.wave,
      audience: o.audience,
      wave: o.wave,
      instrument_id: instrumentId,
      instrument_version: 1,
      anonymous: bool(false),
      status: 'open',
      opens_at: null,
      closes_at: null,
      edit_window_minutes: 0,
      reminder_hours: '[]',
      opened_at: at,
      closed_at: null,
      version: 1,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return id;
}

/** One response with numeric answers per question id. */
export async function insertResponse(
  db: Db,
  orgId: string,
  surveyId: string,
  at: string,
  answers: Record<string, number>,
  bool: (b: boolean) => boolean | number,
) {
  const id = newId();
  await db
    .insertInto('survey_responses')
    .values({
      organization_id: orgId,
      survey_id: surveyId,
      id,
      respondent_key: id,
      contact_consent: bool(false),
      submitted_at: at,
      updated_at: at,
      editable_until: at,
      edits: 0,
    })
    .execute();
  await db
    .insertInto('survey_answers')
    .values(
      Object.entries(answers).map(([q, v]) => ({
        organization_id: orgId,
        survey_id: surveyId,
        question_id: q,
        response_id: id,
        choice: '',
        value: v,
        text: null,
      })),
    )
    .execute();
  const version = await db
    .selectFrom('surveys as s')
    .innerJoin('survey_instrument_versions as v', (j) =>
      j
        .onRef('v.organization_id', '=', 's.organization_id')
        .onRef('v.instrument_id', '=', 's.instrument_id')
        .onRef('v.number', '=', 's.instrument_version'),
    )
    .select('v.questions')
    .where('s.organization_id', '=', orgId)
    .where('s.id', '=', surveyId)
    .executeTakeFirstOrThrow();
  const questions = (
    typeof version.questions === 'string' ? JSON.parse(version.questions) : version.questions
  ) as Question[];
  await addResponseRollups(
    db,
    { organizationId: orgId, surveyId, responseId: id, submittedAt: at },
    questions,
    1,
  );
}

/** A feedback item with a sentiment and optional themes. */
export async function insertFeedback(
  db: Db,
  orgId: string,
  o: { at: string; sentiment: string; audience?: string; incidentId?: string | null; themes?: string[] },
  bool: (b: boolean) => boolean | number,
) {
  const id = newId();
  await db
    .insertInto('feedback')
    .values({
      organization_id: orgId,
      id,
      incident_id: o.incidentId ?? null,
      channel: 'form',
      audience: o.audience ?? 'customers',
      text: 'feedback',
      ratings: '{}',
      contact_email: null,
      contact_name: null,
      consent: bool(false),
      source: null,
      source_id: null,
      client_hash: null,
      redacted: bool(false),
      sentiment: o.sentiment,
      sentiment_score: null,
      language: 'en',
      themes: JSON.stringify(o.themes ?? []),
      analysed_at: o.at,
      loop_closed_at: null,
      created_at: o.at,
      version: 1,
      conversation_id: null,
    })
    .execute();
  await addFeedbackRollups(
    db,
    [
      feedbackKey({
        organization_id: orgId,
        id,
        incident_id: o.incidentId ?? null,
        audience: o.audience ?? 'customers',
        sentiment: o.sentiment,
        created_at: o.at,
      }),
    ],
    1,
  );
  for (const theme of o.themes ?? []) {
    await db
      .insertInto('feedback_themes')
      .values({ organization_id: orgId, feedback_id: id, theme })
      .execute();
  }
  return id;
}

/** A corrective action with chosen creation, due and done times. */
export async function insertAction(
  db: Db,
  orgId: string,
  incidentId: string,
  o: { createdAt: string; dueAt?: string | null; doneAt?: string | null; title?: string },
  bool: (b: boolean) => boolean | number,
) {
  const id = newId();
  await db
    .insertInto('corrective_actions')
    .values({
      organization_id: orgId,
      id,
      incident_id: incidentId,
      title: o.title ?? 'Action',
      description: null,
      kind: 'process',
      repair_logic: 'structural',
      dimensions: '[]',
      owner: null,
      sponsor: null,
      due_at: o.dueAt ?? null,
      status: o.doneAt ? 'done' : 'planned',
      status_reason: null,
      started_at: null,
      done_at: o.doneAt ?? null,
      verified_at: null,
      verification_method: null,
      verification: null,
      evidence: '[]',
      is_public: bool(false),
      version: 1,
      created_at: o.createdAt,
      updated_at: o.doneAt ?? o.createdAt,
    })
    .execute();
  return id;
}

/** A commitment with chosen dates and status. */
export async function insertCommitment(
  db: Db,
  orgId: string,
  incidentId: string,
  o: { text: string; createdAt: string; dueAt: string | null; status: string; keptAt?: string | null },
  bool: (b: boolean) => boolean | number,
) {
  const id = newId();
  await db
    .insertInto('commitments')
    .values({
      organization_id: orgId,
      id,
      incident_id: incidentId,
      text: o.text,
      audience: 'customers',
      due_at: o.dueAt,
      original_due_at: o.dueAt,
      owner: 'Ops',
      verification: 'audit',
      source: null,
      kind: 'promise',
      source_statement_id: null,
      manual_outcome: null,
      manual_kept_at: null,
      explanation: null,
      due_history: '[]',
      evidence: '[]',
      is_public: bool(true),
      status: o.status,
      kept_at: o.keptAt ?? null,
      version: 1,
      created_at: o.createdAt,
      updated_at: o.keptAt ?? o.createdAt,
    })
    .execute();
  return id;
}

/** A metric alert of an organization, stored directly (the sweep needs weeks of data). */
export async function insertTestAlert(s: Services, orgSlug: string, over: Partial<MetricAlert> = {}) {
  const org = (await s.store.accounts.findOrganizationBySlug(orgSlug))!;
  const alert: MetricAlert = {
    organizationId: org.id,
    id: newId(),
    incidentId: null,
    metric: 'complaints.volume',
    detector: 'ewma',
    period: `2025-01-${String(1 + Math.floor(Math.random() * 28)).padStart(2, '0')}-${newId().slice(-6)}`,
    value: 9,
    threshold: 2,
    message: 'Complaint volume rose above its usual level.',
    raisedAt: new Date().toISOString(),
    acknowledgedAt: null,
    acknowledgedBy: null,
    ...over,
  };
  await s.store.metrics.insertAlert(alert);
  return alert;
}

/** A complaint case opened at `at` (numbers drawn by the caller). */
export async function insertCase(db: Db, orgId: string, number: number, at: string) {
  await db
    .insertInto('cases')
    .values({
      organization_id: orgId,
      id: newId(),
      number,
      incident_id: null,
      feedback_id: null,
      title: `Complaint ${number}`,
      description: null,
      severity: 'medium',
      status: 'new',
      assignee_id: null,
      requester_email: null,
      requester_name: null,
      acknowledged_at: null,
      resolved_at: null,
      closed_at: null,
      resolution_note: null,
      reopen_count: 0,
      created_at: at,
      updated_at: at,
      version: 1,
    })
    .execute();
}

/** Many feedback items at once: `count` items at `at`, the first `negative` of them negative. */
export async function insertFeedbackBatch(
  db: Db,
  orgId: string,
  at: string,
  count: number,
  negative: number,
  bool: (b: boolean) => boolean | number,
) {
  const rows = Array.from({ length: count }, (_, i) => ({
    organization_id: orgId,
    id: newId(),
    incident_id: null,
    channel: 'form',
    audience: 'customers',
    text: 'feedback',
    ratings: '{}',
    contact_email: null,
    contact_name: null,
    consent: bool(false),
    source: null,
    source_id: null,
    client_hash: null,
    redacted: bool(false),
    sentiment: i < negative ? 'negative' : 'neutral',
    sentiment_score: null,
    language: 'en',
    themes: '[]',
    analysed_at: at,
    loop_closed_at: null,
    created_at: at,
    version: 1,
    conversation_id: null,
  }));
  await db.insertInto('feedback').values(rows).execute();
  await addFeedbackRollups(db, rows.map(feedbackKey), 1);
}
