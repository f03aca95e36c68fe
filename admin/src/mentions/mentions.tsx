import { useState } from 'react';
import type { FormEvent } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { label, SENTIMENT_VALUES } from '../../../src/shared/enums.ts';
import { optionsOf, SelectField, TextField } from '../components/forms.tsx';
import { PageHeading } from '../components/layout.tsx';
import { LoadError, Loading } from '../components/status.tsx';
import type { MentionFeedView, MentionSummary, MentionView, NetSentimentDefinition } from '../contract.ts';
import { NET_SENTIMENT_DEFINITIONS } from '../contract.ts';
import { mentions } from '../endpoints.ts';
import type { MentionFilters, MentionSummaryQuery } from '../endpoints.ts';
import { formatDateTime, formatDue, truncate } from '../format.ts';
import { useLoad, useMutation, useTitle } from '../hooks.ts';
import type { Loaded } from '../hooks.ts';
import { SentimentBadge } from '../listening/labels.tsx';
import { useCan } from '../session.tsx';
import { Feeds } from './feeds.tsx';
import { ImportForm } from './import-form.tsx';
import { formatPercent, formatScore, NET_SENTIMENT_LABELS, safeHref, SELF, subjectLabel } from './labels.ts';

/**
 * Public perception: what the press, blogs, forums and social media say about the organization and
 * the peers it is compared with. The summary per subject (volume, net sentiment with its definition,
 * share of voice) and the list of mentions for a period kept in the address; the feeds polled for
 * them and, for roles with `mention:write`, adding feeds and importing a media-monitoring export.
 * Everything people wrote is rendered as text.
 */

const QUERY_KEYS = ['from', 'to', 'interval', 'netSentiment', 'subject', 'sentiment'] as const;
type QueryKey = (typeof QUERY_KEYS)[number];

/** The organization's Mentions page. */
export function MentionsPage() {
  const org = useParams().org!;
  useTitle('Mentions');
  const canWrite = useCan('mention:write');
  const [params, setParams] = useSearchParams();
  const q = Object.fromEntries(QUERY_KEYS.map((k) => [k, params.get(k) ?? undefined])) as Partial<
    Record<QueryKey, string>
  >;
  const key = QUERY_KEYS.map((k) => q[k] ?? '').join('|');
  // Bumped after a poll or an import, so the summary and the list load again.
  const [generation, setGeneration] = useState(0);
  const refresh = () => setGeneration((g) => g + 1);
  const feeds = useLoad(() => mentions.feeds(org), [org]);

  const summaryQuery: MentionSummaryQuery = {
    from: q.from,
    to: q.to,
    interval: q.interval === 'week' ? 'week' : 'day',
    netSentiment: NET_SENTIMENT_DEFINITIONS.find((d) => d === q.netSentiment) ?? 'all',
  };
  const filters: MentionFilters = { from: q.from, to: q.to, subject: q.subject, sentiment: q.sentiment };
  const summary = useLoad(() => mentions.summary(org, summaryQuery), [org, key, generation]);
  // Subjects to filter by: the organization, those of the feeds and those mentioned in the period.
  const subjects = [
    ...new Set([
      SELF,
      ...(feeds.data?.items ?? []).map((f) => f.subject),
      ...(summary.data?.subjects ?? []).map((t) => t.subject),
      ...(q.subject ? [q.subject] : []),
    ]),
  ];

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    const next = new URLSearchParams();
    for (const k of QUERY_KEYS) {
      const v = String(fd.get(k) ?? '').trim();
      if (v && !(k === 'interval' && v === 'day') && !(k === 'netSentiment' && v === 'all')) next.set(k, v);
    }
    setParams(next);
  };

  return (
    <>
      <PageHeading>Mentions</PageHeading>
      <p className="muted">
        What the press, blogs, forums and social media say about you and the peers you are compared with, read
        from the feeds below and from imported exports, with sentiment from the listening pipeline.
      </p>
      <PeriodForm
        key={`form|${key}|${subjects.length}`}
        q={summaryQuery}
        filters={filters}
        subjects={subjects}
        onSubmit={onSubmit}
      />
      <Summary loaded={summary} />
      <section aria-labelledby="mentions-list">
        <h2 id="mentions-list">Recent mentions</h2>
        <MentionList
          key={`list|${key}|${generation}`}
          org={org}
          filters={filters}
          feeds={feeds.data?.items}
        />
      </section>
      <Feeds org={org} loaded={feeds} canWrite={canWrite} onPolled={refresh} />
      {canWrite ? <ImportForm org={org} onImported={refresh} /> : null}
    </>
  );
}

