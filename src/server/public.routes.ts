import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '../config/env.ts';
import type { Services } from '../container.ts';
import { isAppError } from '../domain/errors.ts';
import { safeName, text } from '../shared/contract/index.ts';
import { messages, t } from '../shared/i18n.ts';
import { SESSION_COOKIE } from './plugins/auth.ts';
import type { Cached } from './public-cache.ts';
import { PublicCache } from './public-cache.ts';
import { atomFeed } from './pages/feeds.ts';
import { disclosurePage, orgPage } from './pages/disclosure.tsx';
import { PUBLIC_CSP, messagePage, unsubscribePage } from './pages/layout.tsx';

const PUBLIC_CACHE_CONTROL = 'public, max-age=0, s-maxage=1, stale-while-revalidate=30';

function send(
  request: FastifyRequest,
  reply: FastifyReply,
  entry: Cached,
  cacheControl = PUBLIC_CACHE_CONTROL,
) {
  reply.header('etag', entry.etag).header('cache-control', cacheControl).header('vary', 'accept-encoding');
  if (entry.type.startsWith('text/html')) {
    reply.header('content-security-policy', PUBLIC_CSP).header('x-frame-options', 'DENY');
  }
  const match = request.headers['if-none-match'];
  if (match && match.split(',').some((m) => m.trim() === entry.etag) && entry.status === 200) {
    return reply.code(304).send();
  }
  return reply.code(entry.status).type(entry.type).send(entry.body);
}

const FeedbackBody = z
  .object({
    text: text(5000),
    incident: safeName(64).optional(),
    rating: z.number().int().min(0).max(10).optional(),
    email: z.email().max(320).optional(),
    name: text(200).optional(),
    consent: z.boolean().optional(),
    website: z.string().max(200).optional(),
    kind: z.literal('complaint').optional(),
  })
  .strict();

const EmailForm = z.object({
  email: z.email().max(320),
  incident: z.string().max(64).optional(),
  website: z.string().max(200).optional(),
});

/**
 * The public side: organization and incident disclosure pages, audience pages, Atom feeds, the
 * public JSON, and the subscription forms and links. Server-rendered HTML, complete without
 * JavaScript.
 */
