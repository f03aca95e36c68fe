import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Organization } from '../domain/account.ts';
import type { Delivery } from '../domain/delivery.ts';
import { AppError, invalid, notFound } from '../domain/errors.ts';
import type { Feedback } from '../domain/feedback.ts';
import { redact } from '../domain/feedback.ts';
import type { Incident } from '../domain/incident.ts';
import type {
  Answer,
  Instrument,
  InstrumentVersion,
  Question,
  QuestionResult,
  RawAnswers,
  Survey,
  WaveKind,
} from '../domain/survey.ts';
import {
  AMENDS_TRUST_INSTRUMENT,
  ANONYMITY_THRESHOLD,
  BUILTIN_INSTRUMENT_KEY,
  DEFAULT_EDIT_WINDOW_MINUTES,
  answersOrThrow,
  assertAnswerable,
  decideSubmission,
  linkExpiry,
  questionsHash,
  signToken,
  summarizeQuestion,
  suppressedGroups,
  surveyMove,
  validateQuestions,
  validateSegments,
  verifyToken,
  versionChange,
} from '../domain/survey.ts';
import { newId } from '../store/ids.ts';
import type { Page, PageRequest } from '../store/page.ts';
import type { Store } from '../store/store.ts';
import type { RecipientCounts } from '../store/survey.repository.ts';
import type { CreateOptions, Created, Expected, RequestContext, ServiceDeps } from './common.ts';
import {
  assertVersion,
  audit,
  authorize,
  authorizeWrite,
  canonicalTimestamp,
  cursorId,
  idempotentCreate,
  nowIso,
} from './common.ts';
import { getIncident } from './incident.service.ts';

const SURVEY_LINK_SECRET = 'survey-link-signing';
/** Bulk recipient lists are accepted up to this size per request (inserted in batches). */
export const MAX_RECIPIENTS_PER_REQUEST = 100_000;
/** Free-text answers shown per question in results. */
const VERBATIMS = 50;
/** The scheduled reminder pass runs at most this often per process. */
const REMINDER_PASS_MS = 60_000;

export interface InstrumentInput {
  key: string;
  name: string;
  description?: string | null | undefined;
  questions: Question[];
}

export interface InstrumentPatch {
  name?: string | undefined;
  description?: string | null | undefined;
  questions?: Question[] | undefined;
}

export interface SurveyInput {
  title: string;
  /** Instrument id or key; `amends-trust` names the built-in one (added to the organization on first use). */
  instrument: string;
  /** Defaults to the instrument's current version. */
  instrumentVersion?: number | undefined;
  incident?: string | undefined;
  audience: string;
  wave: WaveKind;
  anonymous?: boolean | undefined;
  opensAt?: string | undefined;
  closesAt?: string | undefined;
  editWindowHours?: number | undefined;
  reminderHours?: number[] | undefined;
}

export interface RecipientInput {
  email: string;
  segments?: Record<string, unknown> | undefined;
}

export interface InstrumentDetail {
  instrument: Instrument;
  questions: Question[];
  versions: { number: number; contentHash: string; createdAt: string; waves: number }[];
}

export interface SurveyDetail {
  survey: Survey;
  counts: RecipientCounts;
}

export interface GroupResult {
  value: string | null;
  /** Null when suppressed: the group is shown only as "fewer than 5". */
  n: number | null;
  suppressed: boolean;
  questions: QuestionResult[];
}

export interface SurveyResults {
  survey: Survey;
  respondents: number;
  invited: number;
  responseRate: number | null;
  /** Anonymous waves with fewer respondents than the threshold show no figures at all. */
  suppressed: boolean;
  threshold: number | null;
  questions: QuestionResult[];
  breakdown: { by: string; groups: GroupResult[] } | null;
}

/** What the public survey page needs. */
export interface SurveyForm {
  org: Organization;
  survey: Survey;
  questions: Question[];
  /** The answers on file, when the response may still be changed. */
  answers: Answer[];
  editableUntil: string | null;
  contactConsent: boolean;
  expiresAt: string;
}

