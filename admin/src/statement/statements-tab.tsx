import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { Link } from 'react-router-dom';
import type { StatementState } from '../../../src/shared/enums.ts';
import { label, STANDARD_AUDIENCES } from '../../../src/shared/enums.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { Badge } from '../components/badges.tsx';
import { ErrorSummary, SelectField, SubmitButton } from '../components/forms.tsx';
import { LoadError, Loading } from '../components/status.tsx';
import type { AudienceLink, StatementView } from '../contract.ts';
import { statements } from '../endpoints.ts';
import { formatDateTime } from '../format.ts';
import { useLoad, useMutation } from '../hooks.ts';
import { publicPagePath, useWorkspace } from '../incident/workspace.tsx';
import { useCan } from '../session.tsx';

const STATE_TONE: Record<StatementState, 'neutral' | 'info' | 'good' | 'warn' | 'bad'> = {
  draft: 'neutral',
  in_review: 'warn',
  approved: 'info',
  published: 'good',
  retracted: 'bad',
};

/** The working version's state, and "updated" when an edit of a published statement is pending. */
export function StatementStateBadge({ statement: s }: { statement: StatementView }) {
  const pendingEdit =
    s.publishedVersion !== null && s.publishedVersion !== s.currentVersion && s.state !== 'retracted';
  return (
    <>
      <Badge tone={STATE_TONE[s.state]}>{label(s.state)}</Badge>
      {pendingEdit ? (
        <>
          {' '}
          <Badge tone="warn">Updated: version {s.currentVersion} not yet public</Badge>
        </>
      ) : null}
    </>
  );
}

export function StatementsTab() {
  const { org, incident } = useWorkspace();
  const list = useLoad(() => statements.list(org, incident.id), [org, incident.id]);
  const canWrite = useCan('statement:write');
  const canPublish = useCan('statement:publish');
  const base = `/orgs/${org}/incidents/${incident.slug}/statements`;
  const items = list.data?.items ?? [];
  const audiences = [
    ...new Set([
      ...STANDARD_AUDIENCES,
      ...incident.affectedAudiences,
      ...items.flatMap((s) => s.current.audiences),
    ]),
  ].filter((a) => a !== 'public');

  return (
    <>
      <div className="panel-heading">
        <h2>Statements</h2>
        {canWrite ? (
          <Link className="button-link primary" to={`${base}/new`}>
            New statement
          </Link>
        ) : null}
      </div>
      <p className="muted">
        What was said, to whom, and in which version. Published statements appear on the{' '}
        <a href={publicPagePath(org, incident.slug)}>public page</a> of their audience.
      </p>
      {list.error ? <LoadError error={list.error} retry={list.reload} /> : null}
      {!list.data && !list.error ? <Loading what="Loading statements" /> : null}
      {list.data && items.length === 0 ? <p className="empty">Nothing has been drafted yet.</p> : null}
      {items.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Statements, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">Statement</th>
                <th scope="col">Kind</th>
                <th scope="col">State</th>
                <th scope="col">Audiences</th>
                <th scope="col">Public version</th>
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <Link to={`${base}/${s.id}`}>{s.current.title}</Link>
                    {s.current.byline ? <div className="muted small">By {s.current.byline}</div> : null}
                  </th>
                  <td>{label(s.kind)}</td>
                  <td>
                    <StatementStateBadge statement={s} />
                  </td>
                  <td>{s.current.audiences.map(label).join(', ')}</td>
                  <td>
                    {s.publishedVersion === null ? (
                      '—'
                    ) : (
                      <>
                        Version {s.publishedVersion}
                        <div className="muted small">{formatDateTime(s.lastPublishedAt)}</div>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {canPublish ? <AudienceLinks audiences={audiences} /> : null}
    </>
  );
}

/**
 * Secret links to the pages of audiences other than the public. A link's key is shown once;
 * making a new one for the same audience stops the old one working.
 */
function AudienceLinks({ audiences }: { audiences: string[] }) {
  const { org, incident } = useWorkspace();
  const announce = useAnnounce();
  const id = useId();
  const [made, setMade] = useState<AudienceLink>();
  const [copied, setCopied] = useState(false);
  const rotate = useMutation((audience: string) => statements.audienceLink(org, incident.id, audience));
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (rotate.pending) return;
    const audience = String(new FormData(e.currentTarget).get('audience') ?? '');
    const r = await rotate.run(audience);
    if (r.ok) {
      setMade(r.value);
      setCopied(false);
      announce(`New link for ${label(audience).toLowerCase()} made. Copy it now: it is shown once.`);
    }
  };
  const url = made ? `${window.location.origin}${made.path}` : '';
  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Pages for other audiences</h3>
      <p className="muted small">
        Statements for employees, customers or regulators appear on a page of their own, reached by a secret
        link. Making a new link for an audience stops the old one working.
      </p>
      <form onSubmit={onSubmit} noValidate className="filters" aria-label="Make an audience link">
        <ErrorSummary error={rotate.error} />
        <SelectField
          label="Audience"
          name="audience"
          options={audiences.map((a) => ({ value: a, label: label(a) }))}
          errors={rotate.error?.fieldErrors()}
        />
        <SubmitButton pending={rotate.pending}>Make a new link</SubmitButton>
      </form>
      {made ? (
        <div className="secret-once" role="group" aria-labelledby={`${id}-made`}>
          <p id={`${id}-made`}>
            <strong>Link for {label(made.audience).toLowerCase()}</strong> — shown once; copy it now.
          </p>
          <div className="why-row">
            <input
              aria-label={`Link for ${label(made.audience).toLowerCase()}`}
              readOnly
              value={url}
              onFocus={(e) => e.currentTarget.select()}
            />
            <button
              type="button"
              onClick={async () => {
                try {
                  await navigator.clipboard.writeText(url);
                  setCopied(true);
                  announce('Link copied.');
                } catch {
                  announce('Copying is not allowed here: select the link and copy it.');
                }
              }}
            >
              {copied ? 'Copied' : 'Copy link'}
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