export async function publicRoutes(app: FastifyInstance, s: Services, config: Config): Promise<void> {
  const c = messages('en');
  const cache = new PublicCache();
  const base = config.publicUrl;
  const orgUrl = (org: string) => `${base}/${encodeURIComponent(org)}`;
  const incidentUrl = (org: string, slug: string) => `${orgUrl(org)}/incidents/${encodeURIComponent(slug)}`;
  const notFoundPage = (org?: string) =>
    messagePage(
      c,
      org ?? 'Amends',
      org ? `/${encodeURIComponent(org)}` : '/',
      t(c, 'error.notFound'),
      t(c, 'error.notFoundText'),
    );

  const versionOf = (org: string | undefined) => () =>
    org ? s.disclosure.dataVersion(org) : Promise.resolve(undefined);
  // Public pages answer errors as pages, not problem documents.
  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    key: string,
    build: () => Promise<string>,
    org?: string,
  ) => {
    const entry = await cache.get(
      key,
      async () => {
        try {
          return { status: 200, type: 'text/html; charset=utf-8', body: await build() };
        } catch (e) {
          if (isAppError(e) && e.code === 'not_found')
            return { status: 404, type: 'text/html; charset=utf-8', body: notFoundPage(org) };
          throw e;
        }
      },
      versionOf(org),
    );
    return send(request, reply, entry);
  };

  await app.register(async (pub) => {
    await pub.register(formbody);
    const hide = { schema: { hide: true } };

    pub.get<{ Params: { org: string } }>('/:org', hide, (req, reply) =>
      page(
        req,
        reply,
        `org|${req.params.org}`,
        async () =>
          orgPage(c, await s.disclosure.orgPage(req.params.org), {
            org: orgUrl(req.params.org),
            feed: `${orgUrl(req.params.org)}/feed.atom`,
          }),
        req.params.org,
      ),
    );

    pub.get<{ Params: { org: string; slug: string } }>('/:org/incidents/:slug', hide, (req, reply) => {
      const { org, slug } = req.params;
      return page(
        req,
        reply,
        `incident|${org}|${slug}`,
        async () =>
          disclosurePage(c, await s.disclosure.incidentPage(org, slug, { audience: 'public' }), {
            org: orgUrl(org),
            feed: `${incidentUrl(org, slug)}/feed.atom`,
            json: `${base}/api/v1/public/${encodeURIComponent(org)}/incidents/${encodeURIComponent(slug)}`,
            subscribe: `/${encodeURIComponent(org)}/subscribe`,
            feedback: `/${encodeURIComponent(org)}/feedback`,
          }),
        org,
      );
    });

    // Pages for other audiences: a secret link or a signed-in member; never shared caches.
    pub.get<{ Params: { org: string; slug: string; audience: string }; Querystring: { key?: string } }>(
      '/:org/incidents/:slug/for/:audience',
      hide,
      async (req, reply) => {
        const { org, slug, audience } = req.params;
        const cookie = req.cookies[SESSION_COOKIE];
        const auth = cookie ? await s.accounts.authenticateSession(cookie) : undefined;
        reply.header('cache-control', 'private, no-store').header('referrer-policy', 'no-referrer');
        reply.header('content-security-policy', PUBLIC_CSP).header('x-frame-options', 'DENY');
        try {
          const view = await s.disclosure.incidentPage(org, slug, {
            audience,
            key: typeof req.query.key === 'string' ? req.query.key : undefined,
            principal: auth?.principal,
          });
          return reply.type('text/html; charset=utf-8').send(
            disclosurePage(c, view, {
              org: orgUrl(org),
              feed: '',
              json: '',
              subscribe: `/${encodeURIComponent(org)}/subscribe`,
              feedback: `/${encodeURIComponent(org)}/feedback`,
            }),
          );
        } catch (e) {
          if (isAppError(e) && e.code === 'not_found')
            return reply.code(404).type('text/html; charset=utf-8').send(notFoundPage(org));
          throw e;
        }
      },
    );

    pub.get<{ Params: { org: string } }>('/:org/feed.atom', hide, async (req, reply) => {
      const { org } = req.params;
      const entry = await cache.get(
        `feed|${org}`,
        async () => {
          try {
            const overview = await s.disclosure.orgPage(org);
            const sources = await Promise.all(
              overview.incidents.map(async (i) => ({
                view: await s.disclosure.incidentPage(org, i.slug, { audience: 'public' }),
                pageUrl: incidentUrl(org, i.slug),
              })),
            );
            const body = atomFeed(
              c,
              {
                id: `${orgUrl(org)}/feed.atom`,
                title: t(c, 'feed.orgTitle', { org: overview.org.name }),
                selfUrl: `${orgUrl(org)}/feed.atom`,
                pageUrl: orgUrl(org),
              },
              sources,
            );
            return { status: 200, type: 'application/atom+xml; charset=utf-8', body };
          } catch (e) {
            if (isAppError(e) && e.code === 'not_found')
              return { status: 404, type: 'text/plain; charset=utf-8', body: 'not found' };
            throw e;
          }
        },
        versionOf(org),
      );
      return send(req, reply, entry);
    });

    pub.get<{ Params: { org: string; slug: string } }>(
      '/:org/incidents/:slug/feed.atom',
      hide,
      async (req, reply) => {
        const { org, slug } = req.params;
        const entry = await cache.get(
          `feed|${org}|${slug}`,
          async () => {
            try {
              const view = await s.disclosure.incidentPage(org, slug, { audience: 'public' });
              const self = `${incidentUrl(org, slug)}/feed.atom`;
              const body = atomFeed(
                c,
                {
                  id: self,
                  title: t(c, 'feed.title', { org: view.org.name, incident: view.incident.title }),
                  selfUrl: self,
                  pageUrl: incidentUrl(org, slug),
                },
                [{ view, pageUrl: incidentUrl(org, slug) }],
              );
              return { status: 200, type: 'application/atom+xml; charset=utf-8', body };
            } catch (e) {
              if (isAppError(e) && e.code === 'not_found')
                return { status: 404, type: 'text/plain; charset=utf-8', body: 'not found' };
              throw e;
            }
          },
          versionOf(org),
        );
        return send(req, reply, entry);
      },
    );

    pub.get<{ Params: { org: string; slug: string } }>(
      '/api/v1/public/:org/incidents/:slug',
      hide,
      async (req, reply) => {
        const { org, slug } = req.params;
        const entry = await cache.get(
          `json|${org}|${slug}`,
          async () => {
            try {
              const view = await s.disclosure.incidentPage(org, slug, { audience: 'public' });
              return { status: 200, type: 'application/json; charset=utf-8', body: JSON.stringify(view) };
            } catch (e) {
              if (isAppError(e) && e.code === 'not_found') {
                return {
                  status: 404,
                  type: 'application/problem+json',
                  body: JSON.stringify({
                    type: '/api/v1/problems/not_found',
                    title: 'Not found',
                    status: 404,
                    code: 'not_found',
                    detail: 'no public incident here',
                  }),
                };
              }
              throw e;
            }
          },
          versionOf(org),
        );
        reply.header('access-control-allow-origin', '*');
        return send(req, reply, entry);
      },
    );

    // Subscriptions: the form, the confirmation link, the unsubscribe link (RFC 8058 one-click).
    pub.post<{ Params: { org: string } }>(
      '/:org/subscribe',
      { ...hide, config: { rateLimit: { max: 10, timeWindow: 60_000 } } },
      async (req, reply) => {
        const { org } = req.params;
        reply.header('cache-control', 'no-store').header('content-security-policy', PUBLIC_CSP);
        const form = EmailForm.safeParse(req.body);
        const back =
          form.success && form.data.incident
            ? `/${encodeURIComponent(org)}/incidents/${encodeURIComponent(form.data.incident)}#subscribe`
            : `/${encodeURIComponent(org)}`;
        const html = (status: number, text: string) =>
          reply
            .code(status)
            .type('text/html; charset=utf-8')
            .send(messagePage(c, org, `/${encodeURIComponent(org)}`, t(c, 'incident.subscribe'), text, back));
        if (!form.success) return html(400, t(c, 'error.badEmail'));
        // The honeypot: people leave the hidden field empty; a bot that fills it is answered as if it worked.
        if (form.data.website) return html(200, t(c, 'subscribe.sent'));
        try {
          await s.subscriptions.subscribeEmail(org, form.data.incident || null, form.data.email);
        } catch (e) {
          if (isAppError(e) && e.code === 'not_found')
            return reply.code(404).type('text/html; charset=utf-8').send(notFoundPage(org));
          throw e;
        }
        return html(200, t(c, 'subscribe.sent'));
      },
    );

    // Feedback: a JSON endpoint for other front ends, and the form on the public page.
    const feedbackLimit = { rateLimit: { max: config.feedbackRateLimit, timeWindow: 60_000 } };
    pub.post<{ Params: { org: string }; Body: z.infer<typeof FeedbackBody> }>(
      '/api/v1/public/:org/feedback',
      { ...hide, bodyLimit: 16 * 1024, config: feedbackLimit, schema: { hide: true, body: FeedbackBody } },
      async (req, reply) => {
        const { website, ...input } = req.body;
        // A bot that fills the hidden field is thanked and ignored.
        if (website) return reply.code(201).send({ id: null });
        const id = await s.feedback.submitPublic(req.params.org, input, req.ip);
        return reply.code(201).header('cache-control', 'no-store').send({ id });
      },
    );
    pub.post<{ Params: { org: string } }>(
      '/:org/feedback',
      { ...hide, bodyLimit: 16 * 1024, config: feedbackLimit },
      async (req, reply) => {
        const { org } = req.params;
        reply.header('cache-control', 'no-store').header('content-security-policy', PUBLIC_CSP);
        const raw = (req.body ?? {}) as Record<string, string | undefined>;
        const form = FeedbackBody.safeParse({
          text: raw.text ?? '',
          incident: raw.incident || undefined,
          email: raw.email || undefined,
          consent: raw.consent === 'yes',
          website: raw.website || undefined,
          kind: raw.kind === 'complaint' ? 'complaint' : undefined,
        });
        const back = raw.incident
          ? `/${encodeURIComponent(org)}/incidents/${encodeURIComponent(raw.incident)}#feedback`
          : `/${encodeURIComponent(org)}`;
        const html = (status: number, text: string) =>
          reply
            .code(status)
            .type('text/html; charset=utf-8')
            .send(messagePage(c, org, `/${encodeURIComponent(org)}`, t(c, 'feedback.title'), text, back));
        if (!form.success) return html(400, t(c, 'feedback.empty'));
        if (form.data.website) return html(200, t(c, 'feedback.thanks'));
        const { website: _w, ...input } = form.data;
        try {
          await s.feedback.submitPublic(org, input, req.ip);
        } catch (e) {
          if (isAppError(e) && e.code === 'not_found')
            return reply.code(404).type('text/html; charset=utf-8').send(notFoundPage(org));
          throw e;
        }
        return html(201, t(c, 'feedback.thanks'));
      },
    );

    const linkPage = async (
      req: FastifyRequest<{ Params: { org: string; id: string }; Querystring: { token?: string } }>,
      reply: FastifyReply,
      purpose: 'confirm' | 'unsubscribe',
    ) => {
      const { org, id } = req.params;
      reply
        .header('cache-control', 'no-store')
        .header('content-security-policy', PUBLIC_CSP)
        .header('referrer-policy', 'no-referrer');
      try {
        const token = typeof req.query.token === 'string' ? req.query.token : '';
        if (purpose === 'confirm') await s.subscriptions.confirm(org, id, token);
        else await s.subscriptions.unsubscribe(org, id, token);
      } catch (e) {
        if (isAppError(e) && e.code === 'not_found')
          return reply.code(404).type('text/html; charset=utf-8').send(notFoundPage(org));
        throw e;
      }
      const text = t(c, purpose === 'confirm' ? 'subscribe.confirmed' : 'subscribe.unsubscribed');
      return reply
        .type('text/html; charset=utf-8')
        .send(messagePage(c, org, `/${encodeURIComponent(org)}`, t(c, 'incident.subscribe'), text));
    };
    type LinkRequest = { Params: { org: string; id: string }; Querystring: { token?: string } };
    pub.get<LinkRequest>('/:org/subscriptions/:id/confirm', hide, (req, reply) =>
      linkPage(req, reply, 'confirm'),
    );
    // A GET must not unsubscribe (mail scanners follow links): it shows a button that POSTs.
    pub.get<LinkRequest>('/:org/subscriptions/:id/unsubscribe', hide, async (req, reply) => {
      reply
        .header('cache-control', 'no-store')
        .header('content-security-policy', PUBLIC_CSP)
        .header('referrer-policy', 'no-referrer');
      const token = typeof req.query.token === 'string' ? req.query.token : '';
      if (!(await s.subscriptions.links.verify('unsubscribe', req.params.id, token))) {
        return reply.code(404).type('text/html; charset=utf-8').send(notFoundPage(req.params.org));
      }
      const action = `/${encodeURIComponent(req.params.org)}/subscriptions/${encodeURIComponent(req.params.id)}/unsubscribe?token=${encodeURIComponent(token)}`;
      return reply.type('text/html; charset=utf-8').send(unsubscribePage(c, req.params.org, action));
    });
    pub.post<LinkRequest>('/:org/subscriptions/:id/unsubscribe', hide, (req, reply) =>
      linkPage(req, reply, 'unsubscribe'),
    );
  });
}
