import { useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { label } from '../../../src/shared/enums.ts';
import { ErrorSummary } from '../components/forms.tsx';
import { PageHeading } from '../components/layout.tsx';
import { LoadError, Loading } from '../components/status.tsx';
import type { RecipientInput } from '../contract.ts';
import { surveys } from '../endpoints.ts';
import { formatDateTime } from '../format.ts';
import { useLoad, useMutation, useTitle } from '../hooks.ts';
import { useCan } from '../session.tsx';
import { ResultsView } from './results.tsx';
import { SurveyStatusBadge } from './surveys-list.tsx';

/**
 * Pasted recipients: one a line, `email` or `email,attribute=value,…` (the attributes become the
 * recipient's segments, for breakdowns). Lines that do not parse are reported by number.
 */
export function parseRecipients(text: string): { recipients: RecipientInput[]; problems: string[] } {
  const recipients: RecipientInput[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const [email = '', ...parts] = line.split(/[,;\t]/).map((p) => p.trim());
    const segments: Record<string, string> = {};
    for (const p of parts.filter(Boolean)) {
      const eq = p.indexOf('=');
      if (eq <= 0 || eq === p.length - 1) {
        problems.push(`Line ${i + 1}: “${p}” is not of the form attribute=value`);
        return;
      }
      segments[p.slice(0, eq).trim()] = p.slice(eq + 1).trim();
    }
    recipients.push(Object.keys(segments).length > 0 ? { email, segments } : { email });
  });
  return { recipients, problems };
}

/** One wave: what it is, its controls (survey:write), recipients, and its results. */
export function SurveyPage() {
  const { org, id } = useParams() as { org: string; id: string };
  const canWrite = useCan('survey:write');
  const survey = useLoad(() => surveys.get(org, id), [org, id]);
  const questions = useLoad(async () => {
    const s = await surveys.get(org, id);
    return (await surveys.instrumentVersion(org, s.instrumentId, s.instrumentVersion)).questions;
  }, [org, id]);
  const [notice, setNotice] = useState<string>();
  const [resultsVersion, setResultsVersion] = useState(0);
  const act = useMutation(async (what: 'open' | 'close' | 'invite' | 'remind') => {
    if (what === 'open') {
      await surveys.open(org, id);
      return 'Opened: the wave takes answers. Send the invitations next.';
    }
    if (what === 'close') {
      await surveys.close(org, id);
      return 'Closed: the links no longer take answers.';
    }
    const { queued } = what === 'invite' ? await surveys.invite(org, id) : await surveys.remind(org, id);
    return `${queued} ${queued === 1 ? 'e-mail' : 'e-mails'} queued.`;
  });
  useTitle(survey.data?.title ?? 'Survey');

  if (survey.error) return <LoadError error={survey.error} retry={survey.reload} />;
  if (!survey.data) return <Loading what="Loading the survey" />;
  const s = survey.data;

  const run = async (what: 'open' | 'close' | 'invite' | 'remind') => {
    setNotice(undefined);
    const r = await act.run(what);
    if (r.ok) {
      // The notice is a status region: screen readers hear it once.
      setNotice(r.value);
      await survey.reload();
      setResultsVersion((v) => v + 1);
    }
  };

  return (
    <>
      <p className="breadcrumb">
        <Link to={`/orgs/${org}/surveys`}>Surveys</Link>
      </p>
      <PageHeading>{s.title}</PageHeading>
      <p className="incident-meta">
        <SurveyStatusBadge status={s.status} /> {label(s.audience)} · {label(s.wave)} ·{' '}
        {s.anonymous ? 'Anonymous' : 'Named'} · instrument version {s.instrumentVersion}
      </p>
      <dl className="stats">
        <div>
          <dt>Recipients</dt>
          <dd>{s.recipients}</dd>
        </div>
        <div>
          <dt>Invited</dt>
          <dd>{s.invited}</dd>
        </div>
        <div>
          <dt>Responded</dt>
          <dd>{s.responded}</dd>
        </div>
        <div>
          <dt>Edit window</dt>
          <dd>
            {Math.round((s.editWindowMinutes / 60) * 10) / 10} h
            <span className="stat-detail">
              Reminders: {s.reminderHours.length ? s.reminderHours.map((h) => `${h} h`).join(', ') : 'none'}
            </span>
          </dd>
        </div>
        {s.closesAt ? (
          <div>
            <dt>Closes</dt>
            <dd className="small">{formatDateTime(s.closesAt)}</dd>
          </div>
        ) : null}
      </dl>
      {canWrite ? (
        <section className="panel" aria-labelledby="survey-controls">
          <h2 id="survey-controls">Run the wave</h2>
          <ErrorSummary error={act.error} />
          {notice ? (
            <p className="success" role="status">
              {notice}
            </p>
          ) : null}
          <div className="row-buttons">
            {s.status === 'draft' ? (
              <button type="button" className="primary" onClick={() => void run('open')}>
                Open the wave
              </button>
            ) : null}
            {s.status === 'open' ? (
              <>
                <button type="button" className="primary" onClick={() => void run('invite')}>
                  Send invitations
                </button>
                <button type="button" onClick={() => void run('remind')}>
                  Send reminders due
                </button>
                <button type="button" onClick={() => void run('close')}>
                  Close the wave
                </button>
              </>
            ) : null}
          </div>
          {s.status !== 'closed' ? (
            <AddRecipients org={org} id={id} onAdded={() => void survey.reload()} />
          ) : null}
        </section>
      ) : null}
      <ResultsView key={resultsVersion} org={org} surveyId={id} questions={questions.data ?? []} />
    </>
  );
}

