import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, Navigate, useParams } from 'react-router-dom';
import { CASE_SEVERITIES } from '../contract.ts';
import { label } from '../../../src/shared/enums.ts';
import { isApiError } from '../api.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { ErrorSummary, optionsOf, readForm, SelectField, TextArea } from '../components/forms.tsx';
import { PageHeading } from '../components/layout.tsx';
import { LoadError, Loading } from '../components/status.tsx';
import type { CaseSeverity, CaseStatus, CaseView } from '../contract.ts';
import { cases, members } from '../endpoints.ts';
import { formatDateTime } from '../format.ts';
import { useLoad, useMutation, useTitle } from '../hooks.ts';
import { useCan, useSession } from '../session.tsx';
import { AlertsPanel, casePath, CaseSeverityBadge, CaseStatusBadge } from './board.tsx';
import { SlaTimerText, useNow } from './sla.tsx';

/** The button for each move a case may make; `in_progress` is "Reopen" from resolved or closed. */
function moveLabel(from: CaseStatus, to: CaseStatus): string {
  if (to === 'in_progress') return from === 'resolved' || from === 'closed' ? 'Reopen' : 'Start work';
  if (to === 'acknowledged') return 'Acknowledge';
  if (to === 'resolved') return 'Resolve';
  if (to === 'closed') return 'Close';
  return label(to);
}

/** One case: details, SLA, assignment and severity, moves, alerts and its audit history. */
export function CasePage() {
  const { org, id } = useParams() as { org: string; id: string };
  const loaded = useLoad(() => cases.get(org, id), [org, id]);
  const memberList = useLoad(async () => (await members.list(org)).items, [org]);
  const canWrite = useCan('case:write');
  const canAudit = useCan('audit:read');
  const now = useNow();
  const announce = useAnnounce();
  const [historyVersion, setHistoryVersion] = useState(0);
  useTitle(loaded.data ? `${loaded.data.data.reference} ${loaded.data.data.title}` : 'Case');

  const update = useMutation((c: CaseView, body: Parameters<typeof cases.update>[2]) =>
    cases.update(org, c, body),
  );
  const move = useMutation((to: CaseStatus, note?: string) => cases.transition(org, id, { to, note }));
  const [resolving, setResolving] = useState<CaseStatus | null>(null);

  if (loaded.error) return <LoadError error={loaded.error} retry={loaded.reload} />;
  if (!loaded.data) return <Loading what="Loading the case" />;
  const c = loaded.data.data;
  const names = new Map((memberList.data ?? []).map((m) => [m.userId, m.name]));
  const adopt = (next: CaseView, what: string) => {
    loaded.setData({ data: next, etag: '' });
    setHistoryVersion((v) => v + 1);
    announce(what);
  };

  const onEdit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = readForm(e.currentTarget);
    const assigneeId = f.nullable('assigneeId');
    const severity = f.text('severity') as CaseSeverity;
    const body: { assigneeId?: string | null; severity?: CaseSeverity } = {};
    if (assigneeId !== c.assigneeId) body.assigneeId = assigneeId;
    if (severity !== c.severity) body.severity = severity;
    if (Object.keys(body).length === 0) return;
    const r = await update.run(c, body);
    if (r.ok) adopt(r.value.data, 'Case saved');
  };

  const onMove = async (to: CaseStatus, note?: string) => {
    const r = await move.run(to, note);
    if (r.ok) {
      setResolving(null);
      adopt(r.value, `Case ${label(r.value.status).toLowerCase()}`);
    }
  };

  return (
    <>
      <p className="breadcrumb">
        <Link to={`/orgs/${org}/cases`}>Cases</Link>
      </p>
      <PageHeading>
        <span className="case-ref">{c.reference}</span> {c.title}
      </PageHeading>
      <p className="incident-meta">
        <CaseStatusBadge status={c.status} /> <CaseSeverityBadge severity={c.severity} />{' '}
        <span className="case-sla">
          <SlaTimerText c={c} now={now} />
        </span>
      </p>
      <AlertsPanel key={`alerts-${historyVersion}`} org={org} canWrite={canWrite} caseId={c.id} />
      <div className="overview">
        <section className="panel" aria-labelledby="case-details">
          <h2 id="case-details">Details</h2>
          <dl className="facts">
            <dt>Assignee</dt>
            <dd>{c.assigneeId ? (names.get(c.assigneeId) ?? c.assigneeId) : 'Unassigned'}</dd>
            <dt>Opened</dt>
            <dd>{formatDateTime(c.createdAt)}</dd>
            <dt>Acknowledge by</dt>
            <dd>
              {formatDateTime(c.sla.ackDueAt)}
              {c.acknowledgedAt ? ` · acknowledged ${formatDateTime(c.acknowledgedAt)}` : ''}
              {c.sla.ackBreached ? ' · missed' : ''}
            </dd>
            <dt>Resolve by</dt>
            <dd>
              {formatDateTime(c.sla.resolveDueAt)}
              {c.resolvedAt ? ` · resolved ${formatDateTime(c.resolvedAt)}` : ''}
              {c.sla.resolveBreached ? ' · missed' : ''}
            </dd>
            {c.requesterName || c.requesterEmail ? (
              <>
                <dt>Requester</dt>
                <dd>{[c.requesterName, c.requesterEmail].filter(Boolean).join(' · ')}</dd>
              </>
            ) : null}
            {c.reopenCount > 0 ? (
              <>
                <dt>Reopened</dt>
                <dd>{c.reopenCount} times</dd>
              </>
            ) : null}
            {c.resolutionNote ? (
              <>
                <dt>Resolution</dt>
                <dd className="feedback-text">{c.resolutionNote}</dd>
              </>
            ) : null}
          </dl>
          {c.description ? (
            <>
              <h3>Description</h3>
              <p className="feedback-text">{c.description}</p>
            </>
          ) : null}
        </section>
        {canWrite ? (
          <section className="panel" aria-labelledby="case-manage">
            <h2 id="case-manage">Manage</h2>
            <form aria-label="Assignee and severity" noValidate onSubmit={onEdit} key={`${c.version}`}>
              <ErrorSummary error={update.error} />
              <SelectField
                label="Assignee"
                name="assigneeId"
                placeholder="Unassigned"
                options={(memberList.data ?? []).map((m) => ({ value: m.userId, label: m.name }))}
                defaultValue={c.assigneeId ?? ''}
                key={`assignee-${memberList.data?.length ?? 0}`}
              />
              <SelectField
                label="Severity"
                name="severity"
                options={optionsOf(CASE_SEVERITIES, label)}
                defaultValue={c.severity}
                hint="The due times follow the severity."
              />
              <div className="form-actions">
                <button type="submit" aria-disabled={update.pending || undefined}>
                  {update.pending ? 'Saving…' : 'Save'}
                </button>
              </div>
            </form>
            <h3>Status</h3>
            <ErrorSummary error={move.error} labels={{ note: 'Note' }} />
            {c.allowedTransitions.length === 0 ? <p className="muted">No move is open.</p> : null}
            <div className="row-buttons">
              {c.allowedTransitions.map((to) =>
                to === 'resolved' ||
                (to === 'in_progress' && (c.status === 'resolved' || c.status === 'closed')) ? (
                  <button
                    key={to}
                    type="button"
                    aria-expanded={resolving === to}
                    aria-controls="case-note"
                    onClick={() => setResolving((r) => (r === to ? null : to))}
                  >
                    {moveLabel(c.status, to)}…
                  </button>
                ) : (
                  <button
                    key={to}
                    type="button"
                    aria-disabled={move.pending || undefined}
                    onClick={() => void onMove(to)}
                  >
                    {moveLabel(c.status, to)}
                  </button>
                ),
              )}
            </div>
            {resolving ? (
              <form
                id="case-note"
                aria-label={resolving === 'resolved' ? 'Resolve the case' : 'Reopen the case'}
                noValidate
                onSubmit={(e) => {
                  e.preventDefault();
                  void onMove(resolving, readForm(e.currentTarget).optional('note'));
                }}
              >
                <TextArea
                  label={resolving === 'resolved' ? 'Resolution note' : 'Reason for reopening'}
                  name="note"
                  required={resolving === 'resolved'}
                  hint={
                    resolving === 'resolved'
                      ? 'What was done for the person. Required to resolve.'
                      : undefined
                  }
                  errors={move.error?.fieldErrors()}
                />
                <div className="form-actions">
                  <button type="submit" className="primary" aria-disabled={move.pending || undefined}>
                    {resolving === 'resolved' ? 'Resolve case' : 'Reopen case'}
                  </button>
                </div>
              </form>
            ) : null}
          </section>
        ) : null}
      </div>
      {canAudit ? <CaseHistory key={`history-${historyVersion}`} org={org} id={c.id} /> : null}
    </>
  );
}

