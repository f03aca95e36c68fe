import type { FormEvent } from 'react';
import type { LeadershipKind } from '../../../src/shared/enums.ts';
import { label, LEADERSHIP_KINDS, STANDARD_AUDIENCES } from '../../../src/shared/enums.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { Badge } from '../components/badges.tsx';
import {
  Checkbox,
  ErrorSummary,
  optionsOf,
  readForm,
  SelectField,
  SubmitButton,
  TextArea,
  TextField,
} from '../components/forms.tsx';
import { LoadError, Loading } from '../components/status.tsx';
import type { LeadershipCreate, LeadershipView } from '../contract.ts';
import { leadership } from '../endpoints.ts';
import { formatDateTime, fromLocalInput } from '../format.ts';
import { useLoad, useMutation } from '../hooks.ts';
import { useCan } from '../session.tsx';
import { useWorkspace } from './workspace.tsx';

const LABELS = {
  kind: 'Kind',
  leader: 'Leader',
  audience: 'Audience',
  occurredAt: 'When',
  summary: 'What was said and done',
  isPublic: 'Show on the public page',
};

/** How leaders showed up: town halls, customer calls, visits, media, memos. */
export function LeadershipTab() {
  const { org, incident } = useWorkspace();
  const list = useLoad(() => leadership.list(org, incident.id), [org, incident.id]);
  const canWrite = useCan('leadership:write');
  const items = [...(list.data?.items ?? [])].sort((a, b) => (a.occurredAt < b.occurredAt ? 1 : -1));
  return (
    <>
      <h2>Leadership</h2>
      <p className="muted">
        Leaders being seen to take part matters to how an apology is received. Public entries appear on the
        public page.
      </p>
      {list.error ? <LoadError error={list.error} retry={list.reload} /> : null}
      {!list.data && !list.error ? <Loading what="Loading the leadership log" /> : null}
      {list.data && items.length === 0 ? <p className="empty">Nothing logged yet.</p> : null}
      {items.length > 0 ? (
        <ul className="cards" aria-label="Leadership log">
          {items.map((a) => (
            <ActivityCard key={a.id} activity={a} canWrite={canWrite} onChanged={() => void list.reload()} />
          ))}
        </ul>
      ) : null}
      {canWrite ? <AddActivityForm onAdded={() => void list.reload()} /> : null}
    </>
  );
}

function ActivityCard({
  activity: a,
  canWrite,
  onChanged,
}: {
  activity: LeadershipView;
  canWrite: boolean;
  onChanged: () => void;
}) {
  const { org } = useWorkspace();
  const announce = useAnnounce();
  const update = useMutation((isPublic: boolean) => leadership.update(org, a, { isPublic }));
  const toggle = async () => {
    if (update.pending) return;
    const r = await update.run(!a.isPublic);
    if (r.ok) {
      announce(r.value.data.isPublic ? 'Now shown on the public page.' : 'Now internal only.');
      onChanged();
    }
  };
  return (
    <li className="card" aria-label={`${label(a.kind)} by ${a.leader}`}>
      <p className="card-title">
        {label(a.kind)} — {a.leader}
      </p>
      <p className="card-meta">
        <Badge>To {label(a.audience).toLowerCase()}</Badge>{' '}
        {a.isPublic ? <Badge tone="good">Public</Badge> : <Badge>Internal</Badge>}{' '}
        <span className="muted small">
          <time dateTime={a.occurredAt}>{formatDateTime(a.occurredAt)}</time>
        </span>
      </p>
      <p>{a.summary}</p>
      {canWrite ? (
        <button type="button" onClick={toggle} aria-disabled={update.pending || undefined}>
          {a.isPublic ? 'Make internal' : 'Show on the public page'}
          <span className="visually-hidden">
            : {label(a.kind)} by {a.leader}
          </span>
        </button>
      ) : null}
      <ErrorSummary error={update.error} />
    </li>
  );
}

function AddActivityForm({ onAdded }: { onAdded: () => void }) {
  const { org, incident } = useWorkspace();
  const announce = useAnnounce();
  const create = useMutation((body: LeadershipCreate) => leadership.create(org, incident.id, body));
  const audiences = [...new Set([...STANDARD_AUDIENCES, ...incident.affectedAudiences])];

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (create.pending) return;
    const form = e.currentTarget;
    const f = readForm(form);
    const result = await create.run({
      kind: f.text('kind') as LeadershipKind,
      leader: f.text('leader'),
      audience: f.text('audience'),
      occurredAt: fromLocalInput(f.text('occurredAt')) ?? '',
      summary: f.text('summary'),
      isPublic: f.checked('isPublic'),
    });
    if (result.ok) {
      form.reset();
      announce(`Logged: ${label(result.value.kind).toLowerCase()} by ${result.value.leader}.`);
      onAdded();
    }
  };
  const errors = create.error?.fieldErrors();
  return (
    <section className="panel" aria-labelledby="add-leadership-heading">
      <h3 id="add-leadership-heading">Log a leadership activity</h3>
      <form onSubmit={onSubmit} noValidate>
        <ErrorSummary error={create.error} labels={LABELS} />
        <div className="field-row">
          <SelectField
            label={LABELS.kind}
            name="kind"
            required
            placeholder="Choose…"
            options={optionsOf(LEADERSHIP_KINDS, label)}
            errors={errors}
          />
          <TextField label={LABELS.leader} name="leader" required errors={errors} />
          <SelectField
            label={LABELS.audience}
            name="audience"
            required
            options={audiences.map((a) => ({ value: a, label: label(a) }))}
            errors={errors}
          />
          <TextField
            label={LABELS.occurredAt}
            name="occurredAt"
            type="datetime-local"
            required
            errors={errors}
          />
        </div>
        <TextArea label={LABELS.summary} name="summary" required errors={errors} />
        <Checkbox label={LABELS.isPublic} name="isPublic" errors={errors} />
        <SubmitButton pending={create.pending}>Log activity</SubmitButton>
      </form>
    </section>
  );
}