function PeriodForm({
  q,
  filters,
  subjects,
  onSubmit,
}: {
  q: MentionSummaryQuery;
  filters: MentionFilters;
  subjects: string[];
  onSubmit: (e: FormEvent<HTMLFormElement>) => void;
}) {
  return (
    <form className="filters" role="search" aria-label="Choose the period" onSubmit={onSubmit}>
      <TextField label="From" name="from" type="date" defaultValue={q.from ?? ''} />
      <TextField label="Before" name="to" type="date" defaultValue={q.to ?? ''} />
      <SelectField
        label="Count"
        name="interval"
        options={[
          { value: 'day', label: 'Per day' },
          { value: 'week', label: 'Per week' },
        ]}
        defaultValue={q.interval ?? 'day'}
      />
      <SelectField
        label="Net sentiment"
        name="netSentiment"
        options={NET_SENTIMENT_DEFINITIONS.map((d) => ({ value: d, label: NET_SENTIMENT_LABELS[d].name }))}
        defaultValue={q.netSentiment ?? 'all'}
      />
      <SelectField
        label="Mentions of"
        name="subject"
        placeholder="Every subject"
        options={subjects.map((v) => ({ value: v, label: subjectLabel(v) }))}
        defaultValue={filters.subject ?? ''}
      />
      <SelectField
        label="Sentiment"
        name="sentiment"
        placeholder="Any sentiment"
        options={optionsOf(SENTIMENT_VALUES, label)}
        defaultValue={filters.sentiment ?? ''}
      />
      <button type="submit">Apply</button>
    </form>
  );
}

