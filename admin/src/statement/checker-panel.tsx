import { Fragment, useState } from 'react';
import type { FormEvent } from 'react';
import type { ActionView } from '../../../src/shared/contract/action.ts';
import type { CommitmentCreate, CommitmentView } from '../../../src/shared/contract/commitment.ts';
import { label } from '../../../src/shared/enums.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { Badge } from '../components/badges.tsx';
import { ErrorSummary, readForm, SelectField, SubmitButton, TextField } from '../components/forms.tsx';
import type { Finding, FindingSeverity } from '../contract.ts';
import { APOLOGY_COMPONENTS } from '../contract.ts';
import { commitments } from '../endpoints.ts';
import { useMutation } from '../hooks.ts';
import { useWorkspace } from '../incident/workspace.tsx';
import type { LiveCheck } from './live-check.ts';
import { segmentsOf, worst } from './live-check.ts';

const SEVERITY_TONE = { high: 'bad', medium: 'warn', low: 'info', info: 'neutral' } as const;

export function SeverityTag({ severity }: { severity: FindingSeverity }) {
  return <Badge tone={SEVERITY_TONE[severity]}>{label(severity)}</Badge>;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * What the checker said, in one sentence for the live region. It changes only when an answer
 * arrives, so screen readers are not interrupted at every pause in typing.
 */
function summaryOf(check: LiveCheck, body: string): string {
  if (!body.trim()) return 'Write the statement to have it checked.';
  if (!check.result) return check.pending ? '' : 'Not checked yet.';
  const { counts, findings } = check.result;
  if (findings.length === 0) return 'No findings: nothing is flagged.';
  const parts = (['high', 'medium', 'low', 'info'] as const)
    .filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`);
  return `${plural(findings.length, 'finding')}: ${parts.join(', ')}.`;
}

export interface TruthHelpers {
  /** The incident's actions, for "which action backs this claim?". */
  actions: ActionView[];
  /** Audiences the statement addresses, for a commitment it promises. */
  audiences: string[];
  statementTitle: string;
  canRegister: boolean;
  canLink: boolean;
  /** Links a passage of the text to an action or a commitment. */
  link: (quote: string, target: { actionId: string } | { commitmentId: string }) => Promise<boolean>;
  /** A commitment was registered: the register and the links change. */
  onCommitment: (c: CommitmentView) => void;
}

/**
 * The live checker's findings (severity, rule, message, suggestion, citation), the same findings
 * marked in a read-only copy of the text, the apology score and the readability grade.
 */
export function CheckerPanel({
  check,
  body,
  select,
  truth,
}: {
  check: LiveCheck;
  body: string;
  /** Selects a span of the body in the editor. */
  select: (finding: Finding) => void;
  truth: TruthHelpers;
}) {
  const result = check.result;
  // Offsets refer to the text that was checked; shown against it until the next answer.
  const checked = check.checkedText ?? '';
  return (
    <section className="panel checker" aria-labelledby="checker-heading">
      <h2 id="checker-heading">Checker</h2>
      <p role="status" className="checker-summary">
        {summaryOf(check, body)}
      </p>
      {check.pending || (check.result && check.checkedText !== body) ? (
        <p className="muted small" aria-hidden="true">
          Checking the text…
        </p>
      ) : null}
      {check.error ? <ErrorSummary error={check.error} title="The text could not be checked" /> : null}
      {result ? (
        <>
          {result.findings.length > 0 ? (
            <ol className="check-findings" aria-label="Checker findings">
              {result.findings.map((f, i) => (
                <FindingItem key={`${f.rule}-${f.start}-${i}`} finding={f} select={select} truth={truth} />
              ))}
            </ol>
          ) : null}
          <h3 id="marked-heading">Findings in the text</h3>
          {/* Focusable: a long text scrolls, and keyboard users must be able to scroll it. */}
          <div className="marked-text" role="region" aria-labelledby="marked-heading" tabIndex={0}>
            {segmentsOf(checked, result.findings).map((s) =>
              s.findings.length === 0 ? (
                <Fragment key={s.start}>{s.text}</Fragment>
              ) : (
                <Fragment key={s.start}>
                  <mark
                    className={`mark-${worst(s.findings)}`}
                    data-rules={s.findings.map((f) => f.rule).join(' ')}
                  >
                    {s.text}
                  </mark>
                  {s.ending.length > 0 ? (
                    <span className="visually-hidden">
                      {' '}
                      (flagged: {s.ending.map((f) => `${f.rule}, ${f.severity}`).join('; ')})
                    </span>
                  ) : null}
                </Fragment>
              ),
            )}
          </div>
          <Apology apology={result.apology} />
          <h3>Readability</h3>
          <p>
            Grade <strong>{result.readability.grade}</strong> for {label(result.readability.audience)} (target{' '}
            {result.readability.target} or lower):{' '}
            {result.readability.meetsTarget ? (
              <Badge tone="good">Meets the target</Badge>
            ) : (
              <Badge tone="warn">Harder than the target</Badge>
            )}
          </p>
          <p className="muted small">
            Judged against the advisor’s {result.posture.posture} posture ({result.posture.rule}).
          </p>
        </>
      ) : null}
    </section>
  );
}

function Apology({ apology: a }: { apology: NonNullable<LiveCheck['result']>['apology'] }) {
  return (
    <>
      <h3>Apology</h3>
      <p>
        Completeness <strong>{Math.round(a.score * 100)}%</strong>
        {a.missing.length > 0 ? (
          <>
            {' '}
            · missing, most important first: <strong>{a.missing.map(label).join(', ')}</strong>
          </>
        ) : (
          <> · every required part is there</>
        )}
      </p>
      <ul className="apology-parts small">
        {APOLOGY_COMPONENTS.filter((c) => a.required.includes(c) || a.components[c]).map((c) => (
          <li key={c}>
            {label(c)}: {a.components[c] ? 'present' : 'missing'}
            {a.required.includes(c) ? '' : ' (optional)'}
          </li>
        ))}
      </ul>
    </>
  );
}

type Mode = 'commitment' | 'link' | null;

function FindingItem({
  finding: f,
  select,
  truth,
}: {
  finding: Finding;
  select: (f: Finding) => void;
  truth: TruthHelpers;
}) {
  const [mode, setMode] = useState<Mode>(null);
  const promise = f.rule === 'TRUTH-PROMISE' && truth.canRegister;
  const unlinked = f.rule === 'TRUTH-UNLINKED' && truth.canLink && truth.actions.length > 0;
  return (
    <li className={`check-finding finding-${f.severity}`}>
      <p className="finding-head">
        <SeverityTag severity={f.severity} /> <span className="rule-id">{f.rule}</span>{' '}
        <q className="finding-text">{f.text}</q>
      </p>
      <p>{f.message}</p>
      <p className="remedy">
        <span className="remedy-label">Suggestion:</span> {f.suggestion}
      </p>
      <p className="muted small">{f.citation}</p>
      <div className="form-actions">
        <button type="button" onClick={() => select(f)}>
          Show in the text<span className="visually-hidden">: {f.text}</span>
        </button>
        {promise ? (
          <button
            type="button"
            aria-expanded={mode === 'commitment'}
            onClick={() => setMode(mode === 'commitment' ? null : 'commitment')}
          >
            Register a commitment
          </button>
        ) : null}
        {unlinked ? (
          <button
            type="button"
            aria-expanded={mode === 'link'}
            onClick={() => setMode(mode === 'link' ? null : 'link')}
          >
            Link to an action
          </button>
        ) : null}
      </div>
      {mode === 'commitment' ? (
        <RegisterPromiseForm finding={f} truth={truth} onDone={() => setMode(null)} />
      ) : null}
      {mode === 'link' ? <LinkClaimForm finding={f} truth={truth} onDone={() => setMode(null)} /> : null}
    </li>
  );
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

const COMMITMENT_LABELS = {
  text: 'The promise',
  audience: 'Made to',
  dueAt: 'Due date',
  owner: 'Owner',
  verification: 'How anyone can check it was kept',
};

/** TRUTH-PROMISE: registers the promise as a commitment, pre-filled, and links the passage to it. */
function RegisterPromiseForm({
  finding: f,
  truth,
  onDone,
}: {
  finding: Finding;
  truth: TruthHelpers;
  onDone: () => void;
}) {
  const { org, incident } = useWorkspace();
  const announce = useAnnounce();
  const create = useMutation((body: CommitmentCreate) => commitments.create(org, incident.id, body));
  const due = str(f.data?.dueAt)?.slice(0, 10) ?? '';
  const actionId = str(f.data?.actionId);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (create.pending) return;
    const form = readForm(e.currentTarget);
    const result = await create.run({
      text: form.text('text'),
      audience: form.text('audience'),
      dueAt: form.nullable('dueAt'),
      owner: form.nullable('owner'),
      verification: form.nullable('verification'),
      source: `Statement “${truth.statementTitle}”`,
      actionIds: actionId ? [actionId] : [],
    });
    if (!result.ok) return;
    truth.onCommitment(result.value);
    const linked = await truth.link(f.text, { commitmentId: result.value.id });
    announce(linked ? 'Commitment registered and linked to the passage.' : 'Commitment registered.');
    onDone();
  };
  const errors = create.error?.fieldErrors();
  return (
    <form onSubmit={submit} noValidate className="inline-form" aria-label="Register the promise">
      <ErrorSummary error={create.error} labels={COMMITMENT_LABELS} />
      <TextField
        label={COMMITMENT_LABELS.text}
        name="text"
        required
        defaultValue={str(f.data?.promise) ?? f.text}
        errors={errors}
      />
      <div className="field-row">
        <SelectField
          label={COMMITMENT_LABELS.audience}
          name="audience"
          options={truth.audiences.map((a) => ({ value: a, label: label(a) }))}
          errors={errors}
        />
        <TextField
          label={COMMITMENT_LABELS.dueAt}
          name="dueAt"
          type="date"
          defaultValue={due}
          hint={str(f.data?.dueText) ? `Read from “${str(f.data?.dueText)}”.` : undefined}
          errors={errors}
        />
        <TextField label={COMMITMENT_LABELS.owner} name="owner" errors={errors} />
      </div>
      <TextField label={COMMITMENT_LABELS.verification} name="verification" errors={errors} />
      <div className="form-actions">
        <SubmitButton pending={create.pending}>Register and link</SubmitButton>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** TRUTH-UNLINKED: "which action backs this claim?" — links the passage to the chosen action. */
function LinkClaimForm({
  finding: f,
  truth,
  onDone,
}: {
  finding: Finding;
  truth: TruthHelpers;
  onDone: () => void;
}) {
  const announce = useAnnounce();
  const [pending, setPending] = useState(false);
  const candidates = Array.isArray(f.data?.candidates)
    ? (f.data.candidates as { id: string }[]).map((c) => c.id)
    : [];
  const suggested = truth.actions.filter((a) => candidates.includes(a.id));
  const others = truth.actions.filter((a) => !candidates.includes(a.id));
  const claim = str(f.data?.claim) ?? f.text;

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (pending) return;
    setPending(true);
    const actionId = readForm(e.currentTarget).text('actionId');
    const ok = await truth.link(claim, { actionId });
    setPending(false);
    if (ok) {
      announce('Passage linked to the action.');
      onDone();
    }
  };
  const option = (a: ActionView) => (
    <option key={a.id} value={a.id}>
      {a.title} ({label(a.status)})
    </option>
  );
  return (
    <form onSubmit={submit} noValidate className="inline-form" aria-label="Link the claim to an action">
      <p className="small">
        Passage: <q>{claim}</q>
      </p>
      <div className="field">
        <label htmlFor={`claim-action-${f.start}`}>Action that backs it</label>
        <select id={`claim-action-${f.start}`} name="actionId">
          {suggested.length > 0 ? <optgroup label="Suggested">{suggested.map(option)}</optgroup> : null}
          <optgroup label={suggested.length > 0 ? 'Other actions' : 'Actions'}>{others.map(option)}</optgroup>
        </select>
      </div>
      <div className="form-actions">
        <SubmitButton pending={pending}>Link passage</SubmitButton>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
