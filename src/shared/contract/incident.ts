import { z } from 'zod';
import {
  CLUSTERS,
  CRISIS_TYPES,
  CULPABILITIES,
  DISCLOSERS,
  INCIDENT_KINDS,
  REPUTATIONS,
  STAGES,
  VIOLATION_TYPES,
} from '../enums.ts';
import { LinkSchema, SlugSchema, TimestampSchema, oneOf, text } from './common.ts';

export const AudienceSchema = z
  .string()
  .trim()
  .min(2)
  .max(40)
  .regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, 'must be a lowercase name such as customers or eu-smb-customers')
  .describe('customers, employees, partners, regulators, investors, public, or a custom group name');

export const RuleFindingSchema = z
  .object({
    rule: z.string().describe('Rule id, e.g. GD-D3 (research/trust-repair-science.md §10)'),
    message: z.string(),
    remedy: z.string().describe('What would satisfy it'),
    citation: z.string(),
  })
  .meta({ id: 'RuleFinding' });

export const ReadinessSchema = z
  .object({
    next: oneOf(STAGES).nullable().describe('The next stage forward, or null when closed'),
    ready: z.boolean(),
    unmet: z.array(RuleFindingSchema).describe('Guards that block the move forward'),
    warnings: z.array(RuleFindingSchema).describe('Advice that does not block'),
  })
  .meta({ id: 'Readiness' });

const ClusterOverrideSchema = z.object({
  cluster: oneOf(CLUSTERS),
  reason: text(1000),
});

const incidentFields = {
  title: text(200),
  summary: text(5000).optional(),
  kind: oneOf(INCIDENT_KINDS),
  crisisType: oneOf(CRISIS_TYPES).optional().describe('SCCT crisis type; defaults from the kind'),
  clusterOverride: ClusterOverrideSchema.nullable()
    .optional()
    .describe('Override the derived SCCT cluster; a reason is required. null clears it'),
  violationTypes: z.array(oneOf(VIOLATION_TYPES)).max(3).optional(),
  culpability: oneOf(CULPABILITIES).optional(),
  culpabilityEvidence: z
    .array(LinkSchema)
    .max(20)
    .optional()
    .describe('Evidence behind the culpability finding'),
  deceptionInvolved: z.boolean().optional(),
  severity: z.number().int().min(1).max(5).optional().describe('1 (minor) to 5 (critical)'),
  occurredAt: TimestampSchema.nullable().optional(),
  detectedAt: TimestampSchema.optional(),
  disclosedAt: TimestampSchema.nullable().optional().describe('When affected people were first told'),
  disclosedBy: oneOf(DISCLOSERS).nullable().optional().describe('Who disclosed it first'),
  affectedAudiences: z.array(AudienceSchema).max(30).optional(),
  priorSimilarIncidents: z.number().int().min(0).max(1000).optional(),
  priorReputation: oneOf(REPUTATIONS).optional(),
  investigationOwner: text(200).nullable().optional(),
};

export const IncidentCreateSchema = z
  .object({ ...incidentFields, slug: SlugSchema.optional().describe('Defaults from the title') })
  .strict()
  .meta({ id: 'IncidentCreate' });
export type IncidentCreate = z.infer<typeof IncidentCreateSchema>;

export const IncidentPatchSchema = z
  .object({
    ...incidentFields,
    title: incidentFields.title.optional(),
    kind: incidentFields.kind.optional(),
    slug: SlugSchema.optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'must change at least one field' })
  .meta({ id: 'IncidentPatch' });
export type IncidentPatch = z.infer<typeof IncidentPatchSchema>;

export const TransitionSchema = z
  .object({
    to: oneOf(STAGES),
    reason: text(2000).optional().describe('Required when moving back a stage or reopening'),
  })
  .strict()
  .meta({ id: 'Transition' });
export type TransitionInput = z.infer<typeof TransitionSchema>;

export const SayDoSchema = z
  .object({
    total: z.number().int(),
    due: z.number().int().describe('Commitments whose due date has passed or that are already settled'),
    keptOnTime: z.number().int(),
    keptLate: z.number().int(),
    broken: z.number().int(),
    overdue: z.number().int().describe('Open past their due date'),
    withdrawn: z.number().int(),
    ratio: z.number().nullable().describe('keptOnTime ÷ due; null when nothing is due yet'),
    specific: z.number().int().describe('Commitments with a due date, an owner and a verification'),
    specificityRate: z.number().nullable(),
  })
  .meta({ id: 'SayDo' });
export type SayDo = z.infer<typeof SayDoSchema>;

export const IncidentSummarySchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    title: z.string(),
    summary: z.string().nullable(),
    kind: oneOf(INCIDENT_KINDS),
    crisisType: oneOf(CRISIS_TYPES),
    cluster: oneOf(CLUSTERS),
    clusterSource: oneOf(['derived', 'override']),
    clusterRationale: z.object({ rules: z.array(z.string()), text: z.string() }),
    clusterOverride: ClusterOverrideSchema.nullable(),
    violationTypes: z.array(oneOf(VIOLATION_TYPES)),
    culpability: oneOf(CULPABILITIES),
    culpabilityEvidence: z.array(z.string()),
    deceptionInvolved: z.boolean(),
    severity: z.number().int(),
    occurredAt: z.string().nullable(),
    detectedAt: z.string(),
    disclosedAt: z.string().nullable(),
    disclosedBy: oneOf(DISCLOSERS).nullable(),
    affectedAudiences: z.array(z.string()),
    priorSimilarIncidents: z.number().int(),
    priorReputation: oneOf(REPUTATIONS),
    investigationOwner: z.string().nullable(),
    stage: oneOf(STAGES),
    stageChangedAt: z.string(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    overdueActions: z.number().int(),
    openActions: z.number().int(),
    sayDo: SayDoSchema,
  })
  .meta({ id: 'IncidentSummary' });
export type IncidentSummaryView = z.infer<typeof IncidentSummarySchema>;

export const IncidentSchema = IncidentSummarySchema.extend({ readiness: ReadinessSchema }).meta({
  id: 'Incident',
});
export type IncidentView = z.infer<typeof IncidentSchema>;

export const IncidentListQuerySchema = z.object({
  stage: oneOf(STAGES).optional(),
  q: text(200).optional().describe('Search in titles'),
});
