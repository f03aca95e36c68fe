import type { FormEvent } from 'react';
import type { IncidentView } from '../../../src/shared/contract/incident.ts';
import type { IncidentKind, ViolationType } from '../../../src/shared/enums.ts';
import { INCIDENT_KINDS, label, STANDARD_AUDIENCES, VIOLATION_TYPES } from '../../../src/shared/enums.ts';
import {
  CheckboxGroup,
  ErrorSummary,
  optionsOf,
  readForm,
  SelectField,
  SubmitButton,
  TextArea,
  TextField,
} from '../components/forms.tsx';
import { incidents } from '../endpoints.ts';
import { fromLocalInput, SEVERITY_OPTIONS } from '../format.ts';
import { useMutation } from '../hooks.ts';

const LABELS = {
  title: 'Title',
  kind: 'Kind',
  severity: 'Severity',
  summary: 'Summary',
  affectedAudiences: 'Affected audiences',
  violationTypes: 'Violation types',
  investigationOwner: 'Investigation owner',
  detectedAt: 'Detected at',
};

/** Declares an incident; it starts in the respond stage. */
export function DeclareIncidentForm({
  org,
  onDeclared,
  onCancel,
}: {
  org: string;
  onDeclared: (incident: IncidentView) => void;
  onCancel: () => void;
}) {
  const create = useMutation((body: Parameters<typeof incidents.create>[1]) => incidents.create(org, body));

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (create.pending) return;
    const f = readForm(e.currentTarget);
    const detectedAt = fromLocalInput(f.text('detectedAt'));
    const result = await create.run({
      title: f.text('title'),
      kind: f.text('kind') as IncidentKind,
      severity: Number(f.text('severity')),
      summary: f.optional('summary'),
      affectedAudiences: f.all('affectedAudiences'),
      violationTypes: f.all('violationTypes') as ViolationType[],
      investigationOwner: f.nullable('investigationOwner'),
      ...(detectedAt ? { detectedAt } : {}),
    });
    if (result.ok) onDeclared(result.value);
  };

  const errors = create.error?.fieldErrors();
  return (
    <section className="panel" aria-labelledby="declare-heading">
      <h2 id="declare-heading">Declare an incident</h2>
      <form onSubmit={onSubmit} noValidate>
        <ErrorSummary error={create.error} labels={LABELS} />
        <TextField label={LABELS.title} name="title" required errors={errors} />
        <div className="field-row">
          <SelectField
            label={LABELS.kind}
            name="kind"
            required
            placeholder="Choose…"
            options={optionsOf(INCIDENT_KINDS, label)}
            errors={errors}
          />
          <SelectField
            label={LABELS.severity}
            name="severity"
            options={SEVERITY_OPTIONS}
            defaultValue="3"
            errors={errors}
          />
          <TextField
            label={LABELS.detectedAt}
            name="detectedAt"
            type="datetime-local"
            hint="Leave empty for now."
            errors={errors}
          />
        </div>
        <TextArea label={LABELS.summary} name="summary" errors={errors} />
        <div className="field-row">
          <CheckboxGroup
            label={LABELS.affectedAudiences}
            name="affectedAudiences"
            options={optionsOf(STANDARD_AUDIENCES, label)}
            errors={errors}
          />
          <CheckboxGroup
            label={LABELS.violationTypes}
            name="violationTypes"
            hint="Which kind of trust was broken."
            options={optionsOf(VIOLATION_TYPES, label)}
            errors={errors}
          />
        </div>
        <TextField label={LABELS.investigationOwner} name="investigationOwner" errors={errors} />
        <div className="form-actions">
          <SubmitButton pending={create.pending}>Declare incident</SubmitButton>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
