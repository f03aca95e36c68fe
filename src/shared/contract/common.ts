import { z } from 'zod';

/** An RFC 3339 timestamp with an offset, e.g. `2026-03-01T09:30:00Z`. */
export const TimestampSchema = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 date-time such as 2026-03-01T09:30:00Z' })
  .describe('ISO 8601 date-time with offset');

/**
 * A due date: a full timestamp, or a calendar date meaning the end of that day in UTC.
 * Normalized to a timestamp by the service layer.
 */
export const DueSchema = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: 'must be a date (2026-03-01) or an ISO 8601 date-time',
  })
  .describe('A date (end of that day, UTC) or an ISO 8601 date-time');

export const IdSchema = z.string().min(1).max(64).describe('Record id (UUIDv7)');

export const SlugSchema = z
  .string()
  .min(2, 'must be at least 2 characters')
  .max(63, 'must be at most 63 characters')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'may contain lowercase letters, digits and single hyphens only');

/** Visible text: trimmed, no control characters other than newline and tab. */
export function text(max: number, min = 1) {
  return z
    .string()
    .trim()
    .min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`)
    .refine((v) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(v), {
      message: 'must not contain control characters',
    });
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
