import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../container.ts';
import { AppError } from '../../domain/errors.ts';
import { collectReport, reportFileName } from '../../report/collect.ts';
import { renderReportPdf } from '../../report/pdf.ts';
import { REPORT_CSP, renderReportHtml } from '../../report/report.tsx';
import { ProblemSchema, safeName } from '../../shared/contract/index.ts';
import { ctxOf } from '../plugins/auth.ts';
import { IncidentParams } from './params.ts';

const errors = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  503: ProblemSchema,
};

const ReportQuerySchema = z.object({
  format: z
    .enum(['pdf', 'html'])
    .default('html')
    .describe('pdf (printed by the server’s Chromium) or html (default; self-contained, no script)'),
  audience: safeName(100).optional().describe('One audience’s measures; absent: all audiences'),
  interval: z.enum(['day', 'week']).default('week').describe('Period of the charts (default week)'),
});

/**
 * One Chromium at a time: a print takes a second or two of a core and ~150 MB, and a board report
 * is rare, so a queue is kinder to the API's other users than parallel browsers.
 */
let printing: Promise<unknown> = Promise.resolve();
function printOneAtATime(html: string, chromiumPath: string | undefined): Promise<Buffer> {
  const next = printing.then(
    () => renderReportPdf(html, { chromiumPath }),
    () => renderReportPdf(html, { chromiumPath }),
  );
  printing = next.catch(() => undefined);
  return next;
}

/** The board report of an incident, as a download (docs/dashboard.md, "The board report"). */
export function reportRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/orgs/:org/incidents/:incident/report',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['metrics'],
        summary:
          'The board report: actions, commitments, measures with intervals and charts, forecasts, alerts',
        description:
          'An attachment: `application/pdf` (A4, printed by Chromium on the server; 503 when Chromium is missing) or a self-contained `text/html` page.',
        params: IncidentParams,
        querystring: ReportQuerySchema,
        response: { 200: z.string().describe('The report (PDF bytes or HTML)'), ...errors },
      },
    },
    async (req, reply) => {
      const { format, audience, interval } = req.query;
      const { dashboard, detail } = await collectReport(s, ctxOf(req), req.params.org, req.params.incident, {
        audience,
        interval,
      });
      const html = renderReportHtml(dashboard, detail);
      const name = reportFileName(detail.incident.slug, dashboard.generatedAt, format);
      reply
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'private, no-store');
      if (format === 'html') {
        return reply
          .type('text/html; charset=utf-8')
          .header('content-security-policy', REPORT_CSP)
          .send(html);
      }
      let pdf: Buffer;
      try {
        pdf = await printOneAtATime(html, s.config.chromiumPath);
      } catch (e) {
        // The log keeps the path and Chromium's words; the answer says only what to do.
        req.log.error({ err: e }, 'board report: PDF printing failed');
        throw new AppError(
          'unavailable',
          'This server cannot print PDF reports right now (Chromium is missing or did not start); ask for format=html instead.',
        );
      }
      // Bytes pass the response serializer untouched; the schema says string for OpenAPI only.
      return reply.type('application/pdf').send(pdf as unknown as string);
    },
  );
}