function describeChange(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(after ?? {})) {
    const was = before?.[k];
    const show = (x: unknown) =>
      x === null || x === undefined ? '—' : typeof x === 'string' ? x : JSON.stringify(x);
    parts.push(was === undefined ? `${k}: ${show(v)}` : `${k}: ${show(was)} → ${show(v)}`);
  }
  return parts.join('; ');
}

/** The case's audit events, newest first. */
function CaseHistory({ org, id }: { org: string; id: string }) {
  const history = useLoad(() => cases.history(org, id), [org, id]);
  return (
    <section aria-labelledby="case-history">
      <h2 id="case-history">History</h2>
      {history.error ? <LoadError error={history.error} retry={history.reload} /> : null}
      {history.data ? (
        history.data.items.length === 0 ? (
          <p className="muted">Nothing yet.</p>
        ) : (
          <ol className="audit-list">
            {history.data.items.map((e) => (
              <li key={e.id} className="audit-entry">
                <p className="audit-head">
                  <strong>{label(e.action)}</strong> by {e.actor.label} ·{' '}
                  <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                </p>
                <p className="small muted feedback-text">{describeChange(e.before, e.after)}</p>
              </li>
            ))}
          </ol>
        )
      ) : (
        <Loading what="Loading the history" />
      )}
    </section>
  );
}

/**
 * `/admin/cases/{id}`, the address alert e-mails link to: finds the organization (of the person's
 * memberships) the case belongs to and opens it there.
 */
export function CaseLink() {
  const { id } = useParams() as { id: string };
  const { session } = useSession();
  const [found, setFound] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void (async () => {
      for (const m of session?.memberships ?? []) {
        try {
          await cases.get(m.org, id);
          if (live) setFound(m.org);
          return;
        } catch (e) {
          if (!isApiError(e) || (e.status !== 404 && e.status !== 403)) break;
        }
      }
      if (live) setFound(null);
    })();
    return () => {
      live = false;
    };
  }, [id, session]);
  if (found === undefined) return <Loading what="Finding the case" />;
  if (found === null) {
    return (
      <>
        <PageHeading>Case not found</PageHeading>
        <p>No organization of yours has this case. It may have been opened in one you are not a member of.</p>
      </>
    );
  }
  return <Navigate to={casePath(found, id)} replace />;
}
