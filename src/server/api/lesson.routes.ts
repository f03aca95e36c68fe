import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../container.ts';
import type { Lesson } from '../../domain/lesson.ts';
import { LESSON_CATEGORIES } from '../../domain/lesson.ts';
import { IdSchema, ProblemSchema, oneOf, safeName, text } from '../../shared/contract/index.ts';
import { created, createOptions, expectedVersion, withEtag } from '../http.ts';
import { ctxOf } from '../plugins/auth.ts';
import { IdempotencyHeaders, IfMatchHeaders, IncidentParams, OrgParams, RecordParams } from './params.ts';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const writeErrors = { ...errors, 409: ProblemSchema, 412: ProblemSchema };

const LessonCreateSchema = z
  .object({
    title: text(200),
    learned: text(10_000).describe('What was learned, in the team’s words'),
    category: oneOf(LESSON_CATEGORIES),
    rootCauseIds: z.array(IdSchema).max(50).optional().describe('Root causes of the same incident'),
    followUp: text(2_000)
      .nullable()
      .optional()
      .describe('What will change because of it, and who sees to it'),
  })
  .strict()
  .meta({ id: 'LessonCreate' });

const LessonPatchSchema = LessonCreateSchema.partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'change at least one field' })
  .meta({ id: 'LessonPatch' });

const LessonSchema = z
  .object({
    id: z.string(),
    incidentId: z.string(),
    title: z.string(),
    learned: z.string(),
    category: z.enum(LESSON_CATEGORIES),
    rootCauseIds: z.array(z.string()),
    followUp: z.string().nullable(),
    stage: z.string().describe('The incident’s stage when it was recorded: evaluate or closed'),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Lesson' });

function lessonView({ organizationId: _o, ...l }: Lesson) {
  return l;
}

/** Lessons learned: recorded at evaluation and close, linked to root causes, exportable. */
export function lessonRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/orgs/:org/incidents/:incident/lessons',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['lessons'],
        summary: 'Lessons learned from an incident',
        params: IncidentParams,
        response: { 200: z.object({ items: z.array(LessonSchema) }), ...errors },
      },
    },
    async (req) => ({
      items: (await s.lessons.list(ctxOf(req), req.params.org, req.params.incident)).map(lessonView),
    }),
  );

  r.post(
    '/api/v1/orgs/:org/incidents/:incident/lessons',
    {
      config: { permission: 'incident:write' },
      schema: {
        tags: ['lessons'],
        summary: 'Record a lesson learned (at the evaluate stage or after close)',
        params: IncidentParams,
        headers: IdempotencyHeaders,
        body: LessonCreateSchema,
        response: { 201: LessonSchema, ...writeErrors, 422: ProblemSchema },
      },
    },
    async (req, reply) => {
      const { record, replayed } = await s.lessons.create(
        ctxOf(req),
        req.params.org,
        req.params.incident,
        req.body,
        createOptions(req),
      );
      return created(
        reply,
        `/api/v1/orgs/${req.params.org}/lessons/${record.id}`,
        record,
        replayed,
        lessonView(record),
      );
    },
  );

  r.patch(
    '/api/v1/orgs/:org/lessons/:id',
    {
      config: { permission: 'incident:write' },
      schema: {
        tags: ['lessons'],
        summary: 'Edit a lesson (If-Match required)',
        params: RecordParams,
        headers: IfMatchHeaders,
        body: LessonPatchSchema,
        response: { 200: LessonSchema, ...writeErrors, 428: ProblemSchema },
      },
    },
    async (req, reply) => {
      const l = await s.lessons.update(
        ctxOf(req),
        req.params.org,
        req.params.id,
        req.body,
        expectedVersion(req, req.params.id),
      );
      return withEtag(reply, l, lessonView(l));
    },
  );

  r.get(
    '/api/v1/orgs/:org/lessons',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['lessons'],
        summary: 'Every lesson of the organization, as JSON, CSV or Markdown',
        description: 'format=csv or format=md downloads a file; incident= narrows it to one incident.',
        params: OrgParams,
        querystring: z.object({
          format: z.enum(['json', 'csv', 'md']).default('json'),
          incident: safeName(64).optional(),
        }),
        response: { 200: z.union([z.object({ items: z.array(LessonSchema) }), z.string()]), ...errors },
      },
    },
    async (req, reply) => {
      const { format, incident } = req.query;
      if (format === 'json') {
        return { items: (await s.lessons.list(ctxOf(req), req.params.org, incident)).map(lessonView) };
      }
      const body = await s.lessons.export(ctxOf(req), req.params.org, format, incident);
      reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'text/markdown; charset=utf-8')
        .header('content-disposition', `attachment; filename="lessons-${req.params.org}.${format}"`);
      return body;
    },
  );
}
