import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Services } from '../container.ts';
import type { Permission } from '../domain/permissions.ts';
import { accountRoutes } from './api/account.routes.ts';
import { createReadCache } from './read-cache.ts';
import { incidentRoutes } from './api/incident.routes.ts';
import { spineRoutes } from './api/spine.routes.ts';
import { statementRoutes } from './api/statement.routes.ts';
import { feedbackRoutes } from './api/feedback.routes.ts';
import { themeRoutes } from './api/theme.routes.ts';
import { lessonRoutes } from './api/lesson.routes.ts';
import { surveyRoutes } from './api/survey.routes.ts';
import { surveyPageRoutes } from './survey-pages.routes.ts';
import { caseRoutes } from './api/case.routes.ts';
import { feedbackIntakeRoutes } from './api/feedback-intake.routes.ts';
import { conversationRoutes } from './api/conversation.routes.ts';
import { mentionRoutes } from './api/mention.routes.ts';
import { metricsRoutes } from './api/metrics.routes.ts';
import { reportRoutes } from './api/report.routes.ts';
import { publicRoutes } from './public.routes.ts';
import { registerAuth } from './plugins/auth.ts';
import { packageRoot, registerConsole } from './plugins/console.ts';
import { PROBLEM_TYPES, registerErrorHandling } from './plugins/errors.ts';
import { registerOpenApi } from './plugins/openapi.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a tenant route needs; the authorization matrix test is generated from it. */
    permission?: Permission;
  }
  interface FastifyInstance {
    /** Every tenant route with the permission it needs, in registration order. */
    tenantRoutes: TenantRoute[];
  }
}

export interface TenantRoute {
  method: string;
  url: string;
  permission: Permission;
}

export interface AppOptions {
  /** pino logger options, or false for none (tests). */
  logger?: boolean | { level: string };
  /** Where the built console lives; defaults to admin/dist in the repository. */
  consoleDir?: string;
  version?: string;
}

/** Body size limit for the JSON API. */
export const BODY_LIMIT_BYTES = 256 * 1024;

/**
 * Builds the HTTP application without listening, so tests drive it through `inject()`.
 * Plugin order is deliberate: errors → cookies → rate limits → authentication → OpenAPI →
 * routes → console.
 */
export async function buildApp(services: Services, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy:
      typeof services.config.trustProxy === 'number'
        ? (_address: string, hop: number) => hop < (services.config.trustProxy as number)
        : services.config.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
    routerOptions: { maxParamLength: 200 },
  });
  app.setValidatorCompiler(validatorCompiler);
  // Presenters already produce exactly the documented shape; plain JSON keeps reads fast.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  const tenantRoutes: TenantRoute[] = [];
  app.decorate('tenantRoutes', tenantRoutes);
  app.addHook('onRoute', (route) => {
    const permission = route.config?.permission;
    if (!permission || route.method === 'HEAD') return;
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') tenantRoutes.push({ method, url: route.url, permission });
    }
  });

  registerErrorHandling(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    if (request.url.startsWith('/admin')) {
      reply.header('x-frame-options', 'DENY');
      reply.header(
        'content-security-policy',
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
      );
    }
    if (request.url.startsWith('/api/v1/') && !reply.hasHeader('cache-control')) {
      reply.header('cache-control', 'no-store');
    }
  });

  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  registerAuth(app, services);
  await registerOpenApi(app, opts.version ?? '0.1.0');

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    try {
      await services.store.ping();
      return { status: 'ready' };
    } catch (err) {
      request.log.error({ err }, 'database not ready');
      return reply.code(503).send({ status: 'unavailable' });
    }
  });
  app.get('/api/v1/problems/:code', { schema: { hide: true } }, async (request, reply) => {
    const code = (request.params as { code: string }).code;
    const p = PROBLEM_TYPES[code as keyof typeof PROBLEM_TYPES];
    if (!p) return reply.callNotFound();
    return { code, status: p.status, title: p.title, description: p.description };
  });

  accountRoutes(app, services, services.config);
  const cache = createReadCache(services);
  incidentRoutes(app, services, cache);
  spineRoutes(app, services, cache);
  statementRoutes(app, services);
  feedbackRoutes(app, services);
  themeRoutes(app, services);
  lessonRoutes(app, services);
  surveyRoutes(app, services);
  await surveyPageRoutes(app, services);
  caseRoutes(app, services);
  await feedbackIntakeRoutes(app, services);
  conversationRoutes(app, services);
  mentionRoutes(app, services);
  metricsRoutes(app, services, cache);
  reportRoutes(app, services);
  await publicRoutes(app, services, services.config);
  await registerConsole(app, opts.consoleDir ?? join(packageRoot(), 'admin/dist'));
  return app;
}
