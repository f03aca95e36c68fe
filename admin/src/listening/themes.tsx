import { useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import type { ThemeVolumeView } from '../../../src/shared/contract/feedback.ts';
import type { ActionView } from '../../../src/shared/contract/action.ts';
import { SelectField, TextField } from '../components/forms.tsx';
import { PageHeading } from '../components/layout.tsx';
import { LoadError, Loading } from '../components/status.tsx';
import { actions, feedback, incidents } from '../endpoints.ts';
import type { ThemesQuery } from '../endpoints.ts';
import { formatRatio, truncate } from '../format.ts';
import { useLoad, useTitle } from '../hooks.ts';
import { useWorkspace } from '../incident/workspace.tsx';
import { useCan } from '../session.tsx';
import { bucketLabel, VolumeChart } from './chart.tsx';
import { LinkToAction, linkableActions } from './link-to-action.tsx';
import { ListeningNav } from './nav.tsx';

const QUERY_KEYS = ['incident', 'interval', 'from', 'to'] as const;

/** The organization's themes, across incidents or for one chosen in the filters. */
export function ThemesPage() {
  const org = useParams().org!;
  useTitle('Feedback themes');
  return (
    <>
      <PageHeading>Feedback</PageHeading>
      <ListeningNav base={`/orgs/${org}/feedback`} />
      <Themes org={org} inboxBase={`/orgs/${org}/feedback`} />
    </>
  );
}

/** The incident workspace's themes: what people raise about this incident, over time. */
export function ThemesTab() {
  const { org, incident } = useWorkspace();
  const base = `/orgs/${org}/incidents/${incident.slug}/feedback`;
  return (
    <>
      <h2>Feedback</h2>
      <ListeningNav base={base} />
      <Themes org={org} incident={incident.slug} inboxBase={base} />
    </>
  );
}

/**
 * Each theme with its volume over time, its negative share, a link to its items in the inbox and,
 * for roles that may change actions, a way to link the whole theme to an action of the incident.
 */
function Themes({ org, incident, inboxBase }: { org: string; incident?: string; inboxBase: string }) {
  const [params, setParams] = useSearchParams();
  const q: ThemesQuery = {
    incident: incident ?? params.get('incident') ?? undefined,
    interval: params.get('interval') === 'week' ? 'week' : 'day',
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
  };
  const key = QUERY_KEYS.map((k) => q[k] ?? '').join('|');
  const canLink = useCan('action:write');

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    const next = new URLSearchParams();
    for (const k of QUERY_KEYS) {
      const v = String(fd.get(k) ?? '').trim();
      if (v && !(incident && k === 'incident') && !(k === 'interval' && v === 'day')) next.set(k, v);
    }
    setParams(next);
  };

  return (
    <>
      <PeriodForm key={`form|${key}`} org={org} q={q} fixedIncident={Boolean(incident)} onSubmit={onSubmit} />
      <ThemeList key={key} org={org} q={q} canLink={canLink} inboxBase={inboxBase} />
    </>
  );
}

function PeriodForm({
  org,
  q,
  fixedIncident,
  onSubmit,
}: {
  org: string;
  q: ThemesQuery;
  fixedIncident: boolean;
  onSubmit: (e: FormEvent<HTMLFormElement>) => void;
}) {
  const incidentList = useLoad(
    async () => (fixedIncident ? [] : (await incidents.list(org, {})).items),
    [org, fixedIncident],
  );
  return (
    <form className="filters" role="search" aria-label="Choose the period" onSubmit={onSubmit}>
      {fixedIncident ? null : (
        <SelectField
          label="Incident"
          name="incident"
          placeholder="All incidents"
          options={(incidentList.data ?? []).map((i) => ({ value: i.slug, label: truncate(i.title, 50) }))}
          defaultValue={q.incident ?? ''}
          key={`incident-${incidentList.data?.length ?? 0}`}
        />
      )}
      <SelectField
        label="Count"
        name="interval"
        options={[
          { value: 'day', label: 'Per day' },
          { value: 'week', label: 'Per week' },
        ]}
        defaultValue={q.interval ?? 'day'}
      />
      <TextField label="From" name="from" type="date" defaultValue={q.from ?? ''} />
      <TextField label="To" name="to" type="date" defaultValue={q.to ?? ''} />
      <button type="submit">Apply</button>
    </form>
  );
}

