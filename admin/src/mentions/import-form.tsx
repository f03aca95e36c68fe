import { useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError } from '../api.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { ErrorSummary, readForm, SubmitButton, TextField } from '../components/forms.tsx';
import type { MentionImport, MentionImportResult } from '../contract.ts';
import { mentions } from '../endpoints.ts';
import { useMutation } from '../hooks.ts';
import { subjectOf } from './labels.ts';

/** The API's limit on an import (docs/mentions.md): refused here before the upload. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

function fileProblem(title: string, detail: string): ApiError {
  return new ApiError({ type: 'about:blank', title, status: 0, detail, code: 'client' });
}

/**
 * A CSV or JSON export of a media-monitoring tool, read in the browser and sent as the import's
 * `csv` text or `items`. Every row not taken is listed with its reason.
 */
async function bodyOf(
  file: File | undefined,
  base: Omit<MentionImport, 'csv' | 'items'>,
): Promise<MentionImport> {
  if (!file || file.size === 0) throw fileProblem('Choose a file', 'Choose a CSV or JSON file to import.');
  if (file.size > MAX_FILE_BYTES) {
    throw fileProblem('The file is too large', 'An import holds at most 5 MiB; split the file.');
  }
  const text = await file.text();
  const json = /\.json$/i.test(file.name) || file.type.includes('json');
  if (!json) return { ...base, csv: text };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw fileProblem('The file is not valid JSON', e instanceof Error ? e.message : String(e));
  }
  const items = Array.isArray(parsed)
    ? parsed
    : parsed && typeof parsed === 'object' && Array.isArray((parsed as { items?: unknown }).items)
      ? (parsed as { items: unknown[] }).items
      : undefined;
  if (!items) {
    throw fileProblem('Nothing to import', 'A JSON file holds an array of mentions, or {"items": [ … ]}.');
  }
  return { ...base, items };
}

export function ImportForm({ org, onImported }: { org: string; onImported: () => void }) {
  const announce = useAnnounce();
  const [result, setResult] = useState<MentionImportResult>();
  const run = useMutation(async (file: File | undefined, base: Omit<MentionImport, 'csv' | 'items'>) =>
    mentions.import(org, await bodyOf(file, base)),
  );

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (run.pending) return;
    const form = e.currentTarget;
    const f = readForm(form);
    const file = (form.elements.namedItem('file') as HTMLInputElement | null)?.files?.[0];
    setResult(undefined);
    const r = await run.run(file, { source: f.text('source'), subject: subjectOf(f.optional('peer')) });
    if (r.ok) {
      setResult(r.value);
      announce(
        `Import done: ${r.value.added} added, ${r.value.duplicates} already there, ${r.value.rejected.length} rejected.`,
      );
      if (r.value.added > 0) onImported();
    }
  };

  const errors = run.error?.fieldErrors() ?? {};
  return (
    <section className="panel" aria-labelledby="import-heading">
      <h2 id="import-heading">Import mentions</h2>
      <p className="muted">
        A CSV file whose first line names the columns, or a JSON array, from a media-monitoring tool:{' '}
        <code>text</code> and <code>published_at</code> are required; <code>id</code>, <code>url</code>,{' '}
        <code>title</code>, <code>author</code>, <code>reach</code>, <code>subject</code> and{' '}
        <code>incident</code> are read when present. Importing the same source again adds only new rows.
      </p>
      <form onSubmit={onSubmit} noValidate aria-label="Import mentions">
        <ErrorSummary
          error={run.error}
          labels={{ source: 'Source', subject: 'Peer', csv: 'File', items: 'File' }}
        />
        <TextField
          label="Source"
          name="source"
          required
          hint="Where the rows come from, e.g. meltwater-2026-03."
          errors={errors}
        />
        <TextField
          label="Peer"
          name="peer"
          hint="For rows without a subject column: the named peer they are about; empty for your organization."
          errors={{ ...errors, ...(errors.subject ? { peer: errors.subject } : {}) }}
        />
        <TextField
          label="File"
          name="file"
          type="file"
          required
          accept=".csv,.json,text/csv,application/json"
        />
        <SubmitButton pending={run.pending}>Import</SubmitButton>
      </form>
      {result ? (
        <div className="import-result" role="status">
          <p>
            {result.received} {result.received === 1 ? 'row' : 'rows'} read: {result.added} added,{' '}
            {result.duplicates} already imported, {result.rejected.length} rejected.
          </p>
          {result.rejected.length > 0 ? (
            <ul className="small">
              {result.rejected.slice(0, 50).map((r) => (
                <li key={r.row}>
                  Row {r.row}: {r.reason}
                </li>
              ))}
              {result.rejected.length > 50 ? <li>… and {result.rejected.length - 50} more.</li> : null}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
