import { Fragment, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { ActionPatch, ActionView } from '../../../src/shared/contract/action.ts';
import type { ActionStatus } from '../../../src/shared/enums.ts';
import { label } from '../../../src/shared/enums.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { ActionStatusBadge, OverdueBadge } from '../components/badges.tsx';
import { useFocusWhenLost } from '../components/focus.ts';
import { ErrorSummary, readForm, SubmitButton, TextArea, TextField } from '../components/forms.tsx';
import { LoadError, Loading } from '../components/status.tsx';
import { actions, feedback, rootCauses } from '../endpoints.ts';
import type { LoopStatusView } from '../../../src/shared/contract/feedback.ts';
import { LoopStatus } from '../listening/loop-status.tsx';
import { formatDue, isoDate } from '../format.ts';
import type { MutationState } from '../hooks.ts';
import { useLoad, useMutation } from '../hooks.ts';
import { useCan } from '../session.tsx';
import { AddActionForm } from './add-action-form.tsx';
import { useWorkspace } from './workspace.tsx';

export function ActionsTab() {
  const { org, incident, reload } = useWorkspace();
  const list = useLoad(() => actions.list(org, incident.id), [org, incident.id]);
  const canWrite = useCan('action:write');
  // The root causes are only needed to link a new action to them.
  const causes = useLoad(
    async () => (canWrite ? (await rootCauses.list(org, incident.id)).items : []),
    [org, incident.id, canWrite],
  );
  // People waiting to hear back, for every action in one request.
  const loop = useLoad(() => feedback.incidentLoop(org, incident.id), [org, incident.id]);
  const changed = () => {
    void list.reload();
    void reload();
    void loop.reload();
  };

  return (
    <>
      <h2>Corrective actions</h2>
      {list.error ? <LoadError error={list.error} retry={list.reload} /> : null}
      {!list.data && !list.error ? <Loading what="Loading actions" /> : null}
      {list.data?.items.length === 0 ? <p className="empty">No corrective action planned yet.</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <ActionTable
          items={list.data.items}
          canWrite={canWrite}
          onChanged={changed}
          loop={new Map(loop.data?.items.map((l) => [l.actionId, l]))}
        />
      ) : null}
      {canWrite ? <AddActionForm rootCauses={causes.data ?? []} onAdded={changed} /> : null}
    </>
  );
}

