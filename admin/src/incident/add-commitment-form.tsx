import type { FormEvent } from 'react';
import type { ActionView } from '../../../src/shared/contract/action.ts';
import type { CommitmentCreate } from '../../../src/shared/contract/commitment.ts';
import { label, STANDARD_AUDIENCES } from '../../../src/shared/enums.ts';
import { useAnnounce } from '../components/announcer.tsx';
import {
  CheckboxGroup,
  ErrorSummary,
  readForm,
  SelectField,
  SubmitButton,
  TextArea,
  TextField,
} from '../components/forms.tsx';
import { commitments } from '../endpoints.ts';
import { useMutation } from '../hooks.ts';
import { useWorkspace } from './workspace.tsx';

const LABELS = {
  text: 'The promise, as it was made',
  audience: 'Made to',
  dueAt: 'Due date',
  owner: 'Owner',
  verification: 'How anyone can check it was kept',
  source: 'Where it was promised',
  actionIds: 'Linked actions',
};

/** Registers a public promise; with linked actions, it is kept when they are done. */
export function AddCommitmentForm({ actions, onAdded }: { actions: ActionView[]; onAdded: () => void }) {
  const { org, incident } = useWorkspace();
  const create = useMutation((body: CommitmentCreate) => commitments.create(org, incident.id, body));
  const announce = useAnnounce();
  const audiences = [...new Set([...incident.affectedAudiences, ...STANDARD_AUDIENCES])];

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (create.pending) return;
    const form = e.currentTarget;
    const f = readForm(form);
    const result = await create.run({
      text: f.text('text'),
      audience: f.text('audience'),
      dueAt: f.nullable('dueAt'),
      owner: f.nullable('owner'),
      verification: f.nullable('verification'),
      source: f.nullable('source'),
      actionIds: f.all('actionIds'),
    });
    if (result.ok) {
      form.reset();
      announce('Commitment registered.');
      onAdded();
    }
  };

  const errors = create.error?.fieldErrors();
  return (
    <section className="panel" aria-labelledby="add-commitment-heading">
      <h3 id="add-commitment-heading">Register a commitment</h3>
      <form onSubmit={onSubmit} noValidate>
        <ErrorSummary error={create.error} labels={LABELS} />
        <TextArea label={LABELS.text} name="text" required errors={errors} />
        <div className="field-row">
          <SelectField
            label={LABELS.audience}
            name="audience"
            required
            options={audiences.map((a) => ({ value: a, label: label(a) }))}
            errors={errors}
          />
          <TextField label={LABELS.dueAt} name="dueAt" type="date" errors={errors} />
          <TextField label={LABELS.owner} name="owner" errors={errors} />
        </div>
        <div className="field-row">
          <TextField label={LABELS.verification} name="verification" errors={errors} />
          <TextField
            label={LABELS.source}
            name="source"
            hint="A statement, a call, a post."
            errors={errors}
          />
        </div>
        <CheckboxGroup
          label={LABELS.actionIds}
          name="actionIds"
          hint="The commitment is kept when every linked action is done, and broken if they are all dropped."
          options={actions
            .filter((a) => a.status !== 'dropped')
            .map((a) => ({ value: a.id, label: a.title }))}
          errors={errors}
        />
        <SubmitButton pending={create.pending}>Register commitment</SubmitButton>
      </form>
    </section>
  );
}
