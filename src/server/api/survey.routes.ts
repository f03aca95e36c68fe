import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../container.ts';
import type { Instrument, Survey } from '../../domain/survey.ts';
import type { InstrumentDetail, SurveyDetail, SurveyResults } from '../../services/survey.service.ts';
import { PageQuerySchema, ProblemSchema, pageOf, safeName } from '../../shared/contract/index.ts';
import { created, createOptions, expectedVersion, withEtag } from '../http.ts';
import { ctxOf } from '../plugins/auth.ts';
import { IdempotencyHeaders, IfMatchHeaders, OrgParams, RecordParams } from './params.ts';
import {
  InstrumentCreateSchema,
  InstrumentDetailSchema,
  InstrumentPatchSchema,
  InstrumentSchema,
  RecipientsAddSchema,
  SurveyCreateSchema,
  SurveyDetailSchema,
  SurveyListQuerySchema,
  SurveyResultsSchema,
  SurveySchema,
} from './survey.schemas.ts';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const writeErrors = {
  ...errors,
  409: ProblemSchema,
  412: ProblemSchema,
  422: ProblemSchema,
  428: ProblemSchema,
};

/** Bulk recipient lists (up to 100,000 per request) need more than the API's usual body limit. */
const RECIPIENTS_BODY_LIMIT = 16 * 1024 * 1024;

function instrumentView({ organizationId: _o, ...i }: Instrument) {
  return i;
}

function instrumentDetailView(d: InstrumentDetail) {
  return { ...instrumentView(d.instrument), questions: d.questions, versions: d.versions };
}

export function surveyView({ organizationId: _o, ...s }: Survey) {
  return s;
}

function surveyDetailView(d: SurveyDetail) {
  return { ...surveyView(d.survey), ...d.counts };
}

function resultsView(r: SurveyResults) {
  return {
    ...r,
    survey: surveyView(r.survey),
    breakdown: r.breakdown && {
      by: r.breakdown.by,
      groups: r.breakdown.groups.map((g) => (g.suppressed ? { ...g, label: 'fewer than 5' } : g)),
    },
  };
}

