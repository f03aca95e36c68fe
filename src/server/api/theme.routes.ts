import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../container.ts';
import { ProblemSchema, safeName, text } from '../../shared/contract/index.ts';
import { ctxOf } from '../plugins/auth.ts';
import { OrgParams } from './params.ts';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

const ThemeName = text(80).describe('Theme name, e.g. "Compensation"');
const Terms = z
  .array(text(60))
  .min(1)
  .max(100)
  .describe('Words or phrases (case-insensitive, whole words; plurals match)');
const ThemeRuleSchema = z.object({ name: z.string(), terms: z.array(z.string()) }).meta({ id: 'ThemeRule' });
const NameParams = OrgParams.extend({ name: ThemeName });
const Refiled = z.object({
  rule: ThemeRuleSchema,
  items: z.number().int().describe('Feedback items filed anew'),
});

/** Theme rules: how an organization groups what people say, and the rewrites renames and merges make. */
export function themeRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/orgs/:org/theme-rules',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['feedback'],
        summary: "The organization's theme rules (the built-in ones until it changes any)",
        params: OrgParams,
        response: {
          200: z.object({ customized: z.boolean(), rules: z.array(ThemeRuleSchema) }),
          ...errors,
        },
      },
    },
    async (req) => s.themes.list(ctxOf(req), req.params.org),
  );

  r.put(
    '/api/v1/orgs/:org/theme-rules/:name',
    {
      config: { permission: 'theme:write' },
      schema: {
        tags: ['feedback'],
        summary: 'Define a theme, or replace its terms',
        description: 'New feedback is filed by it at once; re-apply the rules to file what was said before.',
        params: NameParams,
        body: z.object({ terms: Terms }).strict(),
        response: { 200: ThemeRuleSchema, ...errors },
      },
    },
    async (req) => s.themes.put(ctxOf(req), req.params.org, req.params.name, req.body.terms),
  );

  r.delete(
    '/api/v1/orgs/:org/theme-rules/:name',
    {
      config: { permission: 'theme:write' },
      schema: {
        tags: ['feedback'],
        summary: 'Delete a theme rule (filed items keep it until the rules are re-applied)',
        params: NameParams,
        response: { 204: z.undefined(), ...errors },
      },
    },
    async (req, reply) => {
      await s.themes.remove(ctxOf(req), req.params.org, req.params.name);
      return reply.code(204).send();
    },
  );

  r.post(
    '/api/v1/orgs/:org/theme-rules/:name/rename',
    {
      config: { permission: 'theme:write' },
      schema: {
        tags: ['feedback'],
        summary: 'Rename a theme, with the items filed under it and the links from actions',
        params: NameParams,
        body: z.object({ to: ThemeName }).strict(),
        response: { 200: Refiled, ...errors, 409: ProblemSchema },
      },
    },
    async (req) => s.themes.rename(ctxOf(req), req.params.org, req.params.name, req.body.to),
  );

  r.post(
    '/api/v1/orgs/:org/theme-rules/merge',
    {
      config: { permission: 'theme:write' },
      schema: {
        tags: ['feedback'],
        summary: 'Merge themes into one (terms united, items and action links carried over)',
        params: OrgParams,
        body: z.object({ from: z.array(ThemeName).min(1).max(20), into: ThemeName }).strict(),
        response: { 200: Refiled, ...errors },
      },
    },
    async (req) => s.themes.merge(ctxOf(req), req.params.org, req.body.from, req.body.into),
  );

  r.post(
    '/api/v1/orgs/:org/theme-rules/reapply',
    {
      config: { permission: 'theme:write' },
      schema: {
        tags: ['feedback'],
        summary: 'File every analysed item again by the current rules',
        params: OrgParams,
        response: {
          200: z.object({ checked: z.number().int(), changed: z.number().int() }),
          ...errors,
        },
      },
    },
    async (req) => s.themes.reapply(ctxOf(req), req.params.org),
  );

  r.get(
    '/api/v1/orgs/:org/theme-rules/suggestions',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['feedback'],
        summary: 'Key phrases recurring in feedback filed under no theme: candidates for new themes',
        params: OrgParams,
        querystring: z.object({ incident: safeName(64).optional() }),
        response: {
          200: z.object({
            items: z.array(z.object({ phrase: z.string(), count: z.number().int() })),
          }),
          ...errors,
        },
      },
    },
    async (req) => ({
      items: await s.themes.suggestions(ctxOf(req), req.params.org, req.query.incident),
    }),
  );
}
