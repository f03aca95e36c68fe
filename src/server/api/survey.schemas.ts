import { z } from 'zod';
import { QUESTION_TYPES, SURVEY_STATUSES, TRUST_SCALES, WAVE_KINDS } from '../../domain/survey.ts';
import { AudienceSchema, TimestampSchema, oneOf, safeName, text } from '../../shared/contract/index.ts';

/** The survey API's request and response shapes (OpenAPI is generated from them). */

const QuestionIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be lowercase letters, digits and _ (1–40, a letter first)');

export const QuestionSchema = z
  .object({
    id: QuestionIdSchema,
    type: oneOf(QUESTION_TYPES),
    text: text(500),
    required: z.boolean().default(false),
    dimension: oneOf(TRUST_SCALES).optional().describe('Agreement items: the trust scale measured'),
    reverse: z.boolean().optional().describe('Agreement items worded against the construct'),
    options: z
      .array(z.object({ id: QuestionIdSchema, label: text(200) }).strict())
      .max(30)
      .optional()
      .describe('Choice questions'),
    maxLength: z.number().int().min(1).max(10_000).optional().describe('Free text'),
  })
  .strict()
  .meta({ id: 'SurveyQuestion' });

export const InstrumentCreateSchema = z
  .union([
    z
      .object({
        key: safeName(63).describe('Unique per organization'),
        name: text(200),
        description: text(2000).nullable().optional(),
        questions: z.array(QuestionSchema).min(1).max(100),
      })
      .strict(),
    z
      .object({
        template: z.literal('amends-trust').describe('A copy of the built-in Amends trust instrument'),
      })
      .strict(),
  ])
  .meta({ id: 'InstrumentCreate' });

export const InstrumentPatchSchema = z
  .object({
    name: text(200).optional(),
    description: text(2000).nullable().optional(),
    questions: z
      .array(QuestionSchema)
      .min(1)
      .max(100)
      .optional()
      .describe('A used version is never changed: new wording becomes a new version'),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'must change at least one field' })
  .meta({ id: 'InstrumentPatch' });

export const InstrumentSchema = z
  .object({
    id: z.string(),
    key: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    currentVersion: z.number().int(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Instrument' });

export const InstrumentDetailSchema = InstrumentSchema.extend({
  questions: z.array(QuestionSchema).describe('The current version’s questions'),
  versions: z.array(
    z.object({
      number: z.number().int(),
      contentHash: z.string(),
      createdAt: z.string(),
      waves: z.number().int().describe('Waves that pin this version'),
    }),
  ),
}).meta({ id: 'InstrumentDetail' });

export const SurveyCreateSchema = z
  .object({
    title: text(200),
    instrument: safeName(64).describe('Instrument id or key; `amends-trust` for the built-in one'),
    instrumentVersion: z.number().int().min(1).optional().describe('Defaults to the current version'),
    incident: safeName(64).optional().describe('Incident id or slug'),
    audience: AudienceSchema,
    wave: oneOf(WAVE_KINDS),
    anonymous: z.boolean().optional(),
    opensAt: TimestampSchema.optional(),
    closesAt: TimestampSchema.optional().describe('Links stop working then (410)'),
    editWindowHours: z
      .number()
      .min(0)
      .max(24 * 30)
      .optional()
      .describe('How long answers may be changed after the first submission (default 24)'),
    reminderHours: z
      .array(
        z
          .number()
          .int()
          .min(1)
          .max(24 * 90),
      )
      .max(5)
      .optional()
      .describe('Reminder steps in hours after the invitation, e.g. [72, 168]'),
  })
  .strict()
  .meta({ id: 'SurveyCreate' });

export const SurveySchema = z
  .object({
    id: z.string(),
    incidentId: z.string().nullable(),
    title: z.string(),
    audience: z.string(),
    wave: oneOf(WAVE_KINDS),
    instrumentId: z.string(),
    instrumentVersion: z.number().int(),
    anonymous: z.boolean(),
    status: oneOf(SURVEY_STATUSES),
    opensAt: z.string().nullable(),
    closesAt: z.string().nullable(),
    editWindowMinutes: z.number().int(),
    reminderHours: z.array(z.number()),
    openedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Survey' });

export const SurveyDetailSchema = SurveySchema.extend({
  recipients: z.number().int(),
  invited: z.number().int(),
  responded: z.number().int(),
}).meta({ id: 'SurveyDetail' });

export const RecipientsAddSchema = z
  .object({
    recipients: z
      .array(
        z
          .object({
            email: z.email({ error: 'must be an e-mail address' }).max(320),
            segments: z
              .record(z.string(), z.string())
              .optional()
              .describe('Attributes for breakdowns, e.g. { "region": "EU", "plan": "pro" }'),
          })
          .strict(),
      )
      .min(1)
      .max(100_000),
  })
  .strict()
  .meta({ id: 'RecipientsAdd' });

const QuestionResultSchema = z.object({
  id: z.string(),
  type: oneOf(QUESTION_TYPES),
  text: z.string(),
  dimension: z.string().nullable(),
  reverse: z.boolean(),
  n: z.number().int(),
  distribution: z.record(z.string(), z.number()).nullable(),
  mean: z.number().nullable(),
  scoredMean: z.number().nullable().describe('Reverse-keyed items: 8 − mean'),
  nps: z
    .object({ promoters: z.number(), passives: z.number(), detractors: z.number(), score: z.number() })
    .nullable(),
  topBox: z
    .object({ count: z.number(), share: z.number() })
    .nullable()
    .describe('CSAT: 4–5 of 5; CES: 5–7 of 7'),
  verbatims: z.array(z.string()).optional(),
});

export const SurveyResultsSchema = z
  .object({
    survey: SurveySchema,
    respondents: z.number().int(),
    invited: z.number().int(),
    responseRate: z.number().nullable(),
    suppressed: z.boolean().describe('Anonymous wave under the threshold: no figures'),
    threshold: z.number().int().nullable().describe('Smallest group shown (anonymous waves)'),
    questions: z.array(QuestionResultSchema),
    breakdown: z
      .object({
        by: z.string(),
        groups: z.array(
          z.object({
            value: z.string().nullable().describe('null: people without this attribute'),
            n: z.number().int().nullable(),
            suppressed: z.boolean(),
            label: z.string().optional().describe('"fewer than 5" when suppressed'),
            questions: z.array(QuestionResultSchema),
          }),
        ),
      })
      .nullable(),
  })
  .meta({ id: 'SurveyResults' });

export const SurveyListQuerySchema = z.object({
  incident: safeName(64).optional(),
  wave: oneOf(WAVE_KINDS).optional(),
});

/** Answers sent as JSON to a survey link: question id → number, option id(s) or text. */
export const SurveyAnswersBodySchema = z
  .object({
    answers: z.record(
      z.string().max(40),
      z.union([z.number(), z.string().max(20_000), z.array(z.string().max(40)).max(30)]),
    ),
    contact: z.boolean().optional(),
  })
  .strict();