/** The plan; the column of status changes is there only for roles that may make them. */
function ActionTable({
  items,
  canWrite,
  onChanged,
  loop,
}: {
  items: ActionView[];
  canWrite: boolean;
  onChanged: () => void;
  loop?: Map<string, LoopStatusView>;
}) {
  return (
    <div className="table-wrap">
      <table className="actions-table">
        <caption className="visually-hidden">Corrective actions</caption>
        <thead>
          <tr>
            <th scope="col">Action</th>
            <th scope="col">Kind</th>
            <th scope="col">Repair logic</th>
            <th scope="col">Owner</th>
            <th scope="col">Due</th>
            <th scope="col">Status</th>
            <th scope="col">You said, we did</th>
            {canWrite ? (
              <th scope="col">
                <span className="visually-hidden">Changes</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <ActionRow
              key={a.id}
              action={a}
              canWrite={canWrite}
              onChanged={onChanged}
              loop={loop?.get(a.id)}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

type Mode = 'verify' | 'drop' | null;

function ActionRow({
  action: a,
  canWrite,
  onChanged,
  loop,
}: {
  action: ActionView;
  canWrite: boolean;
  onChanged: () => void;
  loop?: LoopStatusView | undefined;
}) {
  const { org } = useWorkspace();
  const announce = useAnnounce();
  const [mode, setMode] = useState<Mode>(null);
  const update = useMutation((body: ActionPatch) => actions.update(org, a, body));
  // A closed form gives focus back to its button; a new status, whose buttons replace the pressed
  // one, puts it on the action's title.
  const opener = useRef<HTMLButtonElement>(null);
  const title = useRef<HTMLElement>(null);
  useFocusWhenLost(mode, opener, title);
  useFocusWhenLost(a.status, title);

  const apply = async (body: ActionPatch) => {
    if (update.pending) return;
    const result = await update.run(body);
    if (result.ok) {
      setMode(null);
      announce(`Action “${a.title}” is now ${label(result.value.data.status).toLowerCase()}.`);
      onChanged();
    }
  };
  const simpleMove = (status: ActionStatus, text: string) => (
    <button type="button" onClick={() => apply({ status })}>
      {text}
      <span className="visually-hidden">: {a.title}</span>
    </button>
  );
  const openForm = (m: Mode, text: string) => (
    <button
      ref={opener}
      type="button"
      aria-expanded={mode === m}
      onClick={() => {
        update.reset();
        setMode(mode === m ? null : m);
      }}
    >
      {text}
      <span className="visually-hidden">: {a.title}</span>
    </button>
  );

  return (
    <Fragment>
      <tr className={a.overdue ? 'is-overdue' : undefined}>
        <th scope="row">
          <span className="action-title" ref={title} tabIndex={-1}>
            {a.title}
          </span>
          {a.overdue ? (
            <>
              {' '}
              <OverdueBadge />
            </>
          ) : null}
          {a.statusReason ? <div className="muted small">Reason: {a.statusReason}</div> : null}
          {a.verification ? (
            <div className="muted small">
              Verified: {a.verification.metric} — target {a.verification.target}, result{' '}
              {a.verification.result}
            </div>
          ) : null}
        </th>
        <td>{label(a.kind)}</td>
        <td>{label(a.repairLogic)}</td>
        <td>{a.owner ?? '—'}</td>
        <td>{a.dueAt ? <time dateTime={isoDate(a.dueAt)}>{formatDue(a.dueAt)}</time> : '—'}</td>
        <td>
          <ActionStatusBadge status={a.status} />
        </td>
        <td>
          <LoopStatus status={loop} />
        </td>
        {canWrite ? (
          <td className="row-buttons">
            {a.status === 'planned' ? simpleMove('in_progress', 'Start') : null}
            {a.status === 'planned' || a.status === 'in_progress' ? simpleMove('done', 'Mark done') : null}
            {a.status === 'done' ? openForm('verify', 'Verify') : null}
            {a.status === 'planned' || a.status === 'in_progress' ? openForm('drop', 'Drop') : null}
          </td>
        ) : null}
      </tr>
      {mode || update.error ? (
        <tr className="row-form">
          <td colSpan={8}>
            {mode === 'verify' ? (
              <VerifyForm title={a.title} onSubmit={apply} onCancel={() => setMode(null)} update={update} />
            ) : mode === 'drop' ? (
              <DropForm title={a.title} onSubmit={apply} onCancel={() => setMode(null)} update={update} />
            ) : (
              <ErrorSummary error={update.error} />
            )}
          </td>
        </tr>
      ) : null}
    </Fragment>
  );
}

interface RowFormProps {
  title: string;
  onSubmit: (body: ActionPatch) => Promise<void>;
  onCancel: () => void;
  update: MutationState;
}

const VERIFY_LABELS = {
  'verification.metric': 'Metric',
  'verification.target': 'Target',
  'verification.result': 'Result',
  'verification.evidence': 'Evidence',
};

/** The effectiveness check that marks an action verified. */
function VerifyForm({ title, onSubmit, onCancel, update }: RowFormProps) {
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = readForm(e.currentTarget);
    void onSubmit({
      status: 'verified',
      verification: {
        metric: f.text('metric'),
        target: f.text('target'),
        result: f.text('result'),
        evidence: f.lines('evidence'),
      },
    });
  };
  const errors = update.error?.fieldErrors();
  return (
    <form onSubmit={submit} noValidate className="inline-form" aria-label={`Verify ${title}`}>
      <ErrorSummary error={update.error} labels={{ verification: 'Verification', ...VERIFY_LABELS }} />
      <div className="field-row">
        <TextField label="Metric" name="metric" required hint="What was measured." errors={remap(errors)} />
        <TextField
          label="Target"
          name="target"
          required
          hint="The value that counts as effective."
          errors={remap(errors)}
        />
        <TextField label="Result" name="result" required hint="What was found." errors={remap(errors)} />
      </div>
      <TextArea
        label="Evidence links"
        name="evidence"
        hint="One http(s) link per line."
        errors={remap(errors)}
      />
      <div className="form-actions">
        <SubmitButton pending={update.pending}>Mark verified</SubmitButton>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** `verification.metric` → `metric`, so the verify form's fields find their errors. */
function remap(errors: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!errors) return undefined;
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [k.replace(/^verification\./, ''), v]));
}

function DropForm({ title, onSubmit, onCancel, update }: RowFormProps) {
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    void onSubmit({ status: 'dropped', reason: readForm(e.currentTarget).text('reason') });
  };
  return (
    <form onSubmit={submit} noValidate className="inline-form" aria-label={`Drop ${title}`}>
      <ErrorSummary error={update.error} labels={{ reason: 'Reason' }} />
      <TextArea
        label="Why drop this action?"
        name="reason"
        required
        hint="It is kept in the audit trail. Commitments that rely only on this action will count as broken."
        errors={update.error?.fieldErrors()}
      />
      <div className="form-actions">
        <SubmitButton pending={update.pending}>Drop action</SubmitButton>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
