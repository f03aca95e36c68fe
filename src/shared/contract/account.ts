import { z } from 'zod';
import { ROLES } from '../enums.ts';
import { SlugSchema, oneOf, text } from './common.ts';

export const LoginSchema = z
  .object({
    email: z.email({ error: 'must be an e-mail address' }).max(320),
    password: z.string().min(1, 'must not be empty').max(1000),
  })
  .strict()
  .meta({ id: 'Login' });

export const MembershipSchema = z.object({
  org: z.string().describe('Organization slug'),
  orgName: z.string(),
  role: oneOf(ROLES),
});

export const SessionSchema = z
  .object({
    user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
    memberships: z.array(MembershipSchema),
    csrfToken: z.string().describe('Send as X-CSRF-Token on every cookie-authenticated write'),
    expiresAt: z.string(),
  })
  .meta({ id: 'Session' });
export type SessionView = z.infer<typeof SessionSchema>;

export const OrganizationSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    role: oneOf(ROLES).describe('Your role in it'),
    createdAt: z.string(),
  })
  .meta({ id: 'Organization' });

/** Slugs that name parts of Amends itself at the root of its URLs. */
export const RESERVED_ORG_SLUGS = ['admin', 'api', 'healthz', 'readyz', 'assets', 'static', 'docs'] as const;

export const OrgSlugSchema = SlugSchema.refine(
  (s) => !(RESERVED_ORG_SLUGS as readonly string[]).includes(s),
  {
    message: `is reserved (${RESERVED_ORG_SLUGS.join(', ')})`,
  },
);

export const OrganizationCreateSchema = z
  .object({ slug: OrgSlugSchema, name: text(200) })
  .strict()
  .meta({ id: 'OrganizationCreate' });

export const TokenCreateSchema = z
  .object({ name: text(100), role: oneOf(ROLES) })
  .strict()
  .meta({ id: 'TokenCreate' });

export const TokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: oneOf(ROLES),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });

export const TokenCreatedSchema = TokenSchema.extend({
  token: z.string().describe('The secret; shown once, never again'),
}).meta({ id: 'ApiTokenCreated' });

export const MemberCreateSchema = z
  .object({
    email: z.email({ error: 'must be an e-mail address' }).max(320),
    name: text(200).optional(),
    role: oneOf(ROLES),
  })
  .strict()
  .meta({ id: 'MemberCreate' });

export const MemberSchema = z
  .object({ userId: z.string(), email: z.string(), name: z.string(), role: oneOf(ROLES) })
  .meta({ id: 'Member' });
