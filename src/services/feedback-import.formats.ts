import { parse } from 'csv-parse';
import type { CsvError } from 'csv-parse';
import { Readable } from 'node:stream';
import { AppError, invalid } from '../domain/errors.ts';
import type { ImportColumn, RawImportRow } from '../domain/feedback-import.ts';
import { IMPORT_COLUMNS, importColumn } from '../domain/feedback-import.ts';

/**
 * Reading import files as a stream of rows, one at a time, so a file of any length is read with
 * little memory: CSV through csv-parse, JSON as an array or as NDJSON (one object per line).
 * A row that cannot be parsed is still a row, with the reason, so the report lists it.
 */

export const IMPORT_FORMATS = ['csv', 'json'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** One row from a file: its number (see each reader for what it counts) and its fields, or why it could not be read. */
export type SourceRow = { row: number; fields: RawImportRow } | { row: number; error: string };

/** The largest single row (CSV record, JSON element or line): more is a broken quote, not feedback. */
export const MAX_ROW_BYTES = 64 * 1024;

export interface CsvHeader {
  /** Header names that are not import columns; their values are ignored. */
  ignored: string[];
}

function headerColumns(header: unknown[], onHeader?: (h: CsvHeader) => void): (ImportColumn | false)[] {
  const seen = new Map<ImportColumn, string>();
  const ignored: string[] = [];
  const columns = header.map((h) => {
    const name = String(h ?? '').trim();
    const column = importColumn(name);
    if (!column) {
      if (name !== '') ignored.push(name);
      return false as const;
    }
    const before = seen.get(column);
    if (before !== undefined) {
      throw invalid('header', `the columns "${before}" and "${name}" are both ${column}; keep one`);
    }
    seen.set(column, name);
    return column;
  });
  for (const required of ['id', 'text'] as const) {
    if (!seen.has(required)) {
      throw invalid(
        'header',
        `the first row must be a header with an "${required}" column (columns: ${IMPORT_COLUMNS.join(', ')}); found: ${header
          .map(String)
          .join(', ')
          .slice(0, 200)}`,
      );
    }
  }
  onHeader?.({ ignored });
  return columns;
}

function csvReason(e: CsvError): string {
  // csv-parse says where; the row number says it already.
  const message = e.message.replace(/\s+(?:at|on) line \d+/, '').replace(/:\s*$/, '');
  switch (e.code) {
    case 'CSV_RECORD_INCONSISTENT_COLUMNS': {
      const m = /columns length is (\d+), got (\d+)/.exec(message);
      return m
        ? `not valid CSV: the row has ${m[2]} fields, the header ${m[1]}`
        : `not valid CSV: the row does not have as many fields as the header`;
    }
    case 'CSV_MAX_RECORD_SIZE':
      return `not valid CSV: the row is over ${MAX_ROW_BYTES / 1024} KB (is a quote left open?)`;
    default:
      return `not valid CSV: ${message}`;
  }
}

/**
 * CSV rows from a byte stream: UTF-8 (a BOM is skipped), comma-separated, `"` quotes, a header row
 * naming the columns (see IMPORT_COLUMNS; others are ignored). A quote inside an unquoted field
 * is kept as text. `row` is the file's line on which the row ends — the header is line 1, so it is
 * the spreadsheet's row number unless a field spans lines.
 * @throws AppError `validation` for a header without `id` and `text` columns.
 */
export async function* csvRows(
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  onHeader?: (h: CsvHeader) => void,
): AsyncGenerator<SourceRow> {
  const skipped: { row: number; error: string }[] = [];
  const parser = Readable.from(input).pipe(
    parse({
      bom: true,
      columns: (header: unknown[]) => headerColumns(header, onHeader),
      skip_empty_lines: true,
      // Exports from other tools put stray quotes inside fields (`5" screen`, `"Fine" he said`);
      // strict quoting would swallow every row after the first one as a single broken field.
      relax_quotes: true,
      skip_records_with_error: true,
      max_record_size: MAX_ROW_BYTES,
      info: true,
      on_skip: (err) => {
        if (err) skipped.push({ row: Number(err.lines), error: csvReason(err) });
        return undefined;
      },
    }),
  );
  // Skipped rows are reported as the parser meets them, ahead of the rows it has buffered:
  // put them back in file order.
  const drain = function* (before: number) {
    skipped.sort((a, b) => a.row - b.row);
    while (skipped.length > 0 && skipped[0]!.row < before) yield skipped.shift()!;
  };
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      yield* drain(info.lines);
      yield { row: info.lines, fields: record };
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    const cause = (e as { cause?: unknown }).cause;
    if (cause instanceof AppError) throw cause;
    throw invalid('file', `not valid CSV: ${(e as Error).message}`);
  }
  yield* drain(Infinity);
}

