import { v7 } from 'uuid';
import { AppError } from '../domain/errors.ts';
import type { Feedback, FeedbackChannel } from '../domain/feedback.ts';
import type { ImportedItem, RowContext } from '../domain/feedback-import.ts';
import { IMPORT_LIMITS, validateImportRow } from '../domain/feedback-import.ts';
import type { Organization } from '../domain/account.ts';
import { newId } from '../store/ids.ts';
import type { RequestContext, ServiceDeps } from './common.ts';
import { audit, authorize, authorizeWrite, nowIso } from './common.ts';
import type { SourceRow } from './feedback-import.formats.ts';
import { getIncident } from './incident.service.ts';

/** A row that was not imported, and why, in one line. */
export interface RejectedRow {
  row: number;
  reason: string;
}

/** A row that was taken: new, or already there from an earlier import (same source and id). */
export interface AcceptedRow {
  row: number;
  sourceId: string;
  /** The feedback item's id when this import wrote it; null for a duplicate. */
  id: string | null;
  duplicate: boolean;
}

export interface ImportProgress {
  read: number;
  added: number;
  duplicates: number;
  rejected: number;
}

export interface ImportReport {
  /** The audit trail's record id for this import. */
  importId: string;
  read: number;
  added: number;
  duplicates: number;
  /** Every row refused, in file order. */
  rejected: RejectedRow[];
  /** Filled when asked (`listAccepted`): which rows were taken. */
  accepted?: AcceptedRow[];
}

export interface ImportOptions {
  /** Where the rows come from (a tool's name); rows may name their own in a `source` column. */
  source?: string | undefined;
  /** Incident (slug or id) for rows that name none. */
  incident?: string | undefined;
  /** Channel for rows that name none (default `import`). */
  channel?: FeedbackChannel | undefined;
  /** Audience for rows that name none (default `public`). */
  audience?: string | undefined;
  /** Called after each batch is written. */
  onProgress?: ((p: ImportProgress) => void) | undefined;
  /** Report which rows were taken (the inbound webhook answers with it). */
  listAccepted?: boolean | undefined;
  /** What the audit trail calls this (default `feedback_imported`). */
  auditAction?: string | undefined;
  /** What the audit event records about the input (file name, format…). */
  describe?: Record<string, string> | undefined;
}

interface Pending {
  row: number;
  item: Feedback;
}

/**
 * Imports feedback from other tools: rows streamed in, each validated (domain/feedback-import.ts)
 * and every refusal reported with its row and reason; accepted rows written in batches of
 * IMPORT_LIMITS.batchRows per transaction, skipping those whose source and source id exist
 * already, so importing the same file twice adds nothing. Items are written unanalysed: the
 * analysis worker picks them up. One audit event per import, in the last batch's transaction.
 */
export class FeedbackImportService {
  constructor(private readonly deps: ServiceDeps) {}

  /**
   * Imports `rows` into the organization. Rows written before a failure stay written; importing
   * the same rows again finishes the job without duplicates.
   * @throws AppError `not_found` (organization, default incident), `forbidden` (needs
   *   feedback:write), `validation` when no row at all could be read (or the file's shape is wrong).
   */
  async import(
    ctx: RequestContext,
    orgSlug: string,
    rows: AsyncIterable<SourceRow> | Iterable<SourceRow>,
    opts: ImportOptions = {},
  ): Promise<ImportReport> {
    const { store } = this.deps;
    const { org } = await authorize(store, ctx, orgSlug, 'feedback:write');
    const incidents = new Map<string, string>();
    for (const i of await store.incidents.listAll(org.id)) {
      incidents.set(i.slug, i.id);
      incidents.set(i.id, i.id);
    }
    const defaultIncident = opts.incident ? (await getIncident(store, org, opts.incident)).id : null;
    const now = nowIso(this.deps.clock);
    const rowCtx: RowContext = {
      source: opts.source,
      incidents,
      incidentId: defaultIncident,
      channel: opts.channel ?? 'import',
      audience: opts.audience ?? 'public',
      now,
    };
    const report: ImportReport = {
      importId: newId(),
      read: 0,
      added: 0,
      duplicates: 0,
      rejected: [],
      ...(opts.listAccepted ? { accepted: [] } : {}),
    };
    let batch: Pending[] = [];
    const progress = () =>
      opts.onProgress?.({
        read: report.read,
        added: report.added,
        duplicates: report.duplicates,
        rejected: report.rejected.length,
      });

    const flush = async (last: boolean) => {
      const items = batch;
      batch = [];
      await store.transaction(async (tx) => {
        // Checked again per batch: a token revoked during a long import stops it.
        await authorizeWrite(tx, ctx, orgSlug, 'feedback:write');
        const written =
          items.length > 0 ? await tx.feedback.insertReturningIds(items.map((p) => p.item)) : new Set();
        report.added += written.size;
        report.duplicates += items.length - written.size;
        for (const p of items) {
          const added = written.has(p.item.id);
          report.accepted?.push({
            row: p.row,
            sourceId: p.item.sourceId!,
            id: added ? p.item.id : null,
            duplicate: !added,
          });
        }
        if (last) await this.audit(tx, ctx, org, now, report, opts);
      });
      progress();
    };

    for await (const r of rows) {
      report.read++;
      if ('error' in r) {
        report.rejected.push({ row: r.row, reason: r.error });
        continue;
      }
      const v = validateImportRow(r.fields, rowCtx);
      if (!v.ok) {
        report.rejected.push({ row: r.row, reason: v.reason });
        continue;
      }
      batch.push({ row: r.row, item: toFeedback(org.id, v.item, now) });
      if (batch.length >= IMPORT_LIMITS.batchRows) await flush(false);
    }
    if (report.read === 0) throw new AppError('validation', 'nothing to import: there are no rows');
    await flush(true);
    return report;
  }

  private async audit(
    tx: Parameters<typeof audit>[0],
    ctx: RequestContext,
    org: Organization,
    now: string,
    report: ImportReport,
    opts: ImportOptions,
  ): Promise<void> {
    await audit(tx, ctx, org, now, {
      action: opts.auditAction ?? 'feedback_imported',
      recordType: 'feedback_import',
      recordId: report.importId,
      after: {
        ...(opts.source ? { source: opts.source } : {}),
        ...opts.describe,
        read: report.read,
        added: report.added,
        duplicates: report.duplicates,
        rejected: report.rejected.length,
      },
    });
  }
}

/**
 * A feedback item from an accepted row. Its id is a UUIDv7 of the time the person said it, so the
 * inbox (newest first, by id) puts old tickets where they belong.
 */
function toFeedback(organizationId: string, r: ImportedItem, now: string): Feedback {
  const createdAt = r.createdAt ?? now;
  return {
    organizationId,
    id: v7({ msecs: Date.parse(createdAt) }),
    incidentId: r.incidentId,
    channel: r.channel,
    audience: r.audience,
    text: r.text,
    ratings: r.ratings,
    contactEmail: r.contactEmail,
    contactName: r.contactName,
    consent: r.consent,
    source: r.source,
    sourceId: r.sourceId,
    clientHash: null,
    redacted: r.redacted,
    sentiment: null,
    sentimentScore: null,
    language: null,
    themes: [],
    analysedAt: null,
    loopClosedAt: null,
    createdAt,
    version: 1,
  };
}