export interface SubmitResult {
  orgName: string;
  created: boolean;
  editableUntil: string;
  responseId: string;
}

/** The e-mail of an invitation or a reminder, as the delivery worker renders it. */
export interface SurveyMessage {
  kind: 'survey';
  reminder: boolean;
  org: Organization;
  survey: Survey;
  incident: Incident | null;
  token: string;
  expiresAt: string;
}

/**
 * Surveys: instruments (versioned), waves, recipients, invitations and reminders by e-mail, the
 * public answer flow behind per-recipient signed links, and results with an anonymity threshold.
 */
export class SurveyService {
  private secret: Promise<string> | undefined;
  private lastReminderPass = 0;

  constructor(private readonly deps: ServiceDeps) {}

  private get store() {
    return this.deps.store;
  }

  private key(): Promise<string> {
    this.secret ??= this.store.secrets.instanceSecret(
      SURVEY_LINK_SECRET,
      () => randomBytes(32).toString('base64url'),
      nowIso(this.deps.clock),
    );
    return this.secret;
  }

  /** The response's key: the recipient, or in anonymous waves a keyed hash nobody can join back. */
  private async respondentKey(survey: Survey, recipientId: string): Promise<string> {
    if (!survey.anonymous) return recipientId;
    return createHmac('sha256', await this.key())
      .update(`respondent:${survey.id}:${recipientId}`)
      .digest('base64url');
  }

  // Instruments -------------------------------------------------------------------------------

  private async getInstrumentOf(tx: Store, org: Organization, ref: string): Promise<Instrument> {
    const i = await tx.surveys.findInstrument(org.id, ref);
    if (!i) throw notFound('instrument');
    return i;
  }