function objectRow(row: number, text: string): SourceRow {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { row, error: `not valid JSON: ${(e as Error).message.slice(0, 200)}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { row, error: 'must be a JSON object with the import columns as keys' };
  }
  return { row, fields: value as RawImportRow };
}

function tooLong(row: number): AppError {
  return invalid(
    'file',
    `row ${row} is over ${MAX_ROW_BYTES / 1024} KB: the JSON is probably broken (an unclosed string?)`,
  );
}

/**
 * JSON rows from a byte stream: either one array of objects (`row` counts its elements from 1), or
 * NDJSON, one object per line (`row` is the line number). Elements are cut out of the array as
 * they arrive, so the array is never held whole.
 * @throws AppError `validation` when the file is not JSON of either shape, or a row is over MAX_ROW_BYTES.
 */
export async function* jsonRows(
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
): AsyncGenerator<SourceRow> {
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
  // Changed inside feed(); a plain `let` would be narrowed to its first value after the loop.
  const state: { mode: 'start' | 'array' | 'ndjson' | 'done' } = { mode: 'start' };
  let current = '';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let row = 0;
  let line = 1;

  function* feed(chunk: string): Generator<SourceRow> {
    let i = 0;
    if (state.mode === 'start') {
      while (i < chunk.length && /[\s\uFEFF]/.test(chunk[i]!)) i++;
      if (i === chunk.length) return;
      if (chunk[i] === '[') {
        state.mode = 'array';
        i++;
      } else if (chunk[i] === '{') {
        state.mode = 'ndjson';
      } else {
        throw invalid('file', 'a JSON import is an array of objects, or one object per line (NDJSON)');
      }
    }
    if (state.mode === 'ndjson') {
      let start = i;
      for (; i < chunk.length; i++) {
        if (chunk[i] !== '\n') continue;
        current += chunk.slice(start, i);
        start = i + 1;
        if (current.trim() !== '') yield objectRow(line, current);
        current = '';
        line++;
      }
      current += chunk.slice(start);
      if (current.length > MAX_ROW_BYTES) throw tooLong(line);
      return;
    }
    let start = i;
    for (; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (state.mode === 'done') {
        if (!/\s/.test(c)) throw invalid('file', 'there is more after the closing ] of the JSON array');
        continue;
      }
      if (inString) {
        if (escaped) escaped = false;
        else if (c === '\\') escaped = true;
        else if (c === '"') inString = false;
        continue;
      }
      if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if ((c === '}' || c === ']') && depth > 0) depth--;
      else if (depth === 0 && (c === ',' || c === ']')) {
        current += chunk.slice(start, i);
        start = i + 1;
        if (c === ']') state.mode = 'done';
        // `[]` is an empty file; `[a,,b]` has an empty element.
        if (!(c === ']' && row === 0 && current.trim() === '')) {
          row++;
          yield current.trim() === ''
            ? { row, error: 'empty element in the array' }
            : objectRow(row, current);
        }
        current = '';
      }
    }
    if (state.mode === 'array') {
      current += chunk.slice(start);
      if (current.length > MAX_ROW_BYTES) throw tooLong(row + 1);
    }
  }

  for await (const chunk of input) {
    yield* feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
  }
  yield* feed(decoder.decode());
  if (state.mode === 'ndjson' && current.trim() !== '') yield objectRow(line, current);
  if (state.mode === 'array') {
    yield {
      row: row + 1,
      error: 'the file ends before the JSON array is closed with ]: it may have been cut short',
    };
  }
}

/** Rows of a file in the given format. */
export function rowsOf(
  format: ImportFormat,
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  onHeader?: (h: CsvHeader) => void,
): AsyncGenerator<SourceRow> {
  return format === 'csv' ? csvRows(input, onHeader) : jsonRows(input);
}

/** A format name from a flag or a query, checked. */
export function assertFormat(format: string): ImportFormat {
  if ((IMPORT_FORMATS as readonly string[]).includes(format)) return format as ImportFormat;
  throw new AppError('validation', `unknown format "${format}": use csv or json`);
}
