import type { FormEvent } from 'react';
import type { Discloser } from '../../../src/shared/enums.ts';
import { DISCLOSERS, label } from '../../../src/shared/enums.ts';
import {
  ErrorSummary,
  optionsOf,
  readForm,
  SelectField,
  SubmitButton,
  TextArea,
  TextField,
} from '../components/forms.tsx';
import { incidents } from '../endpoints.ts';
import { fromLocalInput, SEVERITY_OPTIONS, toLocalInput } from '../format.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { useMutation } from '../hooks.ts';
import { useWorkspace } from './workspace.tsx';

const LABELS = {
  investigationOwner: 'Investigation owner',
  disclosedAt: 'Disclosed to the people affected at',
  disclosedBy: 'Disclosed first by',
  severity: 'Severity',
  summary: 'Summary',
};

/**
 * Edits the facts the first stage gate asks for. The update carries the ETag of the incident as
 * read, so a change someone made meanwhile is never overwritten (412).
 */
export function FactsForm({ onDone }: { onDone: () => void }) {
  const { org, incident, etag, replace, reload } = useWorkspace();
  const announce = useAnnounce();
  const save = useMutation((body: Parameters<typeof incidents.update>[2]) =>
    incidents.update(org, incident.id, body, etag),
  );

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (save.pending) return;
    const f = readForm(e.currentTarget);
    const result = await save.run({
      investigationOwner: f.nullable('investigationOwner'),
      disclosedAt: fromLocalInput(f.text('disclosedAt')),
      disclosedBy: (f.text('disclosedBy') || null) as Discloser | null,
      severity: Number(f.text('severity')),
      summary: f.optional('summary'),
    });
    if (result.ok) {
      replace(result.value);
      announce('Facts saved.');
      onDone();
    }
  };

  const errors = save.error?.fieldErrors();
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Edit facts">
      {save.error?.status === 412 ? (
        <div className="error-summary" role="alert">
          <p className="error-title">Someone changed this incident after you opened it.</p>
          <p>Load their version, then make your change again.</p>
          <button type="button" onClick={reload}>
            Load the latest version
          </button>
        </div>
      ) : (
        <ErrorSummary error={save.error} labels={LABELS} />
      )}
      {/* Opened by a button it replaces, and remounted by "Load the latest version": focus starts here. */}
      <TextField
        autoFocus
        label={LABELS.investigationOwner}
        name="investigationOwner"
        defaultValue={incident.investigationOwner ?? ''}
        errors={errors}
      />
      <TextField
        label={LABELS.disclosedAt}
        name="disclosedAt"
        type="datetime-local"
        defaultValue={toLocalInput(incident.disclosedAt)}
        errors={errors}
      />
      <SelectField
        label={LABELS.disclosedBy}
        name="disclosedBy"
        placeholder="Not recorded"
        options={optionsOf(DISCLOSERS, label)}
        defaultValue={incident.disclosedBy ?? ''}
        errors={errors}
      />
      <SelectField
        label={LABELS.severity}
        name="severity"
        options={SEVERITY_OPTIONS}
        defaultValue={String(incident.severity)}
        errors={errors}
      />
      <TextArea
        label={LABELS.summary}
        name="summary"
        defaultValue={incident.summary ?? ''}
        rows={5}
        errors={errors}
      />
      <div className="form-actions">
        <SubmitButton pending={save.pending}>Save facts</SubmitButton>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