function AddRecipients({ org, id, onAdded }: { org: string; id: string; onAdded: () => void }) {
  const add = useMutation((r: RecipientInput[]) => surveys.addRecipients(org, id, r));
  const [problems, setProblems] = useState<string[]>([]);
  const [done, setDone] = useState<string>();
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setDone(undefined);
    const form = e.currentTarget;
    const parsed = parseRecipients(String(new FormData(form).get('recipients') ?? ''));
    if (parsed.recipients.length === 0 && parsed.problems.length === 0) {
      parsed.problems.push('Paste at least one e-mail address.');
    }
    setProblems(parsed.problems);
    if (parsed.problems.length > 0) return;
    const r = await add.run(parsed.recipients);
    if (r.ok) {
      const msg = `${r.value.added} added, ${r.value.skipped} already in the wave.`;
      setDone(msg);
      form.reset();
      onAdded();
    }
  };
  // API errors name `recipients.<index>.email`: say which line that was.
  const apiProblems = Object.entries(add.error?.fieldErrors() ?? {}).map(([path, msg]) => {
    const m = /^recipients\.(\d+)\.?(.*)$/.exec(path);
    return m ? `Recipient ${Number(m[1]) + 1}${m[2] ? ` (${m[2]})` : ''}: ${msg}` : `${path}: ${msg}`;
  });
  const all = [...problems, ...apiProblems];
  return (
    <form aria-labelledby="add-recipients" noValidate onSubmit={onSubmit}>
      <h3 id="add-recipients">Add recipients</h3>
      {all.length > 0 ? (
        <div className="error-summary" role="alert">
          <p className="error-title">The recipients were not added</p>
          <ul>
            {all.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : add.error ? (
        <ErrorSummary error={add.error} />
      ) : null}
      {done ? (
        <p className="success" role="status">
          {done}
        </p>
      ) : null}
      <div className={`field${all.length ? ' has-error' : ''}`}>
        <label htmlFor="recipients">E-mail addresses, one per line</label>
        <p className="hint" id="recipients-hint">
          Optionally with attributes for breakdowns: <code>ana@example.com,region=EU,plan=pro</code>.
          Addresses already in the wave are skipped.
        </p>
        <textarea
          id="recipients"
          name="recipients"
          rows={6}
          aria-describedby="recipients-hint"
          aria-invalid={all.length ? true : undefined}
        />
      </div>
      <div className="form-actions">
        <button type="submit" aria-disabled={add.pending || undefined}>
          {add.pending ? 'Adding…' : 'Add recipients'}
        </button>
      </div>
    </form>
  );
}