  private async insertInstrument(
    tx: Store,
    org: Organization,
    id: string,
    input: InstrumentInput,
    now: string,
  ): Promise<Instrument> {
    validateQuestions(input.questions);
    if (await tx.surveys.findInstrument(org.id, input.key)) {
      throw new AppError('conflict', `an instrument with the key ${input.key} exists`, [
        { path: 'body.key', message: 'is taken' },
      ]);
    }
    const instrument: Instrument = {
      organizationId: org.id,
      id,
      key: input.key,
      name: input.name,
      description: input.description ?? null,
      currentVersion: 1,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await tx.surveys.insertInstrument(instrument);
    await tx.surveys.insertVersion({
      organizationId: org.id,
      instrumentId: id,
      number: 1,
      questions: input.questions,
      contentHash: questionsHash(input.questions),
      createdAt: now,
    });
    return instrument;
  }

  /** The organization's copy of the built-in instrument, added the first time it is used. */
  private async builtin(tx: Store, ctx: RequestContext, org: Organization, now: string) {
    const found = await tx.surveys.findInstrument(org.id, BUILTIN_INSTRUMENT_KEY);
    if (found) return found;
    const i = await this.insertInstrument(tx, org, newId(), AMENDS_TRUST_INSTRUMENT, now);
    await audit(tx, ctx, org, now, {
      action: 'created',
      recordType: 'instrument',
      recordId: i.id,
      after: { key: i.key, version: 1 },
    });
    return i;
  }

  /**
   * Creates an instrument (version 1), or with `template: 'amends-trust'` the organization's copy
   * of the built-in one.
   * @throws AppError `validation` for bad questions, `conflict` for a taken key.
   */
  async createInstrument(
    ctx: RequestContext,
    orgSlug: string,
    input: InstrumentInput | { template: typeof BUILTIN_INSTRUMENT_KEY },
    opts: CreateOptions = {},
  ): Promise<Created<InstrumentDetail>> {
    return this.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'survey:write');
      const now = nowIso(this.deps.clock);
      const chosen = 'template' in input ? AMENDS_TRUST_INSTRUMENT : input;
      return idempotentCreate(
        tx,
        ctx,
        org,
        opts,
        'instrument',
        now,
        async (id) => {
          const i = await this.insertInstrument(tx, org, id, chosen, now);
          await audit(tx, ctx, org, now, {
            action: 'created',
            recordType: 'instrument',
            recordId: i.id,
            after: { key: i.key, name: i.name, version: 1 },
          });
          return this.detail(tx, i);
        },
        async (id) => this.detail(tx, await this.getInstrumentOf(tx, org, id)),
      );
    });
  }

  private async detail(store: Store, i: Instrument): Promise<InstrumentDetail> {
    const [current, versions] = await Promise.all([
      store.surveys.findVersion(i.organizationId, i.id, i.currentVersion),
      store.surveys.listVersions(i.organizationId, i.id),
    ]);
    return { instrument: i, questions: current?.questions ?? [], versions };
  }

  async listInstruments(ctx: RequestContext, orgSlug: string): Promise<Instrument[]> {
    const { org } = await authorize(this.store, ctx, orgSlug, 'incident:read');
    return this.store.surveys.listInstruments(org.id);
  }

  async getInstrument(ctx: RequestContext, orgSlug: string, ref: string): Promise<InstrumentDetail> {
    const { org } = await authorize(this.store, ctx, orgSlug, 'incident:read');
    return this.detail(this.store, await this.getInstrumentOf(this.store, org, ref));
  }

  /** One frozen version's questions. @throws AppError `not_found`. */
  async getInstrumentVersion(
    ctx: RequestContext,
    orgSlug: string,
    ref: string,
    number: number,
  ): Promise<InstrumentVersion> {
    const { org } = await authorize(this.store, ctx, orgSlug, 'incident:read');
    const i = await this.getInstrumentOf(this.store, org, ref);
    const v = await this.store.surveys.findVersion(org.id, i.id, number);
    if (!v) throw notFound('instrument version');
    return v;
  }

  /**
   * Renames an instrument or changes its questions. Questions a wave already uses are never
   * changed: the change becomes a new version, which later waves pin; a version no wave uses yet
   * is rewritten in place.
   * @throws AppError `validation`, `stale`, `not_found`.
   */
  async updateInstrument(
    ctx: RequestContext,
    orgSlug: string,
    ref: string,
    patch: InstrumentPatch,
    expected: Expected,
  ): Promise<InstrumentDetail> {
    return this.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'survey:write');
      const before = await this.getInstrumentOf(tx, org, ref);
      assertVersion(before, expected);
      const now = nowIso(this.deps.clock);
      let next: Instrument = {
        ...before,
        name: patch.name ?? before.name,
        description: patch.description === undefined ? before.description : patch.description,
      };
      let change: string = 'unchanged';
      if (patch.questions) {
        validateQuestions(patch.questions);
        const current = (await tx.surveys.findVersion(org.id, before.id, before.currentVersion))!;
        const used = await tx.surveys.isVersionUsed(org.id, before.id, before.currentVersion);
        change = versionChange(current, patch.questions, used);
        const version: InstrumentVersion = {
          ...current,
          questions: patch.questions,
          contentHash: questionsHash(patch.questions),
        };
        if (change === 'rewrite') await tx.surveys.rewriteVersion(version);
        if (change === 'new_version') {
          next = { ...next, currentVersion: before.currentVersion + 1 };
          await tx.surveys.insertVersion({ ...version, number: next.currentVersion, createdAt: now });
        }
      }
      next = { ...next, version: before.version + 1, updatedAt: now };
      await tx.surveys.updateInstrument(next);
      await audit(tx, ctx, org, now, {
        action: 'updated',
        recordType: 'instrument',
        recordId: next.id,
        before: { name: before.name, currentVersion: before.currentVersion },
        after: { name: next.name, currentVersion: next.currentVersion, questions: change },
      });
      return this.detail(tx, next);
    });
  }

  // Waves -------------------------------------------------------------------------------------

  private async getSurveyOf(store: Store, org: Organization, id: string): Promise<Survey> {
    const s = await store.surveys.findSurvey(org.id, id);
    if (!s) throw notFound('survey');
    return s;
  }

  /**
   * Creates a wave in draft, pinned to one instrument version for good.
   * @throws AppError `validation` (dates, schedule, unknown version), `not_found` (instrument, incident).
   */
  async createSurvey(
    ctx: RequestContext,
    orgSlug: string,
    input: SurveyInput,
    opts: CreateOptions = {},
  ): Promise<Created<Survey>> {
    return this.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'survey:write');
      const now = nowIso(this.deps.clock);
      const instrument =
        input.instrument === BUILTIN_INSTRUMENT_KEY
          ? await this.builtin(tx, ctx, org, now)
          : await this.getInstrumentOf(tx, org, input.instrument);
      const versionNumber = input.instrumentVersion ?? instrument.currentVersion;
      if (!(await tx.surveys.findVersion(org.id, instrument.id, versionNumber))) {
        throw invalid('body.instrumentVersion', `the instrument has no version ${versionNumber}`);
      }
      const incident = input.incident ? await getIncident(tx, org, input.incident) : null;
      const opensAt = input.opensAt ? canonicalTimestamp(input.opensAt) : null;
      const closesAt = input.closesAt ? canonicalTimestamp(input.closesAt) : null;
      if (closesAt && closesAt <= (opensAt ?? now)) {
        throw invalid('body.closesAt', 'must be after the opening time (and in the future)');
      }
      const reminderHours = [...(input.reminderHours ?? [])];
      if (reminderHours.some((h, i) => i > 0 && h <= reminderHours[i - 1]!)) {
        throw invalid('body.reminderHours', 'must be increasing (hours after the invitation)');
      }
      return idempotentCreate(
        tx,
        ctx,
        org,
        opts,
        'survey',
        now,
        async (id) => {
          const survey: Survey = {
            organizationId: org.id,
            id,
            incidentId: incident?.id ?? null,
            title: input.title,
            audience: input.audience,
            wave: input.wave,
            instrumentId: instrument.id,
            instrumentVersion: versionNumber,
            anonymous: input.anonymous ?? false,
            status: 'draft',
            opensAt,
            closesAt,
            editWindowMinutes:
              input.editWindowHours === undefined
                ? DEFAULT_EDIT_WINDOW_MINUTES
                : Math.round(input.editWindowHours * 60),
            reminderHours,
            openedAt: null,
            closedAt: null,
            version: 1,
            createdAt: now,
            updatedAt: now,
          };
          await tx.surveys.insertSurvey(survey);
          await audit(tx, ctx, org, now, {
            action: 'created',
            recordType: 'survey',
            recordId: id,
            incidentId: survey.incidentId,
            after: survey,
          });
          return survey;
        },
        (id) => this.getSurveyOf(tx, org, id),
      );
    });
  }

  async getSurvey(ctx: RequestContext, orgSlug: string, id: string): Promise<SurveyDetail> {
    const { org } = await authorize(this.store, ctx, orgSlug, 'incident:read');
    const survey = await this.getSurveyOf(this.store, org, id);
    return { survey, counts: await this.store.surveys.recipientCounts(org.id, survey.id) };
  }

  async listSurveys(
    ctx: RequestContext,
    orgSlug: string,
    filter: { incident?: string | undefined; wave?: WaveKind | undefined },
    page: PageRequest,
  ): Promise<Page<Survey>> {
    const { org } = await authorize(this.store, ctx, orgSlug, 'incident:read');
    const incidentId = filter.incident ? (await getIncident(this.store, org, filter.incident)).id : undefined;
    return this.store.surveys.listSurveys(
      org.id,
      { incidentId, wave: filter.wave },
      { ...page, afterId: cursorId(page.cursor) },
    );
  }

  /** Opens or closes a wave. Opening or closing twice changes nothing. @throws AppError `conflict`. */
  async move(ctx: RequestContext, orgSlug: string, id: string, to: 'open' | 'closed'): Promise<Survey> {
    return this.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'survey:write');
      const before = await this.getSurveyOf(tx, org, id);
      if (surveyMove(before.status, to) === 'same') return before;
      const now = nowIso(this.deps.clock);
      const next: Survey = {
        ...before,
        status: to,
        openedAt: to === 'open' ? now : before.openedAt,
        closedAt: to === 'closed' ? now : before.closedAt,
        version: before.version + 1,
        updatedAt: now,
      };
      await tx.surveys.updateSurvey(next);
      await audit(tx, ctx, org, now, {
        action: to === 'open' ? 'opened' : 'closed',
        recordType: 'survey',
        recordId: id,
        incidentId: next.incidentId,
        before: { status: before.status },
        after: { status: to },
      });
      return next;
    });
  }

  /**
   * Adds recipients (e-mail and segment attributes) in batches; an address already in the wave
   * is skipped, so a list can be sent again safely.
   * @throws AppError `validation` (a bad address or attribute, with its index), `conflict` (closed).
   */
  async addRecipients(
    ctx: RequestContext,
    orgSlug: string,
    id: string,
    recipients: RecipientInput[],
  ): Promise<{ added: number; skipped: number }> {
    return this.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'survey:write');
      const survey = await this.getSurveyOf(tx, org, id);
      if (survey.status === 'closed') throw new AppError('conflict', 'the survey is closed');
      const rows = recipients.map((r, i) => ({
        organizationId: org.id,
        surveyId: survey.id,
        id: newId(),
        email: r.email.trim().toLowerCase(),
        segments: validateSegments(r.segments ?? {}, `body.recipients.${i}.segments`),
        invitedAt: null,
        remindedAt: null,
        reminderStep: 0,
        respondedAt: null,
      }));
      const added = await tx.surveys.insertRecipients(rows);
      const now = nowIso(this.deps.clock);
      await audit(tx, ctx, org, now, {
        action: 'recipients_added',
        recordType: 'survey',
        recordId: survey.id,
        incidentId: survey.incidentId,
        after: { added, skipped: recipients.length - added },
      });
      return { added, skipped: recipients.length - added };
    });
  }

  private assertOpenForSending(survey: Survey, now: string): void {
    if (survey.status !== 'open')
      throw new AppError('conflict', `the survey is ${survey.status}; open it first`);
    if (survey.closesAt !== null && now >= survey.closesAt)
      throw new AppError('conflict', 'the survey has closed');
  }

  /**
   * Queues an e-mail invitation with a personal link to every recipient not yet invited.
   * @throws AppError `conflict` unless the wave is open.
   */
  async invite(ctx: RequestContext, orgSlug: string, id: string): Promise<{ queued: number }> {
    return this.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'survey:write');
      const survey = await this.getSurveyOf(tx, org, id);
      const now = nowIso(this.deps.clock);
      this.assertOpenForSending(survey, now);
      const queued = await tx.surveys.enqueueInvitations(org.id, survey.id, now);
      await audit(tx, ctx, org, now, {
        action: 'invitations_queued',
        recordType: 'survey',
        recordId: survey.id,
        incidentId: survey.incidentId,
        after: { queued },
      });
      return { queued };
    });
  }

  /** The reminder steps due now: for each recipient only the latest step reached, once. */
  private async queueDueReminders(tx: Store, survey: Survey, now: string): Promise<number> {
    let queued = 0;
    const nowMs = Date.parse(now);
    for (let step = survey.reminderHours.length; step >= 1; step--) {
      const invitedBefore = new Date(nowMs - survey.reminderHours[step - 1]! * 3_600_000).toISOString();
      queued += await tx.surveys.enqueueReminders(survey.organizationId, survey.id, step, invitedBefore, now);
    }
    return queued;
  }

  /**
   * Queues the reminders the wave's schedule says are due: only to people who have not answered,
   * once per schedule step. The delivery worker also does this on its own, about once a minute.
   * @throws AppError `conflict` unless the wave is open and has a schedule.
   */
  async remind(ctx: RequestContext, orgSlug: string, id: string): Promise<{ queued: number }> {
    return this.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'survey:write');
      const survey = await this.getSurveyOf(tx, org, id);
      const now = nowIso(this.deps.clock);
      this.assertOpenForSending(survey, now);
      if (survey.reminderHours.length === 0) {
        throw new AppError('conflict', 'the survey has no reminder schedule (reminderHours)');
      }
      const queued = await this.queueDueReminders(tx, survey, now);
      await audit(tx, ctx, org, now, {
        action: 'reminders_queued',
        recordType: 'survey',
        recordId: survey.id,
        incidentId: survey.incidentId,
        after: { queued },
      });
      return { queued };
    });
  }

  /**
   * The scheduled pass: due reminders of every open wave, at most once a minute per process.
   * @returns how many were queued.
   */
  async remindDue(force = false): Promise<number> {
    const nowMs = this.deps.clock().getTime();
    if (!force && nowMs - this.lastReminderPass < REMINDER_PASS_MS) return 0;
    this.lastReminderPass = nowMs;
    const now = new Date(nowMs).toISOString();
    let queued = 0;
    for (const survey of await this.store.surveys.listOpen()) {
      if (survey.reminderHours.length === 0 || (survey.closesAt !== null && now >= survey.closesAt)) continue;
      queued += await this.store.transaction((tx) => this.queueDueReminders(tx, survey, now));
    }
    return queued;
  }

  /** What an invitation or reminder delivery sends, or why it is no longer sent. */
  async message(d: Delivery, org: Organization): Promise<SurveyMessage | { cancel: string }> {
    const recipient = await this.store.surveys.findRecipient(org.id, d.sourceId);
    const survey = recipient && (await this.store.surveys.findSurvey(org.id, recipient.surveyId));
    if (!recipient || !survey) return { cancel: 'the survey or recipient no longer exists' };
    const now = nowIso(this.deps.clock);
    if (survey.status !== 'open' || (survey.closesAt !== null && now >= survey.closesAt)) {
      return { cancel: 'the survey is no longer open' };
    }
    const reminder = d.sourceType === 'survey_reminder';
    if (reminder && recipient.respondedAt) return { cancel: 'the recipient has answered' };
    const incident = survey.incidentId
      ? ((await this.store.incidents.find(org.id, survey.incidentId)) ?? null)
      : null;
    const { token, expiresAt } = await this.link(survey, recipient.id, recipient.invitedAt ?? d.createdAt);
    return { kind: 'survey', reminder, org, survey, incident, token, expiresAt };
  }

  /** A recipient's personal link token (the same in the invitation and every reminder). */
  async link(survey: Survey, recipientId: string, invitedAt: string) {
    const expiresAt = linkExpiry(survey, invitedAt);
    const token = signToken(await this.key(), {
      organizationId: survey.organizationId,
      surveyId: survey.id,
      recipientId,
      expiresAt: Math.ceil(Date.parse(expiresAt) / 1000),
    });
    return { token, expiresAt };
  }

  // Answering ---------------------------------------------------------------------------------

  /**
   * Resolves a link: signature, expiry, then the wave and the recipient it names.
   * @throws AppError `validation` (not a link we issue), `not_found` (tampered, or unknown), `gone` (expired).
   */
  private async resolve(store: Store, token: string) {
    const check = verifyToken(await this.key(), token, this.deps.clock().getTime());
    if (!check.ok) {
      if (check.reason === 'malformed') throw invalid('token', 'is not a survey link; copy the whole link');
      if (check.reason === 'expired') throw new AppError('gone', 'this survey link has expired');
      throw new AppError('not_found', 'this survey link is not valid; it may have been copied incompletely');
    }
    const { organizationId, surveyId, recipientId } = check.claims;
    const org = await store.accounts.findOrganizationById(organizationId);
    const survey = org && (await store.surveys.findSurvey(org.id, surveyId));
    const recipient = survey && (await store.surveys.findRecipient(organizationId, recipientId));
    if (!org || !survey || !recipient || recipient.surveyId !== survey.id) {
      throw new AppError('not_found', 'this survey link is not valid');
    }
    const version = await store.surveys.findVersion(org.id, survey.instrumentId, survey.instrumentVersion);
    return {
      org,
      survey,
      recipient,
      questions: version!.questions,
      expiresAt: new Date(check.claims.expiresAt * 1000).toISOString(),
      respondentKey: await this.respondentKey(survey, recipientId),
    };
  }

  /**
   * The form behind a link, with the answers on file while they may still be changed.
   * @throws AppError `validation`, `not_found`, `gone` (expired or closed), `conflict` (answered and
   * the edit window is over, or not open yet).
   */
  async form(token: string): Promise<SurveyForm> {
    const r = await this.resolve(this.store, token);
    const existing = await this.store.surveys.findResponse(r.org.id, r.survey.id, r.respondentKey);
    assertAnswerable(r.survey, existing, nowIso(this.deps.clock));
    return {
      org: r.org,
      survey: r.survey,
      questions: r.questions,
      answers: existing ? await this.store.surveys.answersOf(r.org.id, existing.id) : [],
      editableUntil: existing?.editableUntil ?? null,
      contactConsent: existing?.contactConsent ?? false,
      expiresAt: r.expiresAt,
    };
  }

  /**
   * Answers a survey from a link: the first submission creates the response (editable for the
   * wave's window), one inside the window replaces it. Free-text answers also become feedback
   * items (channel survey; contact details only with consent and never in anonymous waves, where
   * the text is redacted).
   * @throws AppError as `form`, plus `validation` listing each answer in error.
   */
  async submit(token: string, raw: RawAnswers, contactConsent = false): Promise<SubmitResult> {
    return this.store.transaction(async (tx) => {
      const r = await this.resolve(tx, token);
      const now = nowIso(this.deps.clock);
      const existing = await tx.surveys.findResponse(r.org.id, r.survey.id, r.respondentKey);
      const decision = decideSubmission(r.survey, existing, now);
      let answers = answersOrThrow(r.questions, raw);
      if (r.survey.anonymous) {
        answers = answers.map((a) => (a.text === null ? a : { ...a, text: redact(a.text).text }));
      }
      const consent = contactConsent && !r.survey.anonymous;
      let responseId: string;
      let submittedAt: string;
      if (decision.kind === 'create') {
        // Anonymous responses get a random id: a time-ordered one would tell when someone answered.
        responseId = r.survey.anonymous ? randomUUID() : newId();
        submittedAt = r.survey.anonymous ? now.slice(0, 10) + 'T00:00:00.000Z' : now;
        const inserted = await tx.surveys.insertResponse(
          {
            organizationId: r.org.id,
            surveyId: r.survey.id,
            id: responseId,
            respondentKey: r.respondentKey,
            contactConsent: consent,
            submittedAt,
            updatedAt: now,
            editableUntil: decision.editableUntil,
            edits: 0,
          },
          r.recipient.segments,
        );
        if (!inserted) throw new AppError('conflict', 'this link was just used; reload the page');
        // Anonymous waves keep only the day someone answered, for reminders.
        await tx.surveys.markResponded(
          r.org.id,
          r.recipient.id,
          r.survey.anonymous ? now.slice(0, 10) + 'T00:00:00.000Z' : now,
        );
      } else {
        responseId = existing!.id;
        submittedAt = existing!.submittedAt;
        await tx.surveys.touchResponse(r.org.id, responseId, now, consent);
      }
      await tx.surveys.replaceAnswers(r.org.id, r.survey.id, responseId, answers, {
        submittedAt,
        questions: r.questions,
      });
      const textQuestions = r.questions.filter((q) => q.type === 'text').map((q) => `${responseId}:${q.id}`);
      await tx.surveys.deleteResponseFeedback(r.org.id, textQuestions);
      await tx.feedback.insertMany(this.feedbackOf(r, responseId, answers, consent, now));
      return {
        orgName: r.org.name,
        created: decision.kind === 'create',
        editableUntil: decision.editableUntil,
        responseId,
      };
    });
  }

  private feedbackOf(
    r: { org: Organization; survey: Survey; recipient: { email: string }; questions: Question[] },
    responseId: string,
    answers: Answer[],
    consent: boolean,
    now: string,
  ): Feedback[] {
    const ratings: Record<string, number> = {};
    for (const a of answers) {
      const q = r.questions.find((x) => x.id === a.questionId);
      if (q && (q.type === 'nps' || q.type === 'csat' || q.type === 'ces') && a.value !== null) {
        ratings[q.type] = a.value;
      }
    }
    return answers
      .filter((a) => a.text !== null && a.text.length > 0)
      .map((a): Feedback => ({
        organizationId: r.org.id,
        id: newId(),
        incidentId: r.survey.incidentId,
        channel: 'survey',
        audience: r.survey.audience,
        text: a.text!,
        ratings,
        contactEmail: consent ? r.recipient.email : null,
        contactName: null,
        consent,
        source: 'survey',
        sourceId: `${responseId}:${a.questionId}`,
        clientHash: null,
        redacted: r.survey.anonymous,
        sentiment: null,
        sentimentScore: null,
        language: null,
        themes: [],
        analysedAt: null,
        loopClosedAt: null,
        createdAt: now,
        version: 1,
      }));
  }

  // Results -----------------------------------------------------------------------------------

  /**
   * Per question: answers, distribution, mean, NPS / top-box figures; with `by`, the same per value
   * of a recipient attribute. Anonymous waves hide every group under the threshold (and one more
   * when subtraction would reveal it), the whole result under it, and free text of hidden groups.
   * @throws AppError `not_found`, `validation` (bad attribute name).
   */
  async results(ctx: RequestContext, orgSlug: string, id: string, by?: string): Promise<SurveyResults> {
    const { org } = await authorize(this.store, ctx, orgSlug, 'incident:read');
    const store = this.store;
    const survey = await this.getSurveyOf(store, org, id);
    if (by !== undefined && !/^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(by)) {
      throw invalid('query.by', 'is not a recipient attribute name');
    }
    const version = await store.surveys.findVersion(org.id, survey.instrumentId, survey.instrumentVersion);
    const questions = version!.questions;
    const [respondents, counts, perQuestion, recipients] = await Promise.all([
      store.surveys.respondentCount(org.id, survey.id),
      store.surveys.answerCounts(org.id, survey.id),
      store.surveys.questionRespondents(org.id, survey.id),
      store.surveys.recipientCounts(org.id, survey.id),
    ]);
    const k = survey.anonymous ? ANONYMITY_THRESHOLD : null;
    const hiddenAll = k !== null && respondents < k;
    const summarize = async (
      rows: typeof counts,
      people: typeof perQuestion,
      showText: boolean,
    ): Promise<QuestionResult[]> =>
      Promise.all(
        questions.map(async (q) => {
          const n = people.find((p) => p.questionId === q.id)?.n ?? 0;
          const result = summarizeQuestion(q, rows, n);
          if (q.type === 'text') {
            result.n = n;
            if (showText && (k === null || n >= k)) {
              result.verbatims = await store.surveys.verbatims(org.id, survey.id, q.id, VERBATIMS);
            }
          }
          return result;
        }),
      );
    const result: SurveyResults = {
      survey,
      respondents,
      invited: recipients.invited,
      responseRate:
        recipients.invited > 0
          ? Math.round((10_000 * recipients.responded) / recipients.invited) / 10_000
          : null,
      suppressed: hiddenAll,
      threshold: k,
      questions: hiddenAll ? [] : await summarize(counts, perQuestion, true),
      breakdown: null,
    };
    if (by === undefined || hiddenAll)
      return by === undefined ? result : { ...result, breakdown: { by, groups: [] } };
    const [sizes, groupCounts, groupPeople] = await Promise.all([
      store.surveys.groupSizes(org.id, survey.id, by),
      store.surveys.answerCounts(org.id, survey.id, by),
      store.surveys.questionRespondents(org.id, survey.id, by),
    ]);
    const hidden = k === null ? new Set<string | null>() : suppressedGroups(sizes, k);
    const groups: GroupResult[] = [];
    for (const g of sizes) {
      if (hidden.has(g.value)) {
        groups.push({ value: g.value, n: null, suppressed: true, questions: [] });
        continue;
      }
      const qs = await summarize(
        groupCounts.filter((c) => c.group === g.value),
        groupPeople.filter((p) => p.group === g.value),
        false,
      );
      groups.push({ value: g.value, n: g.n, suppressed: false, questions: qs });
    }
    return { ...result, breakdown: { by, groups } };
  }
}
