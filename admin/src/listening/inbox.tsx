import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import type { FeedbackView } from '../../../src/shared/contract/feedback.ts';
import {
  FEEDBACK_CHANNEL_VALUES,
  label,
  SENTIMENT_VALUES,
  STANDARD_AUDIENCES,
} from '../../../src/shared/enums.ts';
import { optionsOf, SelectField } from '../components/forms.tsx';
import { PageHeading } from '../components/layout.tsx';
import { LoadError, Loading } from '../components/status.tsx';
import { actions, feedback, incidents } from '../endpoints.ts';
import type { FeedbackFilters } from '../endpoints.ts';
import { formatDateTime, truncate } from '../format.ts';
import { useLoad, useMutation, useTitle } from '../hooks.ts';
import { useWorkspace } from '../incident/workspace.tsx';
import { useCan } from '../session.tsx';
import { LanguageMark, SentimentBadge } from './labels.tsx';
import { LinkToAction, linkableActions } from './link-to-action.tsx';
import { ListeningNav } from './nav.tsx';

/** The filters kept in the URL, so a filtered inbox can be shared by its address. */
const FILTER_KEYS = ['incident', 'audience', 'channel', 'sentiment', 'theme'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

/** The organization's inbox: everything people said, across incidents. */
export function InboxPage() {
  const org = useParams().org!;
  useTitle('Feedback inbox');
  return (
    <>
      <PageHeading>Feedback</PageHeading>
      <ListeningNav base={`/orgs/${org}/feedback`} />
      <Inbox org={org} />
    </>
  );
}

/** The incident workspace's tab: what people said about this incident. */
export function InboxTab() {
  const { org, incident } = useWorkspace();
  return (
    <>
      <h2>Feedback</h2>
      <ListeningNav base={`/orgs/${org}/incidents/${incident.slug}/feedback`} />
      <Inbox org={org} incident={{ id: incident.id, slug: incident.slug }} />
    </>
  );
}

/**
 * The inbox: filters (kept in the URL), the items with what analysis found in them, and — for
 * roles that may change actions — checkboxes to link items, or the filtered theme, to an action
 * of the incident. People's words are always rendered as text.
 */
function Inbox({ org, incident }: { org: string; incident?: { id: string; slug: string } }) {
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? undefined])) as Partial<
    Record<FilterKey, string>
  >;
  if (incident) filters.incident = incident.slug;
  const key = FILTER_KEYS.map((k) => filters[k] ?? '').join('|');

  // A theme tag narrows the inbox to it, keeping the other filters.
  const themeHref = (theme: string) => {
    const q = new URLSearchParams(params);
    q.set('theme', theme);
    return `?${q.toString()}`;
  };

  const onFilter = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    const next = new URLSearchParams();
    for (const k of FILTER_KEYS) {
      const v = String(fd.get(k) ?? '').trim();
      if (v && !(incident && k === 'incident')) next.set(k, v);
    }
    setParams(next);
  };

  return (
    <>
      <InboxFilters
        key={`filters|${key}`}
        org={org}
        filters={filters}
        fixedIncident={Boolean(incident)}
        onSubmit={onFilter}
      />
      <InboxList key={key} org={org} filters={filters} themeHref={themeHref} />
    </>
  );
}

