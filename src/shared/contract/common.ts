import { z } from 'zod';

// Messages people read next to a form field: a missing field says so plainly, everywhere.
z.config({
  customError: (issue) => {
    switch (issue.code) {
      case 'invalid_type':
        return issue.input === undefined ? 'is required' : `must be ${article(issue.expected)}`;
      case 'too_big':
        return `must be at most ${issue.maximum}${unit(issue.origin, issue.maximum)}`;
      case 'too_small':
        return `must be at least ${issue.minimum}${unit(issue.origin, issue.minimum)}`;
      case 'unrecognized_keys':
        return `is not a known field (${issue.keys.join(', ')})`;
      default:
        return undefined;
    }
  },
});

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function unit(origin: string, n: number | bigint): string {
  const plural = Number(n) === 1 ? '' : 's';
  if (origin === 'string') return ` character${plural}`;
  if (origin === 'array' || origin === 'set') return ` item${plural}`;
  return '';
}

/** An enum whose error lists the choices in words people can act on. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (issue) => (issue.input === undefined ? 'is required' : `must be one of: ${values.join(', ')}`),
  });
}

/** Years both databases store: PostgreSQL's timestamptz refuses year 0, and 5-digit years read badly. */
const EARLIEST_MS = Date.UTC(1970, 0, 1);
const LATEST_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
function inRange(v: string): boolean {
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
  return t >= EARLIEST_MS && t <= LATEST_MS;
}
const RANGE = { message: 'must be between 1970 and 9999' };

/** An RFC 3339 timestamp with an offset, e.g. `2026-03-01T09:30:00Z`. */
export const TimestampSchema = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 date-time such as 2026-03-01T09:30:00Z' })
  .refine(inRange, RANGE)
  .describe('ISO 8601 date-time with offset');

/**
 * A due date: a full timestamp, or a calendar date meaning the end of that day in UTC.
 * Normalized to a timestamp by the service layer.
 */
export const DueSchema = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: 'must be a date (2026-03-01) or an ISO 8601 date-time',
  })
  .refine(inRange, RANGE)
  .describe('A date (end of that day, UTC) or an ISO 8601 date-time');

/**
 * A name in a URL or a query: ids, slugs, filters. Plain visible ASCII, so nothing unusual (NUL
 * bytes, which PostgreSQL refuses in text) reaches a query.
 */
export function safeName(max: number) {
  return z
    .string()
    .min(1, 'must not be empty')
    .max(max)
    .regex(/^[A-Za-z0-9._~-]+$/, 'may contain letters, digits, dots, hyphens, underscores and tildes only');
}

export const IdSchema = safeName(64).describe('Record id (UUIDv7)');

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const SlugSchema = z
  .string()
  .min(2, 'must be at least 2 characters')
  .max(63, 'must be at most 63 characters')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'may contain lowercase letters, digits and single hyphens only')
  .refine((v) => !UUID_SHAPE.test(v), { message: 'must not look like a record id' });

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Visible text: trimmed, no control characters other than newline and tab, well-formed Unicode. */
export function text(max: number, min = 1) {
  return z
    .string()
    .trim()
    .min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`)
    .refine((v) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(v), {
      message: 'must not contain control characters',
    })
    .refine((v) => !LONE_SURROGATE.test(v), { message: 'must be valid Unicode (no lone surrogates)' });
}

/** An http(s) link to evidence. */
export const LinkSchema = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .max(2000, 'must be at most 2000 characters');

export const PageQuerySchema = z.object({
  cursor: z.string().max(200).optional().describe('Opaque cursor from a previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size (1–200)'),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as `cursor` to get the next page; null at the end'),
  });
}

/** RFC 9457 problem details, as every error is answered. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z
      .array(
        z.object({
          path: z.string().describe('JSON pointer-like path of the field, e.g. body.title'),
          message: z.string(),
          rule: z
            .string()
            .optional()
            .describe('Rule id from the research (e.g. GD-D3) for refused transitions'),
          remedy: z.string().optional().describe('What would satisfy the rule'),
        }),
      )
      .optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof ProblemSchema>;
