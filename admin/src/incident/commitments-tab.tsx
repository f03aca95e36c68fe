import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { ActionView } from '../../../src/shared/contract/action.ts';
import type { CommitmentPatch, CommitmentView } from '../../../src/shared/contract/commitment.ts';
import type { SayDo } from '../../../src/shared/contract/incident.ts';
import { label } from '../../../src/shared/enums.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { ActionStatusBadge, Badge, CommitmentStatusBadge, OverdueBadge } from '../components/badges.tsx';
import { useFocusWhenLost } from '../components/focus.ts';
import {
  ErrorSummary,
  readForm,
  SelectField,
  SubmitButton,
  TextArea,
  TextField,
} from '../components/forms.tsx';
import { LoadError, Loading } from '../components/status.tsx';
import { actions, commitments } from '../endpoints.ts';
import { formatDateTime, formatDue, formatRatio, isoDate, truncate } from '../format.ts';
import type { MutationState } from '../hooks.ts';
import { useLoad, useMutation } from '../hooks.ts';
import { useCan } from '../session.tsx';
import { AddCommitmentForm } from './add-commitment-form.tsx';
import { useWorkspace } from './workspace.tsx';

export function CommitmentsTab() {
  const { org, incident, reload } = useWorkspace();
  const list = useLoad(() => commitments.list(org, incident.id), [org, incident.id]);
  const acts = useLoad(() => actions.list(org, incident.id), [org, incident.id]);
  const actionsById = new Map((acts.data?.items ?? []).map((a) => [a.id, a]));
  const canWrite = useCan('commitment:write');
  const changed = () => {
    void list.reload();
    void reload();
  };

  return (
    <>
      <h2>Commitments</h2>
      <SayDoSummary sayDo={incident.sayDo} />
      {list.error ? <LoadError error={list.error} retry={list.reload} /> : null}
      {!list.data && !list.error ? <Loading what="Loading commitments" /> : null}
      {list.data?.items.length === 0 ? <p className="empty">No commitment registered yet.</p> : null}
      <ul className="cards">
        {list.data?.items.map((c) => (
          <CommitmentCard
            key={c.id}
            commitment={c}
            actionsById={actionsById}
            canWrite={canWrite}
            onChanged={changed}
          />
        ))}
      </ul>
      {canWrite ? <AddCommitmentForm actions={acts.data?.items ?? []} onAdded={changed} /> : null}
    </>
  );
}

