import { useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { CASE_SEVERITIES, CASE_STATUSES } from '../contract.ts';
import { label } from '../../../src/shared/enums.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { Badge } from '../components/badges.tsx';
import { useFocusWhenLost } from '../components/focus.ts';
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
import { PageHeading } from '../components/layout.tsx';
import { LoadError, Loading } from '../components/status.tsx';
import type { CaseAlertView, CaseSeverity, CaseStatus, CaseView } from '../contract.ts';
import { cases, members } from '../endpoints.ts';
import type { CaseFilters, MemberView } from '../endpoints.ts';
import { formatDateTime, formatRatio } from '../format.ts';
import { useLoad, useMutation, useTitle } from '../hooks.ts';
import { useWorkspace } from '../incident/workspace.tsx';
import { useCan } from '../session.tsx';
import { formatDuration, SlaTimerText, useNow } from './sla.tsx';

/**
 * The cases board: a column per status (closed folded away), each card with its reference, title,
 * severity, assignee and a live SLA timer; filters kept in the URL; the resolution figures; open
 * breach alerts; and, for roles with case:write, a form to open a case.
 */

const FILTER_KEYS = ['severity', 'assignee', 'breached'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

const SEVERITY_TONE = { low: 'neutral', medium: 'info', high: 'warn', critical: 'bad' } as const;

export function CaseSeverityBadge({ severity }: { severity: CaseSeverity }) {
  return (
    <Badge tone={SEVERITY_TONE[severity]}>
      <span className="visually-hidden">Severity: </span>
      {label(severity)}
    </Badge>
  );
}

export function CaseStatusBadge({ status }: { status: CaseStatus }) {
  const tone = status === 'new' ? 'warn' : status === 'resolved' || status === 'closed' ? 'good' : 'info';
  return <Badge tone={tone}>{label(status)}</Badge>;
}

/** The address of a case's page in the console. */
export function casePath(org: string, id: string): string {
  return `/orgs/${org}/cases/${encodeURIComponent(id)}`;
}

/** The organization's page: every case. */
export function CasesPage() {
  const org = useParams().org!;
  useTitle('Cases');
  return <Board org={org} heading={(actions) => <PageHeading actions={actions}>Cases</PageHeading>} />;
}

/** The incident workspace's tab: the cases about this incident. */
export function CasesTab() {
  const { org, incident } = useWorkspace();
  return (
    <Board
      org={org}
      incident={{ id: incident.id, slug: incident.slug }}
      heading={(actions) => (
        <div className="page-heading">
          <h2>Cases</h2>
          {actions ? <div className="page-actions">{actions}</div> : null}
        </div>
      )}
    />
  );
}

function Board({
  org,
  incident,
  heading,
}: {
  org: string;
  incident?: { id: string; slug: string };
  heading: (actions: ReactNode) => ReactNode;
}) {
  const [params, setParams] = useSearchParams();
  const canWrite = useCan('case:write');
  const [opening, setOpening] = useState(false);
  const openButton = useRef<HTMLButtonElement>(null);
  useFocusWhenLost(opening, openButton);
  const filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? undefined])) as Partial<
    Record<FilterKey, string>
  >;
  const key = FILTER_KEYS.map((k) => filters[k] ?? '').join('|');
  const memberList = useLoad(async () => (await members.list(org)).items, [org]);
  const [version, setVersion] = useState(0);

  const onFilter = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    const next = new URLSearchParams();
    for (const k of FILTER_KEYS) {
      const v = String(fd.get(k) ?? '').trim();
      if (v) next.set(k, v);
    }
    setParams(next);
  };

  return (
    <>
      {heading(
        canWrite ? (
          <button
            ref={openButton}
            type="button"
            className="primary"
            aria-expanded={opening}
            aria-controls="new-case"
            onClick={() => setOpening((o) => !o)}
          >
            New case
          </button>
        ) : null,
      )}
      {canWrite && opening ? (
        <NewCaseForm
          org={org}
          incident={incident?.slug}
          members={memberList.data ?? []}
          onDone={() => {
            setOpening(false);
            setVersion((v) => v + 1);
          }}
        />
      ) : null}
      <MetricsStrip key={`m${version}`} org={org} incident={incident?.id} />
      <AlertsPanel key={`a${version}`} org={org} canWrite={canWrite} />
      <form className="filters" role="search" aria-label="Filter cases" onSubmit={onFilter} key={key}>
        <SelectField
          label="Severity"
          name="severity"
          placeholder="Any severity"
          options={optionsOf(CASE_SEVERITIES, label)}
          defaultValue={filters.severity ?? ''}
        />
        <SelectField
          label="Assignee"
          name="assignee"
          placeholder="Anyone"
          options={[
            { value: 'none', label: 'Unassigned' },
            ...(memberList.data ?? []).map((m) => ({ value: m.userId, label: m.name })),
          ]}
          defaultValue={filters.assignee ?? ''}
          key={`assignee-${memberList.data?.length ?? 0}`}
        />
        <SelectField
          label="SLA"
          name="breached"
          placeholder="Any"
          options={[
            { value: 'true', label: 'Breached' },
            { value: 'false', label: 'Within targets' },
          ]}
          defaultValue={filters.breached ?? ''}
        />
        <button type="submit">Apply</button>
      </form>
      <Columns
        key={`${key}|${version}`}
        org={org}
        filters={{
          ...filters,
          breached: filters.breached as CaseFilters['breached'],
          incident: incident?.id,
        }}
        members={memberList.data ?? []}
      />
    </>
  );
}

