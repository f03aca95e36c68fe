import type { FormEvent } from 'react';
import type { ActionCreate } from '../../../src/shared/contract/action.ts';
import type { RootCauseView } from '../../../src/shared/contract/root-cause.ts';
import type { ActionKind, RepairLogic, TrustDimension } from '../../../src/shared/enums.ts';
import { ACTION_KINDS, label, REPAIR_LOGICS, TRUST_DIMENSIONS } from '../../../src/shared/enums.ts';
import { useAnnounce } from '../components/announcer.tsx';
import {
  CheckboxGroup,
  ErrorSummary,
  optionsOf,
  readForm,
  SelectField,
  SubmitButton,
  TextField,
} from '../components/forms.tsx';
import { actions } from '../endpoints.ts';
import { truncate } from '../format.ts';
import { useMutation } from '../hooks.ts';
import { useWorkspace } from './workspace.tsx';

const LABELS = {
  title: 'Title',
  kind: 'Kind',
  repairLogic: 'Repair logic',
  dimensions: 'Trust dimensions it repairs',
  rootCauseIds: 'Root causes it addresses',
  owner: 'Owner',
  sponsor: 'Executive sponsor',
  dueAt: 'Due date',
  verificationMethod: 'How effectiveness will be checked',
};

/** Plans a corrective action, linked to the root causes it addresses. */
export function AddActionForm({ rootCauses, onAdded }: { rootCauses: RootCauseView[]; onAdded: () => void }) {
  const { org, incident } = useWorkspace();
  const create = useMutation((body: ActionCreate) => actions.create(org, incident.id, body));
  const announce = useAnnounce();

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (create.pending) return;
    const form = e.currentTarget;
    const f = readForm(form);
    const result = await create.run({
      title: f.text('title'),
      kind: f.text('kind') as ActionKind,
      repairLogic: f.text('repairLogic') as RepairLogic,
      dimensions: f.all('dimensions') as TrustDimension[],
      rootCauseIds: f.all('rootCauseIds'),
      owner: f.nullable('owner'),
      sponsor: f.nullable('sponsor'),
      dueAt: f.nullable('dueAt'),
      verificationMethod: f.nullable('verificationMethod'),
    });
    if (result.ok) {
      form.reset();
      announce(`Action planned: ${result.value.title}.`);
      onAdded();
    }
  };

  const errors = create.error?.fieldErrors();
  return (
    <section className="panel" aria-labelledby="add-action-heading">
      <h3 id="add-action-heading">Plan an action</h3>
      <form onSubmit={onSubmit} noValidate>
        <ErrorSummary error={create.error} labels={LABELS} />
        <TextField label={LABELS.title} name="title" required errors={errors} />
        <div className="field-row">
          <SelectField
            label={LABELS.kind}
            name="kind"
            required
            placeholder="Choose…"
            options={optionsOf(ACTION_KINDS, label)}
            errors={errors}
          />
          <SelectField
            label={LABELS.repairLogic}
            name="repairLogic"
            required
            placeholder="Choose…"
            hint="Controls and monitoring, or visible proof of good intent. A plan needs both."
            options={optionsOf(REPAIR_LOGICS, label)}
            errors={errors}
          />
        </div>
        <div className="field-row">
          <CheckboxGroup
            label={LABELS.dimensions}
            name="dimensions"
            options={optionsOf(TRUST_DIMENSIONS, label)}
            errors={errors}
          />
          <CheckboxGroup
            label={LABELS.rootCauseIds}
            name="rootCauseIds"
            options={rootCauses.map((rc) => ({ value: rc.id, label: truncate(rc.description, 90) }))}
            errors={errors}
          />
        </div>
        <div className="field-row">
          <TextField label={LABELS.owner} name="owner" errors={errors} />
          <TextField label={LABELS.sponsor} name="sponsor" errors={errors} />
          <TextField label={LABELS.dueAt} name="dueAt" type="date" errors={errors} />
        </div>
        <TextField
          label={LABELS.verificationMethod}
          name="verificationMethod"
          hint="For example: a planted public bucket pages on-call within 5 minutes."
          errors={errors}
        />
        <SubmitButton pending={create.pending}>Add action</SubmitButton>
      </form>
    </section>
  );
}
