import { z } from 'zod';
import { IdSchema, TimestampSchema, oneOf, safeName, text } from './common.ts';

/** Case statuses, in lifecycle order. */
export const CASE_STATUSES = ['new', 'acknowledged', 'in_progress', 'resolved', 'closed'] as const;
export const CASE_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const CASE_ALERT_KINDS = ['ack_breach', 'resolve_breach'] as const;

export const CaseSlaSchema = z
  .object({
    ackDueAt: z.string().describe('Opened at + the acknowledge target of the severity'),
    resolveDueAt: z.string().describe('Opened at + the resolve target of the severity'),
    ackBreached: z.boolean().describe('Acknowledged late, or still unacknowledged past ackDueAt'),
    resolveBreached: z.boolean().describe('Resolved late, or still unresolved past resolveDueAt'),
    breached: z.boolean(),
    atRisk: z.boolean().describe('Open, not breached, with less than atRiskShare of the running target left'),
    remainingMs: z
      .number()
      .nullable()
      .describe('Time left on the running clock (negative once overdue); null when resolved or closed'),
    clock: z.enum(['acknowledge', 'resolve']).nullable().describe('Which target remainingMs counts down to'),
  })
  .meta({ id: 'CaseSla' });

export const CaseSchema = z
  .object({
    id: z.string(),
    number: z.number().int(),
    reference: z.string().describe('Human reference, e.g. #42'),
    incidentId: z.string().nullable(),
    feedbackId: z.string().nullable().describe('The complaint item the case was opened from'),
    title: z.string(),
    description: z.string().nullable(),
    severity: z.enum(CASE_SEVERITIES),
    status: z.enum(CASE_STATUSES),
    assigneeId: z.string().nullable(),
    requesterEmail: z.string().nullable().describe('Only when the person consented to be contacted'),
    requesterName: z.string().nullable(),
    acknowledgedAt: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    resolutionNote: z.string().nullable(),
    reopenCount: z.number().int(),
    allowedTransitions: z.array(z.enum(CASE_STATUSES)).describe('Statuses the case may move to now'),
    sla: CaseSlaSchema,
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Case' });
export type CaseView = z.infer<typeof CaseSchema>;

export const CaseCreateSchema = z
  .object({
    title: text(200).optional().describe('Required unless feedbackId is given'),
    description: text(10_000).optional(),
    severity: oneOf(CASE_SEVERITIES).optional().describe('Default medium'),
    incident: safeName(64).optional().describe('Incident id or slug'),
    feedbackId: IdSchema.optional().describe('Open the case from this feedback item (copies its text)'),
    assigneeId: IdSchema.optional().describe('A member of the organization (user id)'),
    requesterEmail: z.email({ error: 'must be an e-mail address' }).max(320).optional(),
    requesterName: text(200).optional(),
    requesterConsent: z
      .boolean()
      .optional()
      .describe('The person agreed to be contacted; contact details are kept only with it'),
  })
  .strict()
  .meta({ id: 'CaseCreate' });
export type CaseCreate = z.infer<typeof CaseCreateSchema>;

export const CasePatchSchema = z
  .object({
    title: text(200).optional(),
    description: text(10_000).nullable().optional(),
    severity: oneOf(CASE_SEVERITIES).optional().describe('The due times follow'),
    assigneeId: IdSchema.nullable().optional().describe('A member (user id), or null to unassign'),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'change at least one field' })
  .meta({ id: 'CasePatch' });
export type CasePatch = z.infer<typeof CasePatchSchema>;

export const CaseTransitionSchema = z
  .object({
    to: oneOf(CASE_STATUSES),
    note: text(5000).optional().describe('The resolution note (required to resolve); a reason otherwise'),
  })
  .strict()
  .meta({ id: 'CaseTransition' });

const booleanQuery = z
  .enum(['true', 'false'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'true'));

export const CaseListQuerySchema = z.object({
  status: oneOf(CASE_STATUSES).optional(),
  severity: oneOf(CASE_SEVERITIES).optional(),
  assignee: safeName(64).optional().describe('A user id, or `none` for unassigned cases'),
  incident: safeName(64).optional().describe('Incident id or slug'),
  breached: booleanQuery.describe('Breached a target now (true) or not (false)'),
});

export const CaseMetricsQuerySchema = z.object({
  incident: safeName(64).optional().describe('Incident id or slug'),
  from: TimestampSchema.optional().describe('Cases opened at or after'),
  to: TimestampSchema.optional().describe('Cases opened before'),
});

export const CaseMetricsSchema = z
  .object({
    incidentId: z.string().nullable(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    opened: z.number().int().describe('Cases opened in the period: the cohort of every other figure'),
    open: z.number().int(),
    resolved: z.number().int().describe('Resolved or closed'),
    reopened: z.number().int().describe('Reopened at least once'),
    resolutionRate: z.number().nullable().describe('resolved ÷ opened'),
    medianTimeToResolveMs: z.number().nullable().describe('Median of resolved at − opened at'),
    sla: z.object({
      met: z.number().int().describe('Resolved without breaching a target'),
      breached: z.number().int().describe('Breached a target (resolved or still open)'),
      pending: z.number().int().describe('Open and within its targets: not decided yet'),
      complianceRate: z.number().nullable().describe('met ÷ (met + breached)'),
    }),
  })
  .meta({ id: 'CaseMetrics' });

export const CaseAlertSchema = z
  .object({
    id: z.string(),
    caseId: z.string(),
    kind: z.enum(CASE_ALERT_KINDS),
    cycle: z.number().int().describe('The case’s reopen count when raised'),
    dueAt: z.string().describe('The due time that was missed'),
    createdAt: z.string(),
    ackedBy: z.string().nullable(),
    ackedAt: z.string().nullable(),
  })
  .meta({ id: 'CaseAlert' });

export const CaseAlertListQuerySchema = z.object({
  case: IdSchema.optional().describe('Only this case’s alerts'),
  acked: booleanQuery.describe('Acknowledged (true) or waiting (false)'),
});

const hours = z
  .number()
  .positive()
  .max(24 * 366)
  .describe('Hours (fractions allowed), at most a year');

export const SlaTargetSchema = z
  .object({ acknowledgeHours: hours, resolveHours: hours })
  .strict()
  .meta({ id: 'SlaTarget' });

export const CaseSlaPolicySchema = z
  .object({
    targets: z.object({
      low: SlaTargetSchema,
      medium: SlaTargetSchema,
      high: SlaTargetSchema,
      critical: SlaTargetSchema,
    }),
    atRiskShare: z.number().describe('A running clock is at risk below this share of its target left'),
  })
  .meta({ id: 'CaseSlaPolicy' });

export const CaseSlaSettingsSchema = z
  .object({
    targets: z
      .object({
        low: SlaTargetSchema.optional(),
        medium: SlaTargetSchema.optional(),
        high: SlaTargetSchema.optional(),
        critical: SlaTargetSchema.optional(),
      })
      .strict()
      .optional()
      .describe('Severities left out use the defaults'),
    atRiskShare: z.number().min(0).max(0.99).optional().describe('Default 0.2'),
  })
  .strict()
  .meta({ id: 'CaseSlaSettings' });
