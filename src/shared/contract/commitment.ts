import { z } from 'zod';
import { COMMITMENT_STATUSES } from '../enums.ts';
import { DueSchema, IdSchema, LinkSchema, TimestampSchema, oneOf, text } from './common.ts';
import { AudienceSchema } from './incident.ts';

const commitmentFields = {
  text: text(2000).describe('The promise, as it was made'),
  audience: AudienceSchema,
  dueAt: DueSchema.nullable().optional(),
  owner: text(200).nullable().optional(),
  verification: text(500).nullable().optional().describe('How anyone can check it was kept'),
  source: text(500).nullable().optional().describe('Where it was promised (statement, call, post)'),
  actionIds: z.array(IdSchema).max(50).optional().describe('Corrective actions that fulfil it'),
  evidence: z.array(LinkSchema).max(20).optional(),
  isPublic: z.boolean().optional(),
};

export const CommitmentCreateSchema = z.object(commitmentFields).strict().meta({ id: 'CommitmentCreate' });
export type CommitmentCreate = z.infer<typeof CommitmentCreateSchema>;

export const CommitmentPatchSchema = z
  .object({
    ...commitmentFields,
    text: commitmentFields.text.optional(),
    audience: commitmentFields.audience.optional(),
    status: z
      .enum(['kept', 'broken', 'withdrawn', 'open'])
      .optional()
      .describe(
        'kept: record it kept (only without linked actions, which decide by themselves); broken or withdrawn need an explanation; open reopens',
      ),
    keptAt: TimestampSchema.optional().describe('When it was kept, if not now'),
    explanation: text(2000)
      .optional()
      .describe('Required to move the due date (renegotiate), to withdraw, or to mark broken'),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'must change at least one field' })
  .meta({ id: 'CommitmentPatch' });
export type CommitmentPatch = z.infer<typeof CommitmentPatchSchema>;

export const DueChangeSchema = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  explanation: z.string(),
  at: z.string(),
  by: z.string(),
});

export const CommitmentSchema = z
  .object({
    id: z.string(),
    incidentId: z.string(),
    text: z.string(),
    audience: z.string(),
    dueAt: z.string().nullable(),
    originalDueAt: z.string().nullable(),
    owner: z.string().nullable(),
    verification: z.string().nullable(),
    source: z.string().nullable(),
    kind: oneOf(['promise', 'next_update']).describe(
      'next_update: a statement promised its next update by a time',
    ),
    sourceStatementId: z.string().nullable(),
    actionIds: z.array(z.string()),
    status: oneOf(COMMITMENT_STATUSES),
    overdue: z.boolean().describe('Derived: still open past its due date'),
    specific: z.boolean().describe('Has a due date, an owner and a verification'),
    keptAt: z.string().nullable(),
    explanation: z.string().nullable(),
    dueHistory: z.array(DueChangeSchema),
    evidence: z.array(z.string()),
    isPublic: z.boolean(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Commitment' });
export type CommitmentView = z.infer<typeof CommitmentSchema>;
