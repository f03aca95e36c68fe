import { z } from 'zod';
import { safeName } from '../../shared/contract/index.ts';

export const OrgParams = z.object({ org: safeName(63).describe('Organization slug') });
export const IncidentParams = OrgParams.extend({
  incident: safeName(64).describe('Incident id or slug'),
});
export const RecordParams = OrgParams.extend({ id: safeName(64) });

/** Headers documented in OpenAPI for updates and creates. */
export const IfMatchHeaders = z.object({
  'if-match': z.string().optional().describe('The ETag from your last read; required (or *)'),
});
export const IdempotencyHeaders = z.object({
  'idempotency-key': z.string().optional().describe('Retry-safe creates: same key + same body → same result'),
});