/** Say–do ratio (Simons 2002): promises kept on time out of those due. */
function SayDoSummary({ sayDo: s }: { sayDo: SayDo }) {
  const stats: [string, string][] = [
    ['Kept on time', String(s.keptOnTime)],
    ['Kept late', String(s.keptLate)],
    ['Broken', String(s.broken)],
    ['Overdue', String(s.overdue)],
    ['Withdrawn', String(s.withdrawn)],
    ['Specific', `${s.specific} of ${s.total}`],
  ];
  return (
    <dl className="stats" aria-label="Say–do summary">
      <div className="stat-main">
        <dt>Say–do ratio</dt>
        <dd>
          {formatRatio(s.ratio)}
          <span className="stat-detail">
            {s.ratio === null ? 'Nothing is due yet' : `${s.keptOnTime} of ${s.due} due kept on time`}
          </span>
        </dd>
      </div>
      {stats.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

type Mode = 'renegotiate' | 'settle' | null;

function CommitmentCard({
  commitment: c,
  actionsById,
  canWrite,
  onChanged,
}: {
  commitment: CommitmentView;
  actionsById: Map<string, ActionView>;
  /** Renegotiate, keep, break and withdraw are commitment:write. */
  canWrite: boolean;
  onChanged: () => void;
}) {
  const { org } = useWorkspace();
  const announce = useAnnounce();
  const [mode, setMode] = useState<Mode>(null);
  const update = useMutation((body: CommitmentPatch) => commitments.update(org, c, body));
  const pending = c.status === 'open' || c.status === 'renegotiated';
  const linked = c.actionIds.map((id) => actionsById.get(id));
  // A closed form gives focus back to the button that opened it; once the promise is settled and
  // its buttons are gone, focus goes to its text.
  const opener = useRef<HTMLButtonElement | null>(null);
  const title = useRef<HTMLParagraphElement>(null);
  useFocusWhenLost(mode, opener, title);
  useFocusWhenLost(c.status, title);
  // Every card has the same buttons: the promise, unseen, tells them apart for screen readers.
  const which = <span className="visually-hidden">: {truncate(c.text, 60)}</span>;

  const apply = async (body: CommitmentPatch) => {
    if (update.pending) return;
    const result = await update.run(body);
    if (result.ok) {
      setMode(null);
      const now = result.value.data;
      announce(
        body.status
          ? `Commitment is now ${label(now.status).toLowerCase()}.`
          : `Commitment renegotiated: now due ${formatDue(now.dueAt)}.`,
      );
      onChanged();
    }
  };
  const toggle = (m: Mode, text: string) => (
    <button
      type="button"
      aria-expanded={mode === m}
      onClick={(e) => {
        opener.current = e.currentTarget;
        update.reset();
        setMode(mode === m ? null : m);
      }}
    >
      {text}
      {which}
    </button>
  );

  return (
    <li className={`card${c.overdue ? ' is-overdue' : ''}`} aria-label={`Commitment: ${c.text}`}>
      <p className="card-title" ref={title} tabIndex={-1}>
        “{c.text}”
      </p>
      <p className="card-meta">
        <CommitmentStatusBadge status={c.status} /> {c.overdue ? <OverdueBadge /> : null}{' '}
        <Badge>To {label(c.audience).toLowerCase()}</Badge>
        {!c.specific ? (
          <Badge tone="warn">Not specific: needs a date, an owner and a verification</Badge>
        ) : null}
      </p>
      <dl className="facts compact">
        <div>
          <dt>Due</dt>
          <dd>
            {c.dueAt ? <time dateTime={isoDate(c.dueAt)}>{formatDue(c.dueAt)}</time> : '—'}
            {c.originalDueAt && c.originalDueAt !== c.dueAt ? (
              <span className="muted"> (first promised {formatDue(c.originalDueAt)})</span>
            ) : null}
          </dd>
        </div>
        {c.keptAt ? (
          <div>
            <dt>Kept</dt>
            <dd>{formatDateTime(c.keptAt)}</dd>
          </div>
        ) : null}
        <div>
          <dt>Owner</dt>
          <dd>{c.owner ?? '—'}</dd>
        </div>
        <div>
          <dt>Verification</dt>
          <dd>{c.verification ?? '—'}</dd>
        </div>
        {c.source ? (
          <div>
            <dt>Promised in</dt>
            <dd>{c.source}</dd>
          </div>
        ) : null}
        {c.explanation ? (
          <div>
            <dt>Explanation</dt>
            <dd>{c.explanation}</dd>
          </div>
        ) : null}
      </dl>
      {linked.length > 0 ? (
        <div className="linked">
          <p className="small">Kept when these actions are done:</p>
          <ul>
            {linked.map((a, i) =>
              a ? (
                <li key={a.id}>
                  {a.title} <ActionStatusBadge status={a.status} />
                </li>
              ) : (
                <li key={c.actionIds[i]}>An action of another list</li>
              ),
            )}
          </ul>
        </div>
      ) : null}
      {c.dueHistory.length > 0 ? (
        <details>
          <summary>
            Renegotiated {c.dueHistory.length === 1 ? 'once' : `${c.dueHistory.length} times`}
          </summary>
          <ul className="due-history">
            {c.dueHistory.map((h) => (
              <li key={h.at}>
                {formatDateTime(h.at)}, {h.by}: due {formatDue(h.from)} → {formatDue(h.to)}. “{h.explanation}”
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {pending && canWrite ? (
        <div className="form-actions">
          {toggle('renegotiate', 'Renegotiate due date')}
          {c.actionIds.length === 0 ? (
            <button type="button" onClick={() => apply({ status: 'kept' })}>
              Record as kept
              {which}
            </button>
          ) : null}
          {toggle('settle', 'Mark broken or withdraw')}
        </div>
      ) : null}
      {mode === 'renegotiate' ? (
        <RenegotiateForm onSubmit={apply} onCancel={() => setMode(null)} update={update} />
      ) : mode === 'settle' ? (
        <SettleForm onSubmit={apply} onCancel={() => setMode(null)} update={update} />
      ) : (
        <ErrorSummary error={update.error} />
      )}
    </li>
  );
}

interface FormProps {
  onSubmit: (body: CommitmentPatch) => Promise<void>;
  onCancel: () => void;
  update: MutationState;
}

/** Moving a due date is a renegotiation: it needs an explanation, and on-time is still judged by the first date. */
function RenegotiateForm({ onSubmit, onCancel, update }: FormProps) {
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = readForm(e.currentTarget);
    void onSubmit({ dueAt: f.nullable('dueAt'), explanation: f.text('explanation') });
  };
  const errors = update.error?.fieldErrors();
  return (
    <form onSubmit={submit} noValidate className="inline-form" aria-label="Renegotiate due date">
      <ErrorSummary error={update.error} labels={{ dueAt: 'New due date', explanation: 'Explanation' }} />
      <TextField label="New due date" name="dueAt" type="date" required errors={errors} />
      <TextArea
        label="Explanation"
        name="explanation"
        required
        hint="Say why, as you would to the people it was promised to. Kept on time is still judged by the first date."
        errors={errors}
      />
      <div className="form-actions">
        <SubmitButton pending={update.pending}>Renegotiate</SubmitButton>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function SettleForm({ onSubmit, onCancel, update }: FormProps) {
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = readForm(e.currentTarget);
    void onSubmit({ status: f.text('status') as 'broken' | 'withdrawn', explanation: f.text('explanation') });
  };
  const errors = update.error?.fieldErrors();
  return (
    <form onSubmit={submit} noValidate className="inline-form" aria-label="Mark broken or withdraw">
      <ErrorSummary error={update.error} labels={{ status: 'Outcome', explanation: 'Explanation' }} />
      <SelectField
        label="Outcome"
        name="status"
        options={[
          { value: 'broken', label: 'Broken: it will not be kept' },
          { value: 'withdrawn', label: 'Withdrawn: it no longer applies' },
        ]}
        errors={errors}
      />
      <TextArea label="Explanation" name="explanation" required errors={errors} />
      <div className="form-actions">
        <SubmitButton pending={update.pending}>Record outcome</SubmitButton>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
