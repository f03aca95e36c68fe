import { z } from 'zod';
import { ACTION_KINDS, ACTION_STATUSES, REPAIR_LOGICS, TRUST_DIMENSIONS } from '../enums.ts';
import { DueSchema, IdSchema, LinkSchema, TimestampSchema, oneOf, text } from './common.ts';

export const VerificationSchema = z
  .object({
    metric: text(300).describe('What was measured'),
    target: text(300).describe('The value that counts as effective'),
    result: text(300).describe('What was found'),
    evidence: z.array(LinkSchema).max(20).default([]),
  })
  .strict()
  .meta({ id: 'Verification' });
export type Verification = z.infer<typeof VerificationSchema>;

const actionFields = {
  title: text(200),
  description: text(5000).optional(),
  kind: oneOf(ACTION_KINDS),
  repairLogic: z
    .enum(REPAIR_LOGICS)
    .describe('distrust_regulation (controls, monitoring, sanctions) or trustworthiness_demonstration'),
  dimensions: z
    .array(oneOf(TRUST_DIMENSIONS))
    .max(3)
    .optional()
    .describe('Trust dimensions this action repairs'),
  rootCauseIds: z.array(IdSchema).max(50).optional(),
  owner: text(200).nullable().optional(),
  sponsor: text(200).nullable().optional().describe('Executive sponsor'),
  dueAt: DueSchema.nullable().optional(),
  verificationMethod: text(500).nullable().optional().describe('How effectiveness will be checked'),
  evidence: z.array(LinkSchema).max(20).optional(),
  isPublic: z.boolean().optional().describe('Shown on the public disclosure page'),
};

export const ActionCreateSchema = z.object(actionFields).strict().meta({ id: 'ActionCreate' });
export type ActionCreate = z.infer<typeof ActionCreateSchema>;

export const ActionPatchSchema = z
  .object({
    ...actionFields,
    title: actionFields.title.optional(),
    kind: actionFields.kind.optional(),
    repairLogic: actionFields.repairLogic.optional(),
    status: oneOf(ACTION_STATUSES).optional(),
    reason: text(2000).optional().describe('Required to drop an action or reopen a done one'),
    verification: VerificationSchema.optional().describe('Required to mark an action verified'),
    completedAt: TimestampSchema.optional().describe(
      'When the work was really finished, if not now (for records entered late)',
    ),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'must change at least one field' })
  .meta({ id: 'ActionPatch' });
export type ActionPatch = z.infer<typeof ActionPatchSchema>;

export const ActionSchema = z
  .object({
    id: z.string(),
    incidentId: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    kind: oneOf(ACTION_KINDS),
    repairLogic: oneOf(REPAIR_LOGICS),
    dimensions: z.array(oneOf(TRUST_DIMENSIONS)),
    rootCauseIds: z.array(z.string()),
    owner: z.string().nullable(),
    sponsor: z.string().nullable(),
    dueAt: z.string().nullable(),
    status: oneOf(ACTION_STATUSES),
    statusReason: z.string().nullable(),
    overdue: z.boolean().describe('Derived: past due and not done'),
    startedAt: z.string().nullable(),
    doneAt: z.string().nullable(),
    verifiedAt: z.string().nullable(),
    verificationMethod: z.string().nullable(),
    verification: VerificationSchema.nullable(),
    evidence: z.array(z.string()),
    isPublic: z.boolean(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Action' });
export type ActionView = z.infer<typeof ActionSchema>;

export const ActionListQuerySchema = z.object({
  status: oneOf(ACTION_STATUSES).optional(),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
});