function InboxFilters({
  org,
  filters,
  fixedIncident,
  onSubmit,
}: {
  org: string;
  filters: Partial<Record<FilterKey, string>>;
  fixedIncident: boolean;
  onSubmit: (e: FormEvent<HTMLFormElement>) => void;
}) {
  const incidentList = useLoad(
    async () => (fixedIncident ? [] : (await incidents.list(org, {})).items),
    [org, fixedIncident],
  );
  // Themes seen in the last year, for the theme filter; the one in the URL is kept even if older.
  const themeList = useLoad(
    async () =>
      (
        await feedback.themes(org, {
          incident: filters.incident,
          interval: 'week',
          from: new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10),
        })
      ).themes.map((t) => t.theme),
    [org, filters.incident],
  );
  const themes = [...new Set([...(themeList.data ?? []), ...(filters.theme ? [filters.theme] : [])])];

  return (
    <form className="filters" role="search" aria-label="Filter feedback" onSubmit={onSubmit}>
      {fixedIncident ? null : (
        <SelectField
          label="Incident"
          name="incident"
          placeholder="All incidents"
          options={(incidentList.data ?? []).map((i) => ({ value: i.slug, label: truncate(i.title, 50) }))}
          defaultValue={filters.incident ?? ''}
          key={`incident-${incidentList.data?.length ?? 0}`}
        />
      )}
      <SelectField
        label="Theme"
        name="theme"
        placeholder="All themes"
        options={themes.map((t) => ({ value: t, label: t }))}
        defaultValue={filters.theme ?? ''}
        key={`theme-${themes.length}`}
      />
      <SelectField
        label="Sentiment"
        name="sentiment"
        placeholder="Any sentiment"
        options={optionsOf(SENTIMENT_VALUES, label)}
        defaultValue={filters.sentiment ?? ''}
      />
      <SelectField
        label="Audience"
        name="audience"
        placeholder="All audiences"
        options={optionsOf(STANDARD_AUDIENCES, label)}
        defaultValue={filters.audience ?? ''}
      />
      <SelectField
        label="Channel"
        name="channel"
        placeholder="All channels"
        options={optionsOf(FEEDBACK_CHANNEL_VALUES, label)}
        defaultValue={filters.channel ?? ''}
      />
      <button type="submit">Apply</button>
    </form>
  );
}

