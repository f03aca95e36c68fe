import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config/env.ts';
import type { Services } from '../../container.ts';
import type { SessionInfo } from '../../services/account.service.ts';
import {
  AuditEventSchema,
  AuditQuerySchema,
  LoginSchema,
  MemberCreateSchema,
  MemberSchema,
  OrganizationCreateSchema,
  OrganizationSchema,
  PageQuerySchema,
  ProblemSchema,
  SessionSchema,
  TokenCreateSchema,
  TokenCreatedSchema,
  TokenSchema,
  pageOf,
} from '../../shared/contract/index.ts';
import type { SessionView } from '../../shared/contract/index.ts';
import { AppError } from '../../domain/errors.ts';
import { LoginThrottle } from '../login-throttle.ts';
import { SESSION_COOKIE, ctxOf } from '../plugins/auth.ts';
import { auditEventView, organizationView, tokenView } from '../presenters/presenters.ts';
import { OrgParams, RecordParams } from './params.ts';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

function sessionView(s: SessionInfo): SessionView {
  return {
    user: { id: s.user.id, email: s.user.email, name: s.user.name },
    memberships: s.memberships.map((m) => ({
      org: m.organization.slug,
      orgName: m.organization.name,
      role: m.role,
    })),
    csrfToken: s.csrfToken,
    expiresAt: s.expiresAt,
  };
}

