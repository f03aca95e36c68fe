import { csvDocument } from '../shared/csv.ts';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { createReadStream, statSync, writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Config } from '../config/env.ts';
import { boot } from '../bootstrap.ts';
import type { RequestContext } from '../services/common.ts';
import type { ImportFormat } from '../services/feedback-import.formats.ts';
import { IMPORT_FORMATS, rowsOf } from '../services/feedback-import.formats.ts';
import type { ImportProgress, RejectedRow } from '../services/feedback-import.service.ts';
import { IMPORT_COLUMNS } from '../domain/feedback-import.ts';

/**
 * `amends import-feedback FILE --org ORG`: feedback from other tools, streamed from a CSV or JSON
 * file of any size. A progress bar on a terminal (plain lines otherwise), then a summary and the
 * refused rows on stdout. Exits 1 only when nothing could be read (no file, unknown organization,
 * a file with no rows or no usable header); refused rows are reported, not failures.
 */

const CLI: RequestContext = { principal: { kind: 'system', label: 'cli' } };
/** Rows between two progress lines when stderr is not a terminal. */
const LINE_EVERY_ROWS = 10_000;

interface Options {
  org: string;
  source?: string;
  incident?: string;
  format?: string;
  rejects?: string;
  show: number;
}

const EXTENSIONS: Record<string, ImportFormat> = {
  '.csv': 'csv',
  '.json': 'json',
  '.ndjson': 'json',
  '.jsonl': 'json',
};

function formatFor(file: string, given: string | undefined): ImportFormat {
  if (given !== undefined) {
    if ((IMPORT_FORMATS as readonly string[]).includes(given)) return given as ImportFormat;
    throw new Error(`--format must be ${IMPORT_FORMATS.join(' or ')}, not "${given}"`);
  }
  const format = EXTENSIONS[extname(file).toLowerCase()];
  if (!format) {
    throw new Error(
      `cannot tell the format of ${basename(file)} from its extension: pass --format csv or --format json`,
    );
  }
  return format;
}

function sizeOf(file: string): number {
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new Error(`${file} is not a file`);
    return st.size;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT') throw new Error(`cannot read ${file}: no such file`);
    if (code === 'EACCES') throw new Error(`cannot read ${file}: permission denied`);
    throw e;
  }
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('Must be a whole number.');
  return n;
}

/** The refused rows as CSV: the row number and the reason (cells quoted, formulas defused). */
function rejectsCsv(rows: RejectedRow[]): string {
  return csvDocument(
    ['row', 'reason'],
    rows.map((r) => [r.row, r.reason]),
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Progress on stderr: a bar over the file's bytes on a terminal, a line now and then otherwise. */
function progressReporter(total: number, bytes: () => number) {
  if (process.stderr.isTTY) {
    const bar = new SingleBar({
      stream: process.stderr,
      format: 'importing |{bar}| {percentage}% | {read} rows, {added} added, {rejected} rejected',
      hideCursor: true,
      clearOnComplete: true,
    });
    bar.start(Math.max(total, 1), 0, { read: 0, added: 0, rejected: 0 });
    return {
      update: (p: ImportProgress) => bar.update(Math.min(bytes(), total), { ...p }),
      stop: () => bar.stop(),
    };
  }
  let printed = 0;
  return {
    update: (p: ImportProgress) => {
      if (p.read - printed < LINE_EVERY_ROWS) return;
      printed = p.read;
      process.stderr.write(
        `importing: ${p.read} rows read, ${p.added} added, ${p.duplicates} duplicates, ${p.rejected} rejected\n`,
      );
    },
    stop: () => undefined,
  };
}

export function registerImportFeedback(program: Command, config: () => Config): void {
  program
    .command('import-feedback <file>')
    .description(
      `Import feedback from a CSV or JSON file (support tickets, survey exports, social posts). Columns: ${IMPORT_COLUMNS.join(', ')} (id and text required). Each row keeps its source id: importing the same file twice adds nothing. Refused rows are listed with their reason.`,
    )
    .requiredOption('--org <slug>', 'organization')
    .option('--source <name>', 'the tool the rows come from (default: the file name without extension)')
    .option('--incident <slug>', 'incident for rows that name none')
    .option('--format <format>', 'csv or json (default: from the extension: .csv, .json, .ndjson, .jsonl)')
    .option('--rejects <file>', 'write every refused row to this CSV file (row,reason)')
    .option('--show <n>', 'refused rows to print', count, 20)
    .action(async (file: string, opts: Options) => {
      const format = formatFor(file, opts.format);
      const total = sizeOf(file);
      const source = opts.source ?? basename(file, extname(file));
      const booted = await boot(config());
      let bytes = 0;
      const progress = progressReporter(total, () => bytes);
      try {
        async function* counted(): AsyncGenerator<Buffer> {
          for await (const chunk of createReadStream(file)) {
            bytes += (chunk as Buffer).length;
            yield chunk as Buffer;
          }
        }
        const report = await booted.services.feedbackImport.import(CLI, opts.org, rowsOf(format, counted()), {
          source,
          incident: opts.incident,
          onProgress: progress.update,
          describe: { via: 'cli', file: basename(file), format },
        });
        progress.stop();
        const out = process.stdout;
        out.write(
          `read ${plural(report.read, 'row')} from ${basename(file)} (source "${source}"): ${report.added} added, ${plural(report.duplicates, 'duplicate')}, ${report.rejected.length} rejected\n`,
        );
        if (report.rejected.length > 0) {
          out.write('rejected rows:\n');
          for (const r of report.rejected.slice(0, opts.show)) out.write(`  row ${r.row}: ${r.reason}\n`);
          const rest = report.rejected.length - Math.min(opts.show, report.rejected.length);
          if (rest > 0) {
            out.write(`  … and ${rest} more${opts.rejects ? '' : ' (--rejects FILE writes them all)'}\n`);
          }
        }
        if (opts.rejects) {
          writeFileSync(opts.rejects, rejectsCsv(report.rejected));
          out.write(`wrote ${plural(report.rejected.length, 'rejected row')} to ${opts.rejects}\n`);
        }
      } finally {
        progress.stop();
        await booted.close();
      }
    });
}
