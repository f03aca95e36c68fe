import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../container.ts';
import { nowIso } from '../../services/common.ts';
import {
  ActionCreateSchema,
  ActionListQuerySchema,
  ActionPatchSchema,
  ActionSchema,
  CommitmentCreateSchema,
  CommitmentPatchSchema,
  CommitmentSchema,
  ProblemSchema,
  RootCauseCreateSchema,
  RootCausePatchSchema,
  RootCauseSchema,
} from '../../shared/contract/index.ts';
import { created, createOptions, expectedVersion, recordEtag, withEtag } from '../http.ts';
import type { ReadCache } from '../read-cache.ts';
import { ctxOf } from '../plugins/auth.ts';
import { actionView, commitmentView, rootCauseView } from '../presenters/presenters.ts';
import { IdempotencyHeaders, IfMatchHeaders, IncidentParams, RecordParams } from './params.ts';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const createErrors = { ...errors, 409: ProblemSchema, 422: ProblemSchema };
const updateErrors = { ...errors, 409: ProblemSchema, 412: ProblemSchema, 428: ProblemSchema };

/** Root causes, corrective actions and commitments: the records an incident's recovery is made of. */
export function spineRoutes(app: FastifyInstance, s: Services, cache: ReadCache): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const now = () => nowIso(s.clock);

  // Root causes
  r.get(
    '/api/v1/orgs/:org/incidents/:incident/root-causes',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['root causes'],
        summary: 'List the root causes of an incident',
        params: IncidentParams,
        response: { 200: z.object({ items: z.array(RootCauseSchema) }), ...errors },
      },
    },
    (req, reply) =>
      cache.send(req, reply, async () => ({
        items: (await s.rootCauses.list(ctxOf(req), req.params.org, req.params.incident)).map(rootCauseView),
      })),
  );
  r.post(
    '/api/v1/orgs/:org/incidents/:incident/root-causes',
    {
      config: { permission: 'root_cause:write' },
      schema: {
        tags: ['root causes'],
        summary: 'Record a root cause',
        params: IncidentParams,
        headers: IdempotencyHeaders,
        body: RootCauseCreateSchema,
        response: { 201: RootCauseSchema, ...createErrors },
      },
    },
    async (req, reply) => {
      const { record, replayed } = await s.rootCauses.create(
        ctxOf(req),
        req.params.org,
        req.params.incident,
        req.body,
        createOptions(req),
      );
      return created(
        reply,
        `/api/v1/orgs/${req.params.org}/root-causes/${record.id}`,
        record,
        replayed,
        rootCauseView(record),
      );
    },
  );
  r.get(
    '/api/v1/orgs/:org/root-causes/:id',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['root causes'],
        summary: 'Read a root cause',
        params: RecordParams,
        response: { 200: RootCauseSchema, ...errors },
      },
    },
    (req, reply) =>
      cache.send(
        req,
        reply,
        async () => rootCauseView(await s.rootCauses.get(ctxOf(req), req.params.org, req.params.id)),
        recordEtag,
      ),
  );
  r.patch(
    '/api/v1/orgs/:org/root-causes/:id',
    {
      config: { permission: 'root_cause:write' },
      schema: {
        tags: ['root causes'],
        summary: 'Edit a root cause (If-Match required)',
        params: RecordParams,
        headers: IfMatchHeaders,
        body: RootCausePatchSchema,
        response: { 200: RootCauseSchema, ...updateErrors },
      },
    },
    async (req, reply) => {
      const rc = await s.rootCauses.update(
        ctxOf(req),
        req.params.org,
        req.params.id,
        req.body,
        expectedVersion(req, req.params.id),
      );
      return withEtag(reply, rc, rootCauseView(rc));
    },
  );

  // Corrective actions
  r.get(
    '/api/v1/orgs/:org/incidents/:incident/actions',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['actions'],
        summary: 'List the corrective actions of an incident',
        params: IncidentParams,
        querystring: ActionListQuerySchema,
        response: { 200: z.object({ items: z.array(ActionSchema) }), ...errors },
      },
    },
    (req, reply) =>
      cache.send(req, reply, async () => {
        const items = await s.actions.list(ctxOf(req), req.params.org, req.params.incident, req.query);
        const t = now();
        return { items: items.map((a) => actionView(a, t)) };
      }),
  );
  r.post(
    '/api/v1/orgs/:org/incidents/:incident/actions',
    {
      config: { permission: 'action:write' },
      schema: {
        tags: ['actions'],
        summary: 'Plan a corrective action',
        params: IncidentParams,
        headers: IdempotencyHeaders,
        body: ActionCreateSchema,
        response: { 201: ActionSchema, ...createErrors },
      },
    },
    async (req, reply) => {
      const { record, replayed } = await s.actions.create(
        ctxOf(req),
        req.params.org,
        req.params.incident,
        req.body,
        createOptions(req),
      );
      return created(
        reply,
        `/api/v1/orgs/${req.params.org}/actions/${record.id}`,
        record,
        replayed,
        actionView(record, now()),
      );
    },
  );
  r.get(
    '/api/v1/orgs/:org/actions/:id',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['actions'],
        summary: 'Read a corrective action',
        params: RecordParams,
        response: { 200: ActionSchema, ...errors },
      },
    },
    (req, reply) =>
      cache.send(
        req,
        reply,
        async () => actionView(await s.actions.get(ctxOf(req), req.params.org, req.params.id), now()),
        recordEtag,
      ),
  );
  r.patch(
    '/api/v1/orgs/:org/actions/:id',
    {
      config: { permission: 'action:write' },
      schema: {
        tags: ['actions'],
        summary: 'Edit an action or move its status (If-Match required)',
        description:
          'Status moves: planned → in_progress → done → verified (with verification), or dropped (with reason); done or verified can be reopened with a reason. Completing an action re-derives the commitments it fulfils.',
        params: RecordParams,
        headers: IfMatchHeaders,
        body: ActionPatchSchema,
        response: { 200: ActionSchema, ...updateErrors },
      },
    },
    async (req, reply) => {
      const a = await s.actions.update(
        ctxOf(req),
        req.params.org,
        req.params.id,
        req.body,
        expectedVersion(req, req.params.id),
      );
      return withEtag(reply, a, actionView(a, now()));
    },
  );

  // Commitments
  r.get(
    '/api/v1/orgs/:org/incidents/:incident/commitments',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['commitments'],
        summary: 'List the commitments made about an incident',
        params: IncidentParams,
        response: { 200: z.object({ items: z.array(CommitmentSchema) }), ...errors },
      },
    },
    (req, reply) =>
      cache.send(req, reply, async () => {
        const items = await s.commitments.list(ctxOf(req), req.params.org, req.params.incident);
        const t = now();
        return { items: items.map((c) => commitmentView(c, t)) };
      }),
  );
  r.post(
    '/api/v1/orgs/:org/incidents/:incident/commitments',
    {
      config: { permission: 'commitment:write' },
      schema: {
        tags: ['commitments'],
        summary: 'Register a public promise',
        params: IncidentParams,
        headers: IdempotencyHeaders,
        body: CommitmentCreateSchema,
        response: { 201: CommitmentSchema, ...createErrors },
      },
    },
    async (req, reply) => {
      const { record, replayed } = await s.commitments.create(
        ctxOf(req),
        req.params.org,
        req.params.incident,
        req.body,
        createOptions(req),
      );
      return created(
        reply,
        `/api/v1/orgs/${req.params.org}/commitments/${record.id}`,
        record,
        replayed,
        commitmentView(record, now()),
      );
    },
  );
  r.get(
    '/api/v1/orgs/:org/commitments/:id',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['commitments'],
        summary: 'Read a commitment',
        params: RecordParams,
        response: { 200: CommitmentSchema, ...errors },
      },
    },
    (req, reply) =>
      cache.send(
        req,
        reply,
        async () => commitmentView(await s.commitments.get(ctxOf(req), req.params.org, req.params.id), now()),
        recordEtag,
      ),
  );
  r.patch(
    '/api/v1/orgs/:org/commitments/:id',
    {
      config: { permission: 'commitment:write' },
      schema: {
        tags: ['commitments'],
        summary: 'Edit, renegotiate, keep, break or withdraw a commitment (If-Match required)',
        description:
          'Moving the due date is a renegotiation and needs an explanation; kept on time is always judged against the first date promised. With linked actions the status follows them.',
        params: RecordParams,
        headers: IfMatchHeaders,
        body: CommitmentPatchSchema,
        response: { 200: CommitmentSchema, ...updateErrors },
      },
    },
    async (req, reply) => {
      const c = await s.commitments.update(
        ctxOf(req),
        req.params.org,
        req.params.id,
        req.body,
        expectedVersion(req, req.params.id),
      );
      return withEtag(reply, c, commitmentView(c, now()));
    },
  );
}
