import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../container.ts';
import { AppError, invalid } from '../../domain/errors.ts';
import { IMPORT_COLUMNS, IMPORT_LIMITS } from '../../domain/feedback-import.ts';
import type { ImportFormat, SourceRow } from '../../services/feedback-import.formats.ts';
import { IMPORT_FORMATS, rowsOf } from '../../services/feedback-import.formats.ts';
import type { ImportReport } from '../../services/feedback-import.service.ts';
import { ProblemSchema, oneOf, safeName, text } from '../../shared/contract/index.ts';
import { ctxOf } from '../plugins/auth.ts';
import { problemType, sendProblem } from '../plugins/errors.ts';
import { OrgParams } from './params.ts';

/** Largest import file the API takes; bigger files go through `amends import-feedback`. */
export const IMPORT_BODY_LIMIT_BYTES = 32 * 1024 * 1024;
/** Largest inbound webhook body: a full batch of items at their longest. */
export const INBOUND_BODY_LIMIT_BYTES = 8 * 1024 * 1024;
/** Items per inbound webhook request. */
export const INBOUND_MAX_ITEMS = 1000;
/** Refused rows listed in an HTTP answer; `rejectedCount` says how many there were. */
const LISTED_REJECTS = 1000;

const errors = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  413: ProblemSchema,
  415: ProblemSchema,
};

const ReportFields = {
  read: z.number().int().describe('Rows read (accepted and refused)'),
  added: z.number().int().describe('New feedback items written'),
  duplicates: z.number().int().describe('Rows whose source and source id were already imported'),
  rejectedCount: z.number().int(),
  rejected: z
    .array(z.object({ row: z.number().int(), reason: z.string() }))
    .describe(`Refused rows with the reason (the first ${LISTED_REJECTS})`),
};
const ImportReportSchema = z
  .object({ importId: z.string(), ...ReportFields })
  .meta({ id: 'FeedbackImportReport' });
const ImportRefusedSchema = ProblemSchema.extend({ importId: z.string(), ...ReportFields });

const AcceptedSchema = z.array(
  z.object({
    index: z.number().int().describe('Position in `items` (0 for a single item)'),
    sourceId: z.string(),
    id: z.string().nullable().describe('The new feedback item; null when it was already there'),
    duplicate: z.boolean(),
  }),
);
const InboundFields = {
  received: z.number().int(),
  added: z.number().int(),
  duplicates: z.number().int(),
  accepted: AcceptedSchema.describe('Items taken, new or already there'),
};
const InboundReportSchema = z.object(InboundFields).meta({ id: 'FeedbackInboundReport' });
const InboundRefusedSchema = ProblemSchema.extend(InboundFields);

const ITEM_FIELDS = `Item fields: \`source\` and \`sourceId\` (required; together they make re-sending idempotent), \`text\` (required, ≤ ${IMPORT_LIMITS.textChars} characters), and optionally \`createdAt\`, \`incident\` (slug or id), \`audience\`, \`channel\` (default webhook), \`email\`, \`name\`, \`consent\`, \`nps\` (0–10), \`csat\` (1–5), \`ces\` (1–7).`;

const InboundBodySchema = z
  .record(z.string(), z.unknown())
  .describe(`One item, or \`{ "items": [ … ] }\` with at most ${INBOUND_MAX_ITEMS} items. ${ITEM_FIELDS}`);

function formatOf(request: FastifyRequest, given: ImportFormat | undefined): ImportFormat {
  if (given) return given;
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || type === 'application/x-ndjson' ? 'json' : 'csv';
}

function listed(report: ImportReport) {
  return {
    read: report.read,
    added: report.added,
    duplicates: report.duplicates,
    rejectedCount: report.rejected.length,
    rejected: report.rejected.slice(0, LISTED_REJECTS),
  };
}

/**
 * 422 listing every refused row, while saying what was taken: refused rows never undo accepted
 * ones (an RFC 9457 problem with the report as extension members).
 */
function refused<T extends object>(
  request: FastifyRequest,
  reply: FastifyReply,
  detail: string,
  errors: { path: string; message: string }[],
  extra: T,
) {
  return reply
    .code(422)
    .type('application/problem+json')
    .send({
      type: problemType('validation'),
      title: 'Some rows were refused',
      status: 422,
      detail,
      code: 'validation',
      instance: request.url.split('?')[0],
      requestId: request.id,
      errors: errors.slice(0, LISTED_REJECTS),
      ...extra,
    });
}

/**
 * Feedback intake: file imports from the console (CSV or JSON body) and the inbound webhook for
 * other tools (API tokens only). Both go through FeedbackImportService, so a row means the same
 * thing whichever way it arrives.
 */