function ThemeList({
  org,
  q,
  canLink,
  inboxBase,
}: {
  org: string;
  q: ThemesQuery;
  canLink: boolean;
  inboxBase: string;
}) {
  const loaded = useLoad(() => feedback.themes(org, q), [org]);
  const actionList = useLoad(
    async () =>
      canLink && q.incident ? linkableActions((await actions.list(org, q.incident)).items) : undefined,
    [org, q.incident, canLink],
  );

  if (loaded.error) return <LoadError error={loaded.error} retry={loaded.reload} />;
  if (!loaded.data) return <Loading what="Counting themes" />;
  const r = loaded.data;
  const first = r.buckets[0];
  const last = r.buckets[r.buckets.length - 1];
  return (
    <>
      <p className="muted">
        {first && last
          ? `${r.interval === 'day' ? 'Per day' : 'Per week'}, ${bucketLabel(first, 'day', true)} to ${bucketLabel(
              last,
              r.interval,
              true,
            )}. Only analysed feedback has themes.`
          : null}
      </p>
      {r.themes.length === 0 ? (
        <p className="empty">No theme in this period.</p>
      ) : (
        <ul className="theme-list">
          {r.themes.map((t) => (
            <ThemeCard
              key={t.theme}
              org={org}
              theme={t}
              interval={r.interval}
              inboxHref={`${inboxBase}?${new URLSearchParams({
                ...(q.incident && !inboxBase.includes('/incidents/') ? { incident: q.incident } : {}),
                theme: t.theme,
              }).toString()}`}
              actions={actionList.data}
              canLink={canLink}
              incidentChosen={Boolean(q.incident)}
            />
          ))}
        </ul>
      )}
    </>
  );
}

function ThemeCard({
  org,
  theme: t,
  interval,
  inboxHref,
  actions: actionItems,
  canLink,
  incidentChosen,
}: {
  org: string;
  theme: ThemeVolumeView;
  interval: 'day' | 'week';
  inboxHref: string;
  actions: ActionView[] | undefined;
  canLink: boolean;
  incidentChosen: boolean;
}) {
  const [linking, setLinking] = useState(false);
  const headingId = `theme-${t.theme.replace(/[^A-Za-z0-9]+/g, '-')}`;
  return (
    <li className="theme-card">
      <h3 id={headingId}>{t.theme}</h3>
      <dl className="theme-stats">
        <div>
          <dt>Items</dt>
          <dd>{t.total}</dd>
        </div>
        <div>
          <dt>Negative</dt>
          <dd>
            {formatRatio(t.negativeShare)}
            <span className="stat-detail">
              {t.negative} of {t.total}
            </span>
          </dd>
        </div>
      </dl>
      <VolumeChart theme={t.theme} series={t.series} interval={interval} />
      <p className="theme-links">
        <Link to={inboxHref}>
          See the items<span className="visually-hidden"> on {t.theme}</span> in the inbox
        </Link>
        {canLink && incidentChosen && actionItems ? (
          <>
            {' '}
            <button type="button" aria-expanded={linking} onClick={() => setLinking((v) => !v)}>
              Link theme to action<span className="visually-hidden">: {t.theme}</span>
            </button>
          </>
        ) : null}
      </p>
      {canLink && !incidentChosen ? (
        <p className="muted small">Choose an incident to link this theme to one of its actions.</p>
      ) : null}
      {linking && actionItems ? (
        <LinkToAction
          org={org}
          actions={actionItems}
          legend={`Link the theme “${t.theme}” to an action`}
          choices={[
            {
              key: 'theme',
              button: `Link “${t.theme}”`,
              what: `the theme “${t.theme}”`,
              body: { themes: [t.theme] },
            },
          ]}
        />
      ) : null}
    </li>
  );
}