/** Resolution rate, median time to resolve and SLA compliance of the cases opened so far. */
function MetricsStrip({ org, incident }: { org: string; incident?: string | undefined }) {
  const metrics = useLoad(() => cases.metrics(org, { incident }), [org, incident]);
  if (metrics.error) return <LoadError error={metrics.error} retry={metrics.reload} />;
  if (!metrics.data) return null;
  const m = metrics.data;
  return (
    <section aria-labelledby="case-metrics">
      <h2 id="case-metrics" className="visually-hidden">
        Resolution figures
      </h2>
      <dl className="stats">
        <div>
          <dt>Resolution rate</dt>
          <dd>
            {formatRatio(m.resolutionRate)}
            <span className="stat-detail">
              {m.resolved} of {m.opened} resolved
            </span>
          </dd>
        </div>
        <div>
          <dt>Median time to resolve</dt>
          <dd>
            {m.medianTimeToResolveMs === null ? 'n/a' : formatDuration(m.medianTimeToResolveMs)}
            <span className="stat-detail">{m.open} open</span>
          </dd>
        </div>
        <div>
          <dt>SLA compliance</dt>
          <dd>
            {formatRatio(m.sla.complianceRate)}
            <span className="stat-detail">
              {m.sla.met} met · {m.sla.breached} breached · {m.sla.pending} pending
            </span>
          </dd>
        </div>
      </dl>
    </section>
  );
}

const ALERT_WORDS: Record<CaseAlertView['kind'], string> = {
  ack_breach: 'not acknowledged in time',
  resolve_breach: 'not resolved in time',
};