/** Instruments (versioned), survey waves, recipients, invitations, reminders and results. */
export function surveyRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // Instruments
  r.get(
    '/api/v1/orgs/:org/instruments',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['surveys'],
        summary: 'List survey instruments',
        params: OrgParams,
        response: { 200: z.object({ items: z.array(InstrumentSchema) }), ...errors },
      },
    },
    async (req) => ({
      items: (await s.surveys.listInstruments(ctxOf(req), req.params.org)).map(instrumentView),
    }),
  );
  r.post(
    '/api/v1/orgs/:org/instruments',
    {
      config: { permission: 'survey:write' },
      schema: {
        tags: ['surveys'],
        summary: 'Create an instrument (version 1), or copy the built-in Amends trust instrument',
        params: OrgParams,
        headers: IdempotencyHeaders,
        body: InstrumentCreateSchema,
        response: { 201: InstrumentDetailSchema, ...writeErrors },
      },
    },
    async (req, reply) => {
      const body = req.body;
      const input =
        'template' in body
          ? { template: body.template }
          : { ...body, questions: body.questions.map((q) => ({ ...q })) };
      const { record, replayed } = await s.surveys.createInstrument(
        ctxOf(req),
        req.params.org,
        input,
        createOptions(req),
      );
      return created(
        reply,
        `/api/v1/orgs/${req.params.org}/instruments/${record.instrument.id}`,
        record.instrument,
        replayed,
        instrumentDetailView(record),
      );
    },
  );
  r.get(
    '/api/v1/orgs/:org/instruments/:id',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['surveys'],
        summary: 'Read an instrument (by id or key) with its current questions and its versions',
        params: RecordParams,
        response: { 200: InstrumentDetailSchema, ...errors },
      },
    },
    async (req, reply) => {
      const d = await s.surveys.getInstrument(ctxOf(req), req.params.org, req.params.id);
      return withEtag(reply, d.instrument, instrumentDetailView(d));
    },
  );
  r.get(
    '/api/v1/orgs/:org/instruments/:id/versions/:number',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['surveys'],
        summary: 'Read one frozen version of an instrument',
        params: RecordParams.extend({ number: z.coerce.number().int().min(1).max(1_000_000) }),
        response: {
          200: z.object({
            number: z.number().int(),
            questions: InstrumentDetailSchema.shape.questions,
            contentHash: z.string(),
            createdAt: z.string(),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      const v = await s.surveys.getInstrumentVersion(
        ctxOf(req),
        req.params.org,
        req.params.id,
        req.params.number,
      );
      return { number: v.number, questions: v.questions, contentHash: v.contentHash, createdAt: v.createdAt };
    },
  );
  r.patch(
    '/api/v1/orgs/:org/instruments/:id',
    {
      config: { permission: 'survey:write' },
      schema: {
        tags: ['surveys'],
        summary: 'Rename an instrument or change its questions (If-Match required)',
        description:
          'Questions a wave already uses never change: the new wording becomes a new version, which later waves pin.',
        params: RecordParams,
        headers: IfMatchHeaders,
        body: InstrumentPatchSchema,
        response: { 200: InstrumentDetailSchema, ...writeErrors },
      },
    },
    async (req, reply) => {
      const d = await s.surveys.updateInstrument(
        ctxOf(req),
        req.params.org,
        req.params.id,
        req.body,
        expectedVersion(req),
      );
      return withEtag(reply, d.instrument, instrumentDetailView(d));
    },
  );

  // Waves
  r.get(
    '/api/v1/orgs/:org/surveys',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['surveys'],
        summary: 'List survey waves, newest first',
        params: OrgParams,
        querystring: PageQuerySchema.extend(SurveyListQuerySchema.shape),
        response: { 200: pageOf(SurveySchema), ...errors },
      },
    },
    async (req) => {
      const { cursor, limit, ...filter } = req.query;
      const page = await s.surveys.listSurveys(ctxOf(req), req.params.org, filter, { cursor, limit });
      return { nextCursor: page.nextCursor, items: page.items.map(surveyView) };
    },
  );
  r.post(
    '/api/v1/orgs/:org/surveys',
    {
      config: { permission: 'survey:write' },
      schema: {
        tags: ['surveys'],
        summary: 'Create a survey wave (draft), pinned to one instrument version',
        params: OrgParams,
        headers: IdempotencyHeaders,
        body: SurveyCreateSchema,
        response: { 201: SurveySchema, ...writeErrors },
      },
    },
    async (req, reply) => {
      const { record, replayed } = await s.surveys.createSurvey(
        ctxOf(req),
        req.params.org,
        req.body,
        createOptions(req),
      );
      return created(
        reply,
        `/api/v1/orgs/${req.params.org}/surveys/${record.id}`,
        record,
        replayed,
        surveyView(record),
      );
    },
  );
  r.get(
    '/api/v1/orgs/:org/surveys/:id',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['surveys'],
        summary: 'Read a survey wave with its recipient counts',
        params: RecordParams,
        response: { 200: SurveyDetailSchema, ...errors },
      },
    },
    async (req, reply) => {
      const d = await s.surveys.getSurvey(ctxOf(req), req.params.org, req.params.id);
      return withEtag(reply, d.survey, surveyDetailView(d));
    },
  );
  for (const [verb, to] of [
    ['open', 'open'],
    ['close', 'closed'],
  ] as const) {
    r.post(
      `/api/v1/orgs/:org/surveys/:id/${verb}`,
      {
        config: { permission: 'survey:write' },
        schema: {
          tags: ['surveys'],
          summary:
            verb === 'open' ? 'Open a wave to answers' : 'Close a wave: its links answer 410 from now on',
          params: RecordParams,
          response: { 200: SurveySchema, ...writeErrors },
        },
      },
      async (req, reply) => {
        const survey = await s.surveys.move(ctxOf(req), req.params.org, req.params.id, to);
        return withEtag(reply, survey, surveyView(survey));
      },
    );
  }
  r.post(
    '/api/v1/orgs/:org/surveys/:id/recipients',
    {
      config: { permission: 'survey:write' },
      bodyLimit: RECIPIENTS_BODY_LIMIT,
      schema: {
        tags: ['surveys'],
        summary: 'Add recipients in bulk (up to 100,000 per request); known addresses are skipped',
        params: RecordParams,
        body: RecipientsAddSchema,
        response: { 200: z.object({ added: z.number().int(), skipped: z.number().int() }), ...writeErrors },
      },
    },
    async (req) => s.surveys.addRecipients(ctxOf(req), req.params.org, req.params.id, req.body.recipients),
  );
  r.post(
    '/api/v1/orgs/:org/surveys/:id/invitations',
    {
      config: { permission: 'survey:write' },
      schema: {
        tags: ['surveys'],
        summary: 'E-mail a personal link to every recipient not yet invited',
        params: RecordParams,
        response: { 202: z.object({ queued: z.number().int() }), ...writeErrors },
      },
    },
    async (req, reply) => {
      reply.code(202);
      return s.surveys.invite(ctxOf(req), req.params.org, req.params.id);
    },
  );
  r.post(
    '/api/v1/orgs/:org/surveys/:id/reminders',
    {
      config: { permission: 'survey:write' },
      schema: {
        tags: ['surveys'],
        summary: 'Send the reminders due by the wave’s schedule (only to people who have not answered)',
        description:
          'The delivery worker does the same on its own about once a minute; calling this is optional.',
        params: RecordParams,
        response: { 202: z.object({ queued: z.number().int() }), ...writeErrors },
      },
    },
    async (req, reply) => {
      reply.code(202);
      return s.surveys.remind(ctxOf(req), req.params.org, req.params.id);
    },
  );
  r.get(
    '/api/v1/orgs/:org/surveys/:id/results',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['surveys'],
        summary: 'Results per question, optionally broken down by a recipient attribute',
        description:
          'Raw figures (counts, distribution, mean, NPS, top-box). In anonymous waves, groups of fewer than 5 people are shown only as "fewer than 5", with no figures and no free text.',
        params: RecordParams,
        querystring: z.object({ by: safeName(40).optional().describe('A recipient segment attribute') }),
        response: { 200: SurveyResultsSchema, ...errors },
      },
    },
    async (req) =>
      resultsView(await s.surveys.results(ctxOf(req), req.params.org, req.params.id, req.query.by)),
  );
}
