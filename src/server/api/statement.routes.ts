import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../container.ts';
import type { StatementDetail } from '../../services/statement.service.ts';
import {
  CheckTextSchema,
  LeadershipCreateSchema,
  LeadershipPatchSchema,
  LeadershipSchema,
  ProblemSchema,
  PublishSchema,
  RetractSchema,
  ReviewSchema,
  SettingsSchema,
  StatementCreateSchema,
  StatementPatchSchema,
  StatementSchema,
  SubscriptionSchema,
  WebhookCreateSchema,
  AudienceSchema,
} from '../../shared/contract/index.ts';
import { csvCell } from '../../shared/csv.ts';
import { created, createOptions, expectedVersion, optionalVersion, withEtag } from '../http.ts';
import { ctxOf } from '../plugins/auth.ts';
import { IdempotencyHeaders, IfMatchHeaders, IncidentParams, OrgParams, RecordParams } from './params.ts';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const writeErrors = { ...errors, 409: ProblemSchema, 412: ProblemSchema };

function statementView(d: StatementDetail) {
  const { organizationId: _org, ...s } = d.statement;
  const version = ({ organizationId: _o, statementId: _s, ...v }: StatementDetail['current']) => v;
  const summary = (v: StatementDetail['current']) => {
    const { body: _body, ...rest } = version(v);
    return rest;
  };
  return {
    ...s,
    current: version(d.current),
    published: d.published ? version(d.published) : null,
    versions: d.versions.map(summary),
    reviews: d.reviews.map((r) => ({
      versionNumber: r.versionNumber,
      reviewer: r.reviewerLabel,
      role: r.reviewerRole,
      decision: r.decision,
      comment: r.comment,
      at: r.at,
    })),
  };
}

