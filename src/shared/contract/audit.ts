import { z } from 'zod';
import { oneOf, safeName } from './common.ts';

export const AuditEventSchema = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.object({
      kind: oneOf(['user', 'token', 'system']),
      id: z.string().nullable(),
      label: z.string(),
    }),
    action: z.string().describe('created, updated, transitioned, deleted, …'),
    recordType: z.string(),
    recordId: z.string(),
    incidentId: z.string().nullable(),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
    requestId: z.string().nullable(),
  })
  .meta({ id: 'AuditEvent' });
export type AuditEventView = z.infer<typeof AuditEventSchema>;

export const AuditQuerySchema = z.object({
  recordType: safeName(40).optional(),
  recordId: safeName(64).optional(),
  incidentId: safeName(64).optional().describe('Incident id or slug'),
});
