import { z } from 'zod';

export const OrgParams = z.object({ org: z.string().min(1).max(63).describe('Organization slug') });
export const IncidentParams = OrgParams.extend({
  incident: z.string().min(1).max(64).describe('Incident id or slug'),
});
export const RecordParams = OrgParams.extend({ id: z.string().min(1).max(64) });

/** Headers documented in OpenAPI for updates and creates. */
export const IfMatchHeaders = z.object({
  'if-match': z.string().optional().describe('The ETag from your last read; required (or *)'),
});
export const IdempotencyHeaders = z.object({
  'idempotency-key': z.string().optional().describe('Retry-safe creates: same key + same body → same result'),
});
