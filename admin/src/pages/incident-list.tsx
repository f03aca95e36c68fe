import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import type { IncidentSummaryView } from '../../../src/shared/contract/incident.ts';
import type { Stage } from '../../../src/shared/enums.ts';
import { label, STAGES } from '../../../src/shared/enums.ts';
import { OverdueBadge, SeverityBadge, StageBadge } from '../components/badges.tsx';
import { useFocusWhenLost } from '../components/focus.ts';
import { optionsOf, SelectField, TextField } from '../components/forms.tsx';
import { PageHeading } from '../components/layout.tsx';
import { LoadError, Loading } from '../components/status.tsx';
import { incidents } from '../endpoints.ts';
import { formatRatio } from '../format.ts';
import { useLoad, useMutation, useTitle } from '../hooks.ts';
import { useCan } from '../session.tsx';
import { DeclareIncidentForm } from './declare-incident-form.tsx';

export function IncidentList() {
  const org = useParams().org!;
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const [declaring, setDeclaring] = useState(false);
  const canDeclare = useCan('incident:write');
  const declareButton = useRef<HTMLButtonElement>(null);
  useFocusWhenLost(declaring, declareButton);
  const q = params.get('q') ?? '';
  const stage = (params.get('stage') ?? '') as Stage | '';
  useTitle('Incidents');

  const onFilter = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    const next = new URLSearchParams();
    for (const key of ['q', 'stage']) {
      const v = String(fd.get(key) ?? '').trim();
      if (v) next.set(key, v);
    }
    setParams(next);
  };

  return (
    <>
      <PageHeading
        actions={
          canDeclare ? (
            <button
              ref={declareButton}
              type="button"
              className="primary"
              aria-expanded={declaring}
              aria-controls="declare"
              onClick={() => setDeclaring((d) => !d)}
            >
              Declare incident
            </button>
          ) : null
        }
      >
        Incidents
      </PageHeading>
      {canDeclare ? (
        <div id="declare">
          {declaring ? (
            <DeclareIncidentForm
              org={org}
              onCancel={() => setDeclaring(false)}
              onDeclared={(i) => navigate(`/orgs/${org}/incidents/${i.slug}`)}
            />
          ) : null}
        </div>
      ) : null}
      <OrgMetrics org={org} />
      <form className="filters" role="search" aria-label="Filter incidents" onSubmit={onFilter}>
        <TextField label="Search titles" name="q" type="search" defaultValue={q} />
        <SelectField
          label="Stage"
          name="stage"
          placeholder="All stages"
          options={optionsOf(STAGES, label)}
          defaultValue={stage}
        />
        <button type="submit">Apply</button>
      </form>
      <IncidentTable key={`${org}|${q}|${stage}`} org={org} q={q} stage={stage || undefined} />
    </>
  );
}

function OrgMetrics({ org }: { org: string }) {
  const { data } = useLoad(() => incidents.metrics(org), [org]);
  if (!data) return null;
  const s = data.sayDo;
  return (
    <dl className="stats" aria-label="Organization at a glance">
      <div>
        <dt>Say–do ratio</dt>
        <dd>
          {formatRatio(s.ratio)}
          <span className="stat-detail">
            {s.keptOnTime} of {s.due} due promises kept on time
          </span>
        </dd>
      </div>
      <div>
        <dt>Overdue promises</dt>
        <dd>{s.overdue}</dd>
      </div>
      {STAGES.map((st) => (
        <div key={st}>
          <dt>{label(st)}</dt>
          <dd>{data.stages[st] ?? 0}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The list with its own paging; a new filter mounts a new table. */
function IncidentTable({ org, q, stage }: { org: string; q: string; stage: Stage | undefined }) {
  const first = useLoad(() => incidents.list(org, { q, stage }), [org, q, stage]);
  const [more, setMore] = useState<IncidentSummaryView[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const fetchMore = useMutation((c: string) => incidents.list(org, { q, stage, cursor: c }));
  // After "Show more", focus goes to the first incident it added, where reading carries on.
  const [firstNew, setFirstNew] = useState<number>();
  const firstNewLink = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    firstNewLink.current?.focus();
  }, [firstNew]);
  const canDeclare = useCan('incident:write');

  if (first.error) return <LoadError error={first.error} retry={first.reload} />;
  if (!first.data) return <Loading what="Loading incidents" />;
  const items = [...first.data.items, ...more];
  const nextCursor = cursor === undefined ? first.data.nextCursor : cursor;

  const loadMore = async () => {
    if (!nextCursor || fetchMore.pending) return;
    const result = await fetchMore.run(nextCursor);
    if (result.ok) {
      setFirstNew(items.length);
      setMore((m) => [...m, ...result.value.items]);
      setCursor(result.value.nextCursor);
    }
  };

  if (items.length === 0) {
    return (
      <p className="empty">
        {q || stage
          ? 'No incident matches these filters.'
          : canDeclare
            ? 'No incidents yet. Declare one when something happens.'
            : 'No incidents yet.'}
      </p>
    );
  }
  return (
    <>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Incidents, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Incident</th>
              <th scope="col">Stage</th>
              <th scope="col">Severity</th>
              <th scope="col">Open actions</th>
              <th scope="col">Overdue actions</th>
              <th scope="col">Say–do</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i, index) => (
              <tr key={i.id}>
                <th scope="row">
                  <Link
                    to={`/orgs/${org}/incidents/${i.slug}`}
                    ref={index === firstNew ? firstNewLink : undefined}
                  >
                    {i.title}
                  </Link>
                  <div className="muted small">
                    {label(i.kind)} · {i.slug}
                  </div>
                </th>
                <td>
                  <StageBadge stage={i.stage} />
                </td>
                <td>
                  <SeverityBadge severity={i.severity} />
                </td>
                <td className="num">{i.openActions}</td>
                <td className="num">
                  {i.overdueActions > 0 ? (
                    <>
                      {i.overdueActions} <OverdueBadge />
                    </>
                  ) : (
                    0
                  )}
                </td>
                <td className="num">
                  {formatRatio(i.sayDo.ratio)}
                  <div className="muted small">
                    {i.sayDo.keptOnTime}/{i.sayDo.due} kept on time
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {fetchMore.error ? <LoadError error={fetchMore.error} /> : null}
      {nextCursor ? (
        <button type="button" onClick={loadMore} aria-disabled={fetchMore.pending || undefined}>
          {fetchMore.pending ? 'Loading…' : 'Show more incidents'}
        </button>
      ) : null}
    </>
  );
}