function Summary({ loaded }: { loaded: Loaded<MentionSummary> }) {
  if (loaded.error) return <LoadError error={loaded.error} retry={loaded.reload} />;
  if (!loaded.data) return <Loading what="Counting mentions" />;
  const s = loaded.data;
  const definition = NET_SENTIMENT_LABELS[s.netSentimentDefinition];
  return (
    <section aria-labelledby="mentions-summary">
      <h2 id="mentions-summary">Summary</h2>
      <p className="muted">
        {s.from || s.to
          ? `From ${s.from ? formatDue(s.from) : 'the first mention'} to ${
              s.to ? `${formatDue(s.to)} (not included)` : 'now'
            }, in UTC.`
          : 'All mentions so far.'}{' '}
        Intervals are 95%.
      </p>
      {s.subjects.length === 0 ? (
        <p className="empty">No mentions in this period.</p>
      ) : (
        <>
          <div className="table-wrap">
            <table className="mention-summary">
              <caption className="visually-hidden">Mentions per subject</caption>
              <thead>
                <tr>
                  <th scope="col">Subject</th>
                  <th scope="col">Volume</th>
                  <th scope="col">Positive</th>
                  <th scope="col">Negative</th>
                  <th scope="col">Neutral</th>
                  <th scope="col">Mixed</th>
                  <th scope="col">Not analysed yet</th>
                  <th scope="col">Reach</th>
                  <th scope="col">Net sentiment</th>
                </tr>
              </thead>
              <tbody>
                {s.subjects.map((t) => (
                  <tr key={t.subject} data-subject={t.subject}>
                    <th scope="row">{subjectLabel(t.subject)}</th>
                    <td>{t.volume}</td>
                    <td>{t.positive}</td>
                    <td>{t.negative}</td>
                    <td>{t.neutral}</td>
                    <td>{t.mixed}</td>
                    <td>{t.unanalysed}</td>
                    <td>{t.reach.toLocaleString('en-GB')}</td>
                    <td>
                      {t.netSentiment ? (
                        <>
                          {netScore(t.netSentiment.estimate, s.netSentimentDefinition)}{' '}
                          <span className="muted small">
                            ({netScore(t.netSentiment.lower, s.netSentimentDefinition)} to{' '}
                            {netScore(t.netSentiment.upper, s.netSentimentDefinition)}, n = {t.netSentiment.n}
                            )
                          </span>
                        </>
                      ) : (
                        <span className="muted small">No analysed mentions</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="small">
            <strong>Net sentiment</strong> ({definition.name.toLowerCase()}): {definition.definition}
          </p>
          <ShareOfVoice share={s.shareOfVoice} />
          <PeriodCounts summary={s} />
        </>
      )}
    </section>
  );
}

function netScore(v: number, definition: NetSentimentDefinition): string {
  return definition === 'positive_ratio' ? String(Math.round(v)) : formatScore(v);
}

function ShareOfVoice({ share }: { share: MentionSummary['shareOfVoice'] }) {
  if (!share) {
    return (
      <p className="small muted">
        Share of voice needs mentions of named peers in the same period (feeds or imports with a peer
        subject).
      </p>
    );
  }
  return (
    <div className="share-of-voice">
      <h3>Share of voice</h3>
      <p>
        {share.own ? (
          <>
            <strong>{formatPercent(share.own.estimate)}</strong> of {share.total} mentions are about your
            organization{' '}
            <span className="muted">
              ({formatPercent(share.own.lower)}–{formatPercent(share.own.upper)})
            </span>
            .
          </>
        ) : (
          `No mentions of your organization among ${share.total}.`
        )}
      </p>
      <ul className="plain-list">
        {Object.entries(share.peers).map(([peer, p]) => (
          <li key={peer}>
            {peer}: {formatPercent(p)}
          </li>
        ))}
      </ul>
      <p className="small muted">
        Your mentions ÷ (yours + the named peers’), against the peers present in the period. Keep the peer
        panel fixed across periods: changing it breaks the trend.
      </p>
    </div>
  );
}

function PeriodCounts({ summary: s }: { summary: MentionSummary }) {
  return (
    <details className="period-counts">
      <summary>Counts per {s.interval}</summary>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">
            Mentions per subject and {s.interval} (UTC{s.interval === 'week' ? ', weeks start on Monday' : ''}
            )
          </caption>
          <thead>
            <tr>
              <th scope="col">{s.interval === 'week' ? 'Week of' : 'Day'}</th>
              <th scope="col">Subject</th>
              <th scope="col">Volume</th>
              <th scope="col">Positive</th>
              <th scope="col">Negative</th>
              <th scope="col">Neutral or mixed</th>
            </tr>
          </thead>
          <tbody>
            {s.periods.map((p) => (
              <tr key={`${p.period}|${p.subject}`}>
                <td>
                  <time dateTime={p.period}>{p.period}</time>
                </td>
                <td>{subjectLabel(p.subject)}</td>
                <td>{p.volume}</td>
                <td>{p.positive}</td>
                <td>{p.negative}</td>
                <td>{p.neutral + p.mixed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** Where a mention came from, in words: the feed's name, the import's source, or by hand. */
function sourceOf(m: MentionView, feeds: MentionFeedView[] | undefined): string {
  if (m.sourceKind === 'feed') {
    const feed = feeds?.find((f) => f.id === m.sourceName);
    return feed ? (feed.name ?? feed.url) : 'A feed no longer polled';
  }
  if (m.sourceKind === 'import') return `Import “${m.sourceName}”`;
  return 'Entered by hand';
}

/** One filter's mentions, newest published first, with their own paging (as the feedback inbox). */
function MentionList({
  org,
  filters,
  feeds,
}: {
  org: string;
  filters: MentionFilters;
  feeds: MentionFeedView[] | undefined;
}) {
  const first = useLoad(() => mentions.list(org, filters), [org]);
  const [more, setMore] = useState<MentionView[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const fetchMore = useMutation((c: string) => mentions.list(org, { ...filters, cursor: c }));

  if (first.error) return <LoadError error={first.error} retry={first.reload} />;
  if (!first.data) return <Loading what="Loading mentions" />;
  const items = [...first.data.items, ...more];
  const nextCursor = cursor === undefined ? first.data.nextCursor : cursor;
  const loadMore = async () => {
    if (!nextCursor || fetchMore.pending) return;
    const result = await fetchMore.run(nextCursor);
    if (result.ok) {
      setMore((m) => [...m, ...result.value.items]);
      setCursor(result.value.nextCursor);
    }
  };

  if (items.length === 0) {
    const filtered = Boolean(filters.subject || filters.sentiment || filters.from || filters.to);
    return <p className="empty">{filtered ? 'No mentions match these filters.' : 'No mentions yet.'}</p>;
  }
  return (
    <>
      <p className="muted" aria-live="polite">
        {items.length}
        {nextCursor ? '+' : ''} {items.length === 1 ? 'mention' : 'mentions'}
      </p>
      <div className="table-wrap">
        <table className="inbox-table mention-table">
          <caption className="visually-hidden">Mentions, newest published first</caption>
          <thead>
            <tr>
              <th scope="col">What was said</th>
              <th scope="col">Source</th>
              <th scope="col">Subject</th>
              <th scope="col">Published</th>
              <th scope="col">Sentiment</th>
            </tr>
          </thead>
          <tbody>
            {items.map((m) => {
              const href = safeHref(m.url);
              const title = m.title ?? truncate(m.text, 80);
              return (
                <tr key={m.id}>
                  <td className="feedback-text">
                    {/* Text only, never HTML: what a feed or an export carried is shown as text. */}
                    <p className="mention-title" lang={m.language ?? undefined}>
                      {href ? (
                        <a href={href} target="_blank" rel="noopener noreferrer">
                          {title}
                          <span className="visually-hidden"> (opens the source in a new tab)</span>
                        </a>
                      ) : (
                        title
                      )}
                    </p>
                    {m.title ? (
                      <p className="small" lang={m.language ?? undefined}>
                        {truncate(m.text, 280)}
                      </p>
                    ) : null}
                    {m.author ? <p className="muted small">By {m.author}</p> : null}
                  </td>
                  <td>
                    {sourceOf(m, feeds)}
                    {m.reach !== null ? (
                      <div className="muted small">Reach {m.reach.toLocaleString('en-GB')}</div>
                    ) : null}
                  </td>
                  <td>{subjectLabel(m.subject)}</td>
                  <td>
                    <time dateTime={m.publishedAt}>{formatDateTime(m.publishedAt)}</time>
                  </td>
                  <td>
                    <SentimentBadge sentiment={m.sentiment} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {fetchMore.error ? <LoadError error={fetchMore.error} /> : null}
      {nextCursor ? (
        <button type="button" onClick={loadMore} aria-disabled={fetchMore.pending || undefined}>
          {fetchMore.pending ? 'Loading…' : 'Show more mentions'}
        </button>
      ) : null}
    </>
  );
}
