import { z } from 'zod';
import { COMPONENTS, TRUST_DIMENSIONS } from '../enums.ts';
import { oneOf, text } from './common.ts';

const rootCauseFields = {
  description: text(2000),
  component: oneOf(COMPONENTS).describe('Where in the organization the cause sits (Gillespie & Dietz 2009)'),
  dimensions: z
    .array(oneOf(TRUST_DIMENSIONS))
    .min(1, 'name at least one trust dimension the cause implicates')
    .max(3)
    .describe('Trustworthiness dimensions implicated: ability, benevolence, integrity'),
  systemic: z.boolean().describe('Systemic (in how the organization works) rather than one person'),
  whys: z.array(text(500)).max(10).optional().describe('The 5-whys chain, from symptom to cause'),
  independentReview: z.boolean().optional(),
  isPublic: z.boolean().optional().describe('Shown on the public disclosure page'),
};

export const RootCauseCreateSchema = z.object(rootCauseFields).strict().meta({ id: 'RootCauseCreate' });
export type RootCauseCreate = z.infer<typeof RootCauseCreateSchema>;

export const RootCausePatchSchema = z
  .object({
    description: rootCauseFields.description.optional(),
    component: rootCauseFields.component.optional(),
    dimensions: rootCauseFields.dimensions.optional(),
    systemic: rootCauseFields.systemic.optional(),
    whys: rootCauseFields.whys,
    independentReview: rootCauseFields.independentReview,
    isPublic: rootCauseFields.isPublic,
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'must change at least one field' })
  .meta({ id: 'RootCausePatch' });
export type RootCausePatch = z.infer<typeof RootCausePatchSchema>;

export const RootCauseSchema = z
  .object({
    id: z.string(),
    incidentId: z.string(),
    description: z.string(),
    component: oneOf(COMPONENTS),
    dimensions: z.array(oneOf(TRUST_DIMENSIONS)),
    systemic: z.boolean(),
    whys: z.array(z.string()),
    independentReview: z.boolean(),
    isPublic: z.boolean(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'RootCause' });
export type RootCauseView = z.infer<typeof RootCauseSchema>;