/** Statements, their review and publication, subscriptions, leadership activities and settings. */
export function statementRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const one = (reply: Parameters<typeof withEtag>[0], d: StatementDetail) =>
    withEtag(reply, d.statement, statementView(d));

  r.get(
    '/api/v1/orgs/:org/incidents/:incident/statements',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['statements'],
        summary: 'Statements about an incident, oldest first',
        params: IncidentParams,
        response: { 200: z.object({ items: z.array(StatementSchema) }), ...errors },
      },
    },
    async (req) => ({
      items: (await s.statements.list(ctxOf(req), req.params.org, req.params.incident)).map(statementView),
    }),
  );

  r.post(
    '/api/v1/orgs/:org/incidents/:incident/statements',
    {
      config: { permission: 'statement:write' },
      schema: {
        tags: ['statements'],
        summary: 'Draft a statement (version 1)',
        params: IncidentParams,
        headers: IdempotencyHeaders,
        body: StatementCreateSchema,
        response: { 201: StatementSchema, ...writeErrors, 422: ProblemSchema },
      },
    },
    async (req, reply) => {
      const { record, replayed } = await s.statements.create(
        ctxOf(req),
        req.params.org,
        req.params.incident,
        req.body,
        createOptions(req),
      );
      return created(
        reply,
        `/api/v1/orgs/${req.params.org}/statements/${record.statement.id}`,
        record.statement,
        replayed,
        statementView(record),
      );
    },
  );

  r.get(
    '/api/v1/orgs/:org/statements/:id',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['statements'],
        summary: 'A statement with its versions and reviews',
        params: RecordParams,
        response: { 200: StatementSchema, ...errors },
      },
    },
    async (req, reply) => one(reply, await s.statements.get(ctxOf(req), req.params.org, req.params.id)),
  );

  r.patch(
    '/api/v1/orgs/:org/statements/:id',
    {
      config: { permission: 'statement:write' },
      schema: {
        tags: ['statements'],
        summary: 'Edit: a change of text or audiences is a new version, back in draft (If-Match required)',
        params: RecordParams,
        headers: IfMatchHeaders,
        body: StatementPatchSchema,
        response: { 200: StatementSchema, ...writeErrors, 428: ProblemSchema },
      },
    },
    async (req, reply) =>
      one(
        reply,
        await s.statements.edit(
          ctxOf(req),
          req.params.org,
          req.params.id,
          req.body,
          expectedVersion(req, req.params.id),
        ),
      ),
  );

  r.post(
    '/api/v1/orgs/:org/statements/:id/submit',
    {
      config: { permission: 'statement:write' },
      schema: {
        tags: ['statements'],
        summary: 'Send a draft for review',
        params: RecordParams,
        headers: IfMatchHeaders.partial(),
        response: { 200: StatementSchema, ...writeErrors },
      },
    },
    async (req, reply) =>
      one(
        reply,
        await s.statements.submit(
          ctxOf(req),
          req.params.org,
          req.params.id,
          optionalVersion(req, req.params.id),
        ),
      ),
  );

  r.post(
    '/api/v1/orgs/:org/statements/:id/reviews',
    {
      config: { permission: 'statement:approve' },
      schema: {
        tags: ['statements'],
        summary: 'Approve or reject the version in review (never your own text)',
        description:
          'The organization settings say which roles review and how many approvals publish. A rejection needs a comment and sends the statement back to draft.',
        params: RecordParams,
        body: ReviewSchema,
        response: { 200: StatementSchema, ...writeErrors },
      },
    },
    async (req, reply) =>
      one(reply, await s.statements.review(ctxOf(req), req.params.org, req.params.id, req.body)),
  );

  r.post(
    '/api/v1/orgs/:org/statements/:id/publish',
    {
      config: { permission: 'statement:publish' },
      schema: {
        tags: ['statements'],
        summary: 'Publish the approved version now, or at a time; subscribers are told',
        description:
          'The text is checked first: a high-severity finding answers 409 (code checker_blocked, errors[] per finding) unless overrideReason is given, which is kept with the version and in the audit trail.',
        params: RecordParams,
        headers: IfMatchHeaders.partial(),
        body: PublishSchema,
        response: { 200: StatementSchema, ...writeErrors },
      },
    },
    async (req, reply) =>
      one(
        reply,
        await s.statements.publish(
          ctxOf(req),
          req.params.org,
          req.params.id,
          req.body,
          optionalVersion(req, req.params.id),
        ),
      ),
  );

  r.post(
    '/api/v1/orgs/:org/statements/:id/retract',
    {
      config: { permission: 'statement:publish' },
      schema: {
        tags: ['statements'],
        summary: 'Retract a published statement; its notice and reason stay visible',
        params: RecordParams,
        headers: IfMatchHeaders.partial(),
        body: RetractSchema,
        response: { 200: StatementSchema, ...writeErrors },
      },
    },
    async (req, reply) =>
      one(
        reply,
        await s.statements.retract(
          ctxOf(req),
          req.params.org,
          req.params.id,
          req.body,
          optionalVersion(req, req.params.id),
        ),
      ),
  );

  r.get(
    '/api/v1/orgs/:org/statements/:id/check',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['statements'],
        summary: 'Check the current version: language, apology, readability, claims against the record',
        params: RecordParams,
        response: { 200: z.record(z.string(), z.unknown()), ...errors },
      },
    },
    async (req) =>
      s.statements.check(ctxOf(req), req.params.org, req.params.id) as unknown as Record<string, unknown>,
  );

  r.post(
    '/api/v1/orgs/:org/incidents/:incident/check',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['statements'],
        summary: 'Check unsaved text in the incident’s context (the editor’s live check)',
        params: IncidentParams,
        body: CheckTextSchema,
        response: { 200: z.record(z.string(), z.unknown()), ...errors },
      },
    },
    async (req) =>
      s.statements.checkText(ctxOf(req), req.params.org, req.params.incident, req.body.text, {
        audience: req.body.audience,
        links: req.body.links,
        statementId: req.body.statementId,
      }) as unknown as Promise<Record<string, unknown>>,
  );

  r.get(
    '/api/v1/orgs/:org/statements/:id/deliveries.csv',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['statements'],
        summary: 'Proof of notification: every delivery of the statement, as CSV',
        params: RecordParams,
        response: { 200: z.string(), ...errors },
      },
    },
    async (req, reply) => {
      const rows = await s.subscriptions.deliveriesOf(ctxOf(req), req.params.org, req.params.id);
      const header = [
        'delivery',
        'version',
        'channel',
        'recipient',
        'status',
        'attempts',
        'content_sha256',
        'sent_at',
        'response',
        'last_error',
      ];
      const lines = rows.map((d) =>
        [
          d.id,
          d.sourceVersion === 0 ? 'retraction' : d.sourceVersion,
          d.channel,
          d.recipient,
          d.status,
          d.attempts,
          d.contentHash,
          d.sentAt,
          d.response,
          d.lastError,
        ]
          .map(csvCell)
          .join(','),
      );
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="deliveries-${req.params.id}.csv"`);
      return [header.join(','), ...lines].join('\r\n') + '\r\n';
    },
  );

  r.post(
    '/api/v1/orgs/:org/incidents/:incident/audience-links',
    {
      config: { permission: 'statement:publish' },
      schema: {
        tags: ['statements'],
        summary: 'Create or rotate the secret link to a non-public audience page; the key is shown once',
        params: IncidentParams,
        body: z.object({ audience: AudienceSchema }).strict(),
        response: { 200: z.object({ audience: z.string(), key: z.string(), path: z.string() }), ...errors },
      },
    },
    async (req, reply) => {
      const link = await s.disclosure.rotateAudienceLink(
        ctxOf(req),
        req.params.org,
        req.params.incident,
        req.body.audience,
      );
      reply.header('cache-control', 'no-store');
      return {
        audience: link.audience,
        key: link.key,
        path: `/${link.org}/incidents/${link.incident}/for/${link.audience}?key=${link.key}`,
      };
    },
  );

  // Subscriptions
  const subscriptionView = (x: Awaited<ReturnType<Services['subscriptions']['list']>>[number]) => ({
    id: x.id,
    incidentId: x.incidentId,
    channel: x.channel,
    address: x.address,
    audience: x.audience,
    status: x.status,
    createdAt: x.createdAt,
    confirmedAt: x.confirmedAt,
    unsubscribedAt: x.unsubscribedAt,
  });
  r.get(
    '/api/v1/orgs/:org/subscriptions',
    {
      config: { permission: 'subscription:manage' },
      schema: {
        tags: ['subscriptions'],
        summary: 'E-mail and webhook subscriptions',
        params: OrgParams,
        response: { 200: z.object({ items: z.array(SubscriptionSchema) }), ...errors },
      },
    },
    async (req) => ({
      items: (await s.subscriptions.list(ctxOf(req), req.params.org)).map(subscriptionView),
    }),
  );
  r.post(
    '/api/v1/orgs/:org/subscriptions',
    {
      config: { permission: 'subscription:manage' },
      schema: {
        tags: ['subscriptions'],
        summary: 'Add a webhook; its Standard Webhooks signing secret is shown once',
        params: OrgParams,
        body: WebhookCreateSchema,
        response: { 201: SubscriptionSchema.extend({ secret: z.string() }), ...writeErrors },
      },
    },
    async (req, reply) => {
      const { subscription, secret } = await s.subscriptions.createWebhook(
        ctxOf(req),
        req.params.org,
        req.body,
      );
      reply.code(201).header('cache-control', 'no-store');
      return { ...subscriptionView(subscription), secret };
    },
  );
  r.delete(
    '/api/v1/orgs/:org/subscriptions/:id',
    {
      config: { permission: 'subscription:manage' },
      schema: {
        tags: ['subscriptions'],
        summary: 'End a subscription',
        params: RecordParams,
        response: { 200: SubscriptionSchema, ...errors },
      },
    },
    async (req) => subscriptionView(await s.subscriptions.remove(ctxOf(req), req.params.org, req.params.id)),
  );

  // Leadership
  const leadershipView = (a: Awaited<ReturnType<Services['leadership']['update']>>) => {
    const { organizationId: _org, ...rest } = a;
    return rest;
  };
  r.get(
    '/api/v1/orgs/:org/incidents/:incident/leadership-activities',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['leadership'],
        summary: 'How leaders showed up',
        params: IncidentParams,
        response: { 200: z.object({ items: z.array(LeadershipSchema) }), ...errors },
      },
    },
    async (req) => ({
      items: (await s.leadership.list(ctxOf(req), req.params.org, req.params.incident)).map(leadershipView),
    }),
  );
  r.post(
    '/api/v1/orgs/:org/incidents/:incident/leadership-activities',
    {
      config: { permission: 'leadership:write' },
      schema: {
        tags: ['leadership'],
        summary: 'Log a town hall, customer call, site visit, media appearance or memo',
        params: IncidentParams,
        headers: IdempotencyHeaders,
        body: LeadershipCreateSchema,
        response: { 201: LeadershipSchema, ...writeErrors, 422: ProblemSchema },
      },
    },
    async (req, reply) => {
      const { record, replayed } = await s.leadership.create(
        ctxOf(req),
        req.params.org,
        req.params.incident,
        req.body,
        createOptions(req),
      );
      return created(
        reply,
        `/api/v1/orgs/${req.params.org}/leadership-activities/${record.id}`,
        record,
        replayed,
        leadershipView(record),
      );
    },
  );
  r.patch(
    '/api/v1/orgs/:org/leadership-activities/:id',
    {
      config: { permission: 'leadership:write' },
      schema: {
        tags: ['leadership'],
        summary: 'Edit a leadership activity (If-Match required)',
        params: RecordParams,
        headers: IfMatchHeaders,
        body: LeadershipPatchSchema,
        response: { 200: LeadershipSchema, ...writeErrors, 428: ProblemSchema },
      },
    },
    async (req, reply) => {
      const a = await s.leadership.update(
        ctxOf(req),
        req.params.org,
        req.params.id,
        req.body,
        expectedVersion(req, req.params.id),
      );
      return withEtag(reply, a, leadershipView(a));
    },
  );

  // Settings
  r.get(
    '/api/v1/orgs/:org/settings',
    {
      config: { permission: 'org:read' },
      schema: {
        tags: ['organizations'],
        summary: 'Organization settings (statement approval policy)',
        params: OrgParams,
        response: { 200: SettingsSchema, ...errors },
      },
    },
    async (req) => (await s.accounts.settings(ctxOf(req), req.params.org)) as z.infer<typeof SettingsSchema>,
  );
  r.put(
    '/api/v1/orgs/:org/settings',
    {
      config: { permission: 'org:settings' },
      schema: {
        tags: ['organizations'],
        summary: 'Set how many approvals a statement needs and which roles review',
        params: OrgParams,
        body: SettingsSchema,
        response: { 200: SettingsSchema, ...errors },
      },
    },
    async (req) =>
      (await s.accounts.updateSettings(ctxOf(req), req.params.org, req.body)) as z.infer<
        typeof SettingsSchema
      >,
  );
}