export async function feedbackIntakeRoutes(app: FastifyInstance, s: Services): Promise<void> {
  // Its own scope: the import takes raw CSV and JSON bodies, which no other route should.
  await app.register(async (scoped) => {
    scoped.removeContentTypeParser(['application/json', 'text/plain']);
    scoped.addContentTypeParser(
      ['text/csv', 'text/plain', 'application/json', 'application/x-ndjson'],
      { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT_BYTES },
      (_req, body, done) => done(null, body),
    );
    const r = scoped.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/api/v1/orgs/:org/feedback/imports',
      {
        bodyLimit: IMPORT_BODY_LIMIT_BYTES,
        config: { permission: 'feedback:write' },
        schema: {
          tags: ['feedback'],
          summary: 'Import feedback from a CSV or JSON file',
          description: `The body is the file: \`text/csv\` (header row; columns ${IMPORT_COLUMNS.join(', ')}), \`application/json\` (an array of objects) or \`application/x-ndjson\`. Re-importing the same rows adds nothing. Answers 200 when every row was taken, 422 listing each refused row (the others are imported all the same). Up to ${IMPORT_BODY_LIMIT_BYTES / 1024 / 1024} MB; larger files go through \`amends import-feedback\`.`,
          params: OrgParams,
          querystring: z
            .object({
              source: text(IMPORT_LIMITS.sourceChars).describe('The tool the rows come from (required)'),
              incident: safeName(64).optional().describe('Incident for rows that name none'),
              format: oneOf(IMPORT_FORMATS).optional().describe('Default: from Content-Type'),
            })
            .strict(),
          response: { 200: ImportReportSchema, 422: ImportRefusedSchema, ...errors },
        },
      },
      async (req, reply) => {
        const ctx = ctxOf(req);
        const raw: unknown = req.body;
        const body = typeof raw === 'string' ? Buffer.from(raw) : raw;
        if (!Buffer.isBuffer(body) || body.length === 0) {
          throw invalid(
            'body',
            'send the file as the body (text/csv, application/json or application/x-ndjson)',
          );
        }
        const format = formatOf(req, req.query.format);
        const report = await s.feedbackImport.import(ctx, req.params.org, rowsOf(format, [body]), {
          source: req.query.source,
          incident: req.query.incident,
          describe: { via: 'api', format },
        });
        const out = { importId: report.importId, ...listed(report) };
        if (report.rejected.length === 0) return out;
        return refused(
          req,
          reply,
          `${report.rejected.length} of ${report.read} rows were refused; the others were imported`,
          report.rejected.map((x) => ({ path: `rows.${x.row}`, message: x.reason })),
          out,
        );
      },
    );
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/v1/orgs/:org/feedback/inbound',
    {
      bodyLimit: INBOUND_BODY_LIMIT_BYTES,
      config: { permission: 'feedback:write' },
      schema: {
        tags: ['feedback'],
        summary: 'Inbound webhook: feedback sent by another tool (API token)',
        description: `Authenticate with \`Authorization: Bearer <token>\` (a token whose role holds feedback:write). Re-sending an item with the same source and sourceId adds nothing. Answers 200 when every item was taken; 422 lists each refused item while the rest stay taken (\`accepted\` says which).`,
        params: OrgParams,
        body: InboundBodySchema,
        response: { 200: InboundReportSchema, 422: InboundRefusedSchema, ...errors },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      if (req.auth?.via !== 'token') {
        throw new AppError('forbidden', 'the inbound webhook takes an API token (Authorization: Bearer …)');
      }
      const body = req.body;
      const batch = 'items' in body;
      let items: unknown[];
      if (batch) {
        if (!Array.isArray(body.items) || body.items.length === 0 || Object.keys(body).length > 1) {
          throw invalid(
            'body.items',
            'a batch is { "items": [ … ] } with at least one item and nothing else',
          );
        }
        if (body.items.length > INBOUND_MAX_ITEMS) {
          return sendProblem(
            req,
            reply,
            'payload_too_large',
            `a batch holds at most ${INBOUND_MAX_ITEMS} items, not ${body.items.length}: send them in several requests`,
          );
        }
        items = body.items;
      } else {
        items = [body];
      }
      const rows: SourceRow[] = items.map((it, i) =>
        it !== null && typeof it === 'object' && !Array.isArray(it)
          ? { row: i + 1, fields: it as Record<string, unknown> }
          : { row: i + 1, error: 'must be a JSON object' },
      );
      const report = await s.feedbackImport.import(ctx, req.params.org, rows, {
        channel: 'webhook',
        listAccepted: true,
        auditAction: 'feedback_received',
        describe: { via: 'webhook' },
      });
      const out = {
        received: report.read,
        added: report.added,
        duplicates: report.duplicates,
        accepted: (report.accepted ?? []).map((a) => ({
          index: a.row - 1,
          sourceId: a.sourceId,
          id: a.id,
          duplicate: a.duplicate,
        })),
      };
      if (report.rejected.length === 0) return out;
      const path = (row: number) => (batch ? `body.items.${row - 1}` : 'body');
      return refused(
        req,
        reply,
        `${report.rejected.length} of ${report.read} items were refused; the others were taken`,
        report.rejected.map((x) => ({ path: path(x.row), message: x.reason })),
        out,
      );
    },
  );
}