/** Sign-in, organizations, members, API tokens and the audit trail. */
export function accountRoutes(app: FastifyInstance, s: Services, config: Config): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const secure = config.publicUrl.startsWith('https://');
  const throttle = new LoginThrottle(config.loginAttempts, config.loginWindowSeconds * 1000);

  r.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail and password; sets an HttpOnly session cookie',
        body: LoginSchema,
        response: { 200: SessionSchema, 400: ProblemSchema, 401: ProblemSchema, 429: ProblemSchema },
      },
    },
    async (req, reply) => {
      throttle.attempt(req.ip, req.body.email);
      const { token, session } = await s.accounts.login(req.body.email, req.body.password);
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure,
        expires: new Date(session.expiresAt),
      });
      return sessionView(session);
    },
  );

  r.post(
    '/api/v1/auth/logout',
    { schema: { tags: ['auth'], summary: 'Sign out (ends the session)', response: { 204: z.undefined() } } },
    async (req, reply) => {
      const cookie = req.cookies[SESSION_COOKIE];
      if (cookie) await s.accounts.logout(cookie);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );

  r.get(
    '/api/v1/auth/session',
    {
      schema: {
        tags: ['auth'],
        summary: 'The current session, with its CSRF token and memberships',
        response: { 200: SessionSchema, 401: ProblemSchema },
      },
    },
    async (req) => {
      const cookie = req.cookies[SESSION_COOKIE];
      const session = cookie ? await s.accounts.session(cookie) : undefined;
      if (!session) throw new AppError('unauthenticated', 'not signed in');
      return sessionView(session);
    },
  );

  r.get(
    '/api/v1/orgs',
    {
      schema: {
        tags: ['organizations'],
        summary: 'Organizations you belong to',
        response: { 200: z.object({ items: z.array(OrganizationSchema) }), 401: ProblemSchema },
      },
    },
    async (req) => ({
      items: (await s.accounts.myOrganizations(ctxOf(req))).map((m) =>
        organizationView(m.organization, m.role),
      ),
    }),
  );

  r.post(
    '/api/v1/orgs',
    {
      schema: {
        tags: ['organizations'],
        summary: 'Create an organization; you become its owner',
        body: OrganizationCreateSchema,
        response: {
          201: OrganizationSchema,
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
          409: ProblemSchema,
        },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      if (ctx.principal.kind !== 'user') {
        throw new AppError(
          'forbidden',
          'API tokens belong to one organization and cannot create others; sign in as a person',
        );
      }
      const org = await s.accounts.createOrganization(ctx, req.body);
      reply.code(201).header('location', `/api/v1/orgs/${org.slug}`);
      return organizationView(org, 'owner');
    },
  );

  r.get(
    '/api/v1/orgs/:org',
    {
      config: { permission: 'org:read' },
      schema: {
        tags: ['organizations'],
        summary: 'One organization',
        params: OrgParams,
        response: { 200: OrganizationSchema, ...errors },
      },
    },
    async (req) => {
      const mine = await s.accounts.myOrganizations(ctxOf(req));
      const m = mine.find((x) => x.organization.slug === req.params.org);
      if (!m) throw new AppError('not_found', 'organization not found');
      return organizationView(m.organization, m.role);
    },
  );

  r.get(
    '/api/v1/orgs/:org/members',
    {
      config: { permission: 'org:read' },
      schema: {
        tags: ['organizations'],
        summary: 'Members and their roles',
        params: OrgParams,
        response: { 200: z.object({ items: z.array(MemberSchema) }), ...errors },
      },
    },
    async (req) => ({
      items: (await s.accounts.listMembers(ctxOf(req), req.params.org)).map((m) => ({
        userId: m.user.id,
        email: m.user.email,
        name: m.user.name,
        role: m.role,
      })),
    }),
  );

  r.post(
    '/api/v1/orgs/:org/members',
    {
      config: { permission: 'member:manage' },
      schema: {
        tags: ['organizations'],
        summary: 'Give a person a role; a new account gets a generated password, shown once',
        params: OrgParams,
        body: MemberCreateSchema,
        response: {
          200: MemberSchema.extend({
            password: z.string().optional().describe('Only for a new account; shown once'),
          }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const r = await s.accounts.addMember(ctxOf(req), req.params.org, req.body);
      reply.header('cache-control', 'no-store');
      return {
        userId: r.user.id,
        email: r.user.email,
        name: r.user.name,
        role: req.body.role,
        ...(r.generatedPassword ? { password: r.generatedPassword } : {}),
      };
    },
  );

  r.delete(
    '/api/v1/orgs/:org/members/:id',
    {
      config: { permission: 'member:manage' },
      schema: {
        tags: ['organizations'],
        summary: 'Remove a person from the organization (an organization keeps at least one owner)',
        params: RecordParams,
        response: { 204: z.undefined(), ...errors, 409: ProblemSchema },
      },
    },
    async (req, reply) => {
      await s.accounts.removeMember(ctxOf(req), req.params.org, req.params.id);
      return reply.code(204).send();
    },
  );

  r.get(
    '/api/v1/orgs/:org/tokens',
    {
      config: { permission: 'token:manage' },
      schema: {
        tags: ['tokens'],
        summary: 'API tokens (never their secrets)',
        params: OrgParams,
        response: { 200: z.object({ items: z.array(TokenSchema) }), ...errors },
      },
    },
    async (req) => ({ items: (await s.accounts.listTokens(ctxOf(req), req.params.org)).map(tokenView) }),
  );

  r.post(
    '/api/v1/orgs/:org/tokens',
    {
      config: { permission: 'token:manage' },
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token; the secret is in this response only',
        params: OrgParams,
        body: TokenCreateSchema,
        response: { 201: TokenCreatedSchema, ...errors },
      },
    },
    async (req, reply) => {
      const { token, record } = await s.accounts.createToken(ctxOf(req), req.params.org, req.body);
      reply.code(201).header('cache-control', 'no-store');
      return { ...tokenView(record), token };
    },
  );

  r.delete(
    '/api/v1/orgs/:org/tokens/:id',
    {
      config: { permission: 'token:manage' },
      schema: {
        tags: ['tokens'],
        summary: 'Revoke an API token',
        params: RecordParams,
        response: { 200: TokenSchema, ...errors },
      },
    },
    async (req) => tokenView(await s.accounts.revokeToken(ctxOf(req), req.params.org, req.params.id)),
  );

  r.get(
    '/api/v1/orgs/:org/audit-events',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'The audit trail, newest first; filter by record or incident',
        params: OrgParams,
        querystring: PageQuerySchema.extend(AuditQuerySchema.shape),
        response: { 200: pageOf(AuditEventSchema), ...errors },
      },
    },
    async (req) => {
      const { cursor, limit, ...filter } = req.query;
      const page = await s.audit.list(ctxOf(req), req.params.org, filter, { cursor, limit });
      return { items: page.items.map(auditEventView), nextCursor: page.nextCursor };
    },
  );
}