/** Breach alerts nobody has acknowledged yet; `caseId` narrows them to one case. */
export function AlertsPanel({ org, canWrite, caseId }: { org: string; canWrite: boolean; caseId?: string }) {
  const alerts = useLoad(() => cases.alerts(org, { acked: 'false', case: caseId }), [org, caseId]);
  const ack = useMutation((id: string) => cases.ackAlert(org, id));
  const announce = useAnnounce();
  if (alerts.error) return <LoadError error={alerts.error} retry={alerts.reload} />;
  if (!alerts.data || alerts.data.items.length === 0) return null;
  return (
    <section className="notice alerts" aria-labelledby={`alerts-${caseId ?? 'all'}`}>
      <h2 id={`alerts-${caseId ?? 'all'}`}>
        <span aria-hidden="true">⚠ </span>Open SLA alerts ({alerts.data.items.length})
      </h2>
      <ErrorSummary error={ack.error} />
      <ul className="plain-list">
        {alerts.data.items.map((a) => (
          <li key={a.id}>
            {caseId ? null : (
              <>
                <Link to={casePath(org, a.caseId)}>Case</Link>{' '}
              </>
            )}
            {ALERT_WORDS[a.kind]} — due <time dateTime={a.dueAt}>{formatDateTime(a.dueAt)}</time>{' '}
            {canWrite ? (
              <button
                type="button"
                onClick={async () => {
                  const r = await ack.run(a.id);
                  if (r.ok) {
                    announce('Alert acknowledged');
                    await alerts.reload();
                  }
                }}
              >
                Acknowledge alert<span className="visually-hidden"> due {formatDateTime(a.dueAt)}</span>
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

const OPEN_COLUMNS: CaseStatus[] = ['new', 'acknowledged', 'in_progress', 'resolved'];

function Columns({ org, filters, members }: { org: string; filters: CaseFilters; members: MemberView[] }) {
  const list = useLoad(() => cases.list(org, filters), [org]);
  const now = useNow();
  if (list.error) return <LoadError error={list.error} retry={list.reload} />;
  if (!list.data) return <Loading what="Loading cases" />;
  const byStatus = new Map<CaseStatus, CaseView[]>(CASE_STATUSES.map((s) => [s, []]));
  for (const c of list.data.items) byStatus.get(c.status)!.push(c);
  const names = new Map(members.map((m) => [m.userId, m.name]));
  const filtered = FILTER_KEYS.some((k) => filters[k]);
  const closed = byStatus.get('closed')!;

  return (
    <>
      <p className="muted" aria-live="polite">
        {list.data.items.length} {list.data.items.length === 1 ? 'case' : 'cases'}
        {filtered ? ' match these filters' : ''}
        {list.data.nextCursor ? ' (the 200 newest are shown)' : ''}
      </p>
      <div className="case-board">
        {OPEN_COLUMNS.map((status) => {
          const items = byStatus.get(status)!;
          return (
            <section key={status} className="case-column" aria-labelledby={`col-${status}`}>
              <h3 id={`col-${status}`}>
                {label(status)} <span className="muted">({items.length})</span>
              </h3>
              {items.length === 0 ? (
                <p className="muted small">None</p>
              ) : (
                <ul className="case-cards">
                  {items.map((c) => (
                    <CaseCard key={c.id} org={org} c={c} assignee={names} now={now} />
                  ))}
                </ul>
              )}
            </section>
          );
        })}
      </div>
      <details className="closed-cases">
        <summary>Closed cases ({closed.length})</summary>
        {closed.length === 0 ? (
          <p className="muted small">None</p>
        ) : (
          <ul className="case-cards">
            {closed.map((c) => (
              <CaseCard key={c.id} org={org} c={c} assignee={names} now={now} />
            ))}
          </ul>
        )}
      </details>
    </>
  );
}

function CaseCard({
  org,
  c,
  assignee,
  now,
}: {
  org: string;
  c: CaseView;
  assignee: Map<string, string>;
  now: number;
}) {
  const flagged = c.status !== 'closed' && c.status !== 'resolved' && (c.sla.breached || c.sla.atRisk);
  return (
    <li className={`case-card${flagged ? (c.sla.breached ? ' is-breached' : ' is-at-risk') : ''}`}>
      <p className="case-card-title">
        <Link to={casePath(org, c.id)}>
          <span className="case-ref">{c.reference}</span> {c.title}
        </Link>
      </p>
      <p className="card-meta">
        <CaseSeverityBadge severity={c.severity} />
        <span className="small">
          {c.assigneeId ? (assignee.get(c.assigneeId) ?? 'Assigned') : <em>Unassigned</em>}
        </span>
      </p>
      <p className="small case-sla">
        <SlaTimerText c={c} now={now} />
      </p>
    </li>
  );
}

/** Opens a case: title, description, severity, assignee, the requester (kept only with consent). */
function NewCaseForm({
  org,
  incident,
  members,
  onDone,
}: {
  org: string;
  incident?: string | undefined;
  members: MemberView[];
  onDone: () => void;
}) {
  const create = useMutation(cases.create);
  const announce = useAnnounce();
  const errors = create.error?.fieldErrors();
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = readForm(e.currentTarget);
    const email = f.optional('requesterEmail');
    const r = await create.run(org, {
      title: f.text('title'),
      description: f.optional('description'),
      severity: (f.optional('severity') as CaseSeverity | undefined) ?? 'medium',
      assigneeId: f.optional('assigneeId'),
      incident,
      requesterEmail: email,
      requesterName: f.optional('requesterName'),
      requesterConsent: email || f.optional('requesterName') ? f.checked('requesterConsent') : undefined,
    });
    if (r.ok) {
      announce(`Case ${r.value.reference} opened`);
      onDone();
    }
  };
  return (
    <form id="new-case" className="panel" aria-labelledby="new-case-title" noValidate onSubmit={onSubmit}>
      <h2 id="new-case-title">New case</h2>
      <ErrorSummary
        error={create.error}
        labels={{ title: 'Title', requesterEmail: 'E-mail', requesterConsent: 'Consent' }}
      />
      <TextField label="Title" name="title" required errors={errors} />
      <TextArea label="Description" name="description" rows={3} errors={errors} />
      <div className="field-row">
        <SelectField
          label="Severity"
          name="severity"
          options={optionsOf(CASE_SEVERITIES, label)}
          defaultValue="medium"
          errors={errors}
        />
        <SelectField
          label="Assignee"
          name="assigneeId"
          placeholder="Unassigned"
          options={members.map((m) => ({ value: m.userId, label: m.name }))}
          errors={errors}
        />
      </div>
      <div className="field-row">
        <TextField label="Requester’s name" name="requesterName" errors={errors} />
        <TextField label="Requester’s e-mail" name="requesterEmail" type="email" errors={errors} />
      </div>
      <Checkbox
        label="The person agreed to be contacted (contact details are kept only then)"
        name="requesterConsent"
        errors={errors}
      />
      <div className="form-actions">
        <SubmitButton pending={create.pending}>Open case</SubmitButton>
      </div>
    </form>
  );
}