/** The items of one filter, with their own paging and selection; a new filter mounts a new list. */
function InboxList({
  org,
  filters,
  themeHref,
}: {
  org: string;
  filters: FeedbackFilters;
  themeHref: (theme: string) => string;
}) {
  const canLink = useCan('action:write');
  const first = useLoad(() => feedback.list(org, filters), [org]);
  const [more, setMore] = useState<FeedbackView[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const fetchMore = useMutation((c: string) => feedback.list(org, { ...filters, cursor: c }));
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // Linking needs the incident whose actions answer the items.
  const actionList = useLoad(
    async () =>
      canLink && filters.incident ? linkableActions((await actions.list(org, filters.incident)).items) : [],
    [org, filters.incident, canLink],
  );
  const [firstNew, setFirstNew] = useState<number>();
  const firstNewBox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    firstNewBox.current?.focus();
  }, [firstNew]);

  if (first.error) return <LoadError error={first.error} retry={first.reload} />;
  if (!first.data) return <Loading what="Loading feedback" />;
  const items = [...first.data.items, ...more];
  const nextCursor = cursor === undefined ? first.data.nextCursor : cursor;
  const filtered = FILTER_KEYS.some((k) => k !== 'incident' && filters[k]);

  const loadMore = async () => {
    if (!nextCursor || fetchMore.pending) return;
    const result = await fetchMore.run(nextCursor);
    if (result.ok) {
      setFirstNew(items.length);
      setMore((m) => [...m, ...result.value.items]);
      setCursor(result.value.nextCursor);
    }
  };
  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const allSelected = items.length > 0 && items.every((f) => selected.has(f.id));

  if (items.length === 0) {
    return <p className="empty">{filtered ? 'No feedback matches these filters.' : 'No feedback yet.'}</p>;
  }
  return (
    <>
      <p className="muted" aria-live="polite">
        {items.length}
        {nextCursor ? '+' : ''} {items.length === 1 ? 'item' : 'items'}
        {canLink ? ` · ${selected.size} selected` : ''}
      </p>
      <div className="table-wrap">
        <table className="inbox-table">
          <caption className="visually-hidden">Feedback, newest first</caption>
          <thead>
            <tr>
              {canLink ? (
                <th scope="col">
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      checked={allSelected}
                      onChange={(e) =>
                        setSelected(e.currentTarget.checked ? new Set(items.map((f) => f.id)) : new Set())
                      }
                    />
                    <span className="visually-hidden">Select every item shown</span>
                  </label>
                </th>
              ) : null}
              <th scope="col">What they said</th>
              <th scope="col">Sentiment</th>
              <th scope="col">Themes</th>
              <th scope="col">Language</th>
              <th scope="col">Channel and audience</th>
              <th scope="col">Received</th>
            </tr>
          </thead>
          <tbody>
            {items.map((f, index) => (
              <tr key={f.id}>
                {canLink ? (
                  <td>
                    <label className="checkbox">
                      <input
                        type="checkbox"
                        checked={selected.has(f.id)}
                        onChange={(e) => toggle(f.id, e.currentTarget.checked)}
                        ref={index === firstNew ? firstNewBox : undefined}
                      />
                      <span className="visually-hidden">Select “{truncate(f.text, 60)}”</span>
                    </label>
                  </td>
                ) : null}
                <td className="feedback-text">
                  {/* Text only, never HTML: whatever someone typed is shown as they typed it. */}
                  <p lang={f.language ?? undefined}>{f.text}</p>
                  {f.redacted ? (
                    <p className="muted small">Contact details were removed from the text.</p>
                  ) : null}
                  {f.consent && f.contactEmail ? (
                    <p className="muted small">
                      Asked to hear back{f.loopClosedAt ? ` · told ${formatDateTime(f.loopClosedAt)}` : ''}
                    </p>
                  ) : null}
                </td>
                <td>
                  <SentimentBadge sentiment={f.sentiment} />
                </td>
                <td>
                  {f.themes.length === 0 ? (
                    <span className="muted small">{f.analysedAt ? 'None' : '—'}</span>
                  ) : (
                    <ul className="theme-tags">
                      {f.themes.map((t) => (
                        <li key={t}>
                          <Link to={themeHref(t)} title={`Show only feedback on ${t}`}>
                            {t}
                          </Link>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>
                  <LanguageMark language={f.language} />
                </td>
                <td>
                  {label(f.channel)}
                  <div className="muted small">{label(f.audience)}</div>
                </td>
                <td>
                  <time dateTime={f.createdAt}>{formatDateTime(f.createdAt)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {fetchMore.error ? <LoadError error={fetchMore.error} /> : null}
      {nextCursor ? (
        <button type="button" onClick={loadMore} aria-disabled={fetchMore.pending || undefined}>
          {fetchMore.pending ? 'Loading…' : 'Show more feedback'}
        </button>
      ) : null}
      {canLink ? (
        filters.incident ? (
          actionList.data ? (
            <LinkToAction
              org={org}
              actions={actionList.data}
              legend="Link to the action that answers it"
              choices={[
                {
                  key: 'items',
                  button: `Link ${selected.size} selected ${selected.size === 1 ? 'item' : 'items'}`,
                  what: `${selected.size} ${selected.size === 1 ? 'item' : 'items'}`,
                  body: { feedbackIds: [...selected] },
                  unavailable: selected.size === 0 ? 'Select the items to link first.' : undefined,
                },
                ...(filters.theme
                  ? [
                      {
                        key: 'theme',
                        button: `Link the whole theme “${filters.theme}”`,
                        what: `the theme “${filters.theme}”`,
                        body: { themes: [filters.theme] },
                      },
                    ]
                  : []),
              ]}
              onLinked={() => {
                setSelected(new Set());
                void first.reload();
              }}
            />
          ) : actionList.error ? (
            <LoadError error={actionList.error} retry={actionList.reload} />
          ) : null
        ) : (
          <p className="muted">
            Choose an incident in the filters to link its feedback to one of its actions.
          </p>
        )
      ) : null}
    </>
  );
}
