import type { FormEvent } from 'react';
import { useAnnounce } from '../components/announcer.tsx';
import { Badge } from '../components/badges.tsx';
import { ErrorSummary, readForm, SubmitButton, TextField } from '../components/forms.tsx';
import { LoadError, Loading } from '../components/status.tsx';
import type { MentionFeedCreate, MentionFeedView } from '../contract.ts';
import { mentions } from '../endpoints.ts';
import { formatDateTime } from '../format.ts';
import type { Loaded } from '../hooks.ts';
import { useMutation } from '../hooks.ts';
import { subjectLabel, subjectOf } from './labels.ts';

/** A feed is disabled after this many failed polls in a row (docs/mentions.md). */
const DISABLED_AFTER_FAILURES = 10;

/**
 * The RSS/Atom feeds polled for mentions, with how their last poll went and when the next one is
 * due (later and later while a feed keeps failing). Roles with `mention:write` add feeds, poll one
 * now, disable or enable one, and remove one (its mentions stay).
 */
export function Feeds({
  org,
  loaded,
  canWrite,
  onPolled,
}: {
  org: string;
  loaded: Loaded<{ items: MentionFeedView[] }>;
  canWrite: boolean;
  onPolled: () => void;
}) {
  const announce = useAnnounce();
  const create = useMutation((body: MentionFeedCreate) => mentions.createFeed(org, body));
  const change = useMutation((f: MentionFeedView, enabled: boolean) =>
    mentions.updateFeed(org, f, { enabled }),
  );
  const remove = useMutation((id: string) => mentions.removeFeed(org, id));
  const poll = useMutation((id: string) => mentions.pollFeed(org, id));
  const busy = change.pending || remove.pending || poll.pending;

  const onAdd = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (create.pending) return;
    const form = e.currentTarget;
    const f = readForm(form);
    const minutes = f.optional('intervalMinutes');
    const r = await create.run({
      url: f.text('url'),
      name: f.nullable('name'),
      subject: subjectOf(f.optional('peer')),
      ...(minutes ? { intervalMinutes: Number(minutes) } : {}),
    });
    if (r.ok) {
      form.reset();
      announce(`Feed ${r.value.name ?? r.value.url} added; it is polled within a few seconds.`);
      void loaded.reload();
    }
  };
  const onToggle = async (f: MentionFeedView) => {
    if (busy) return;
    const r = await change.run(f, !f.enabled);
    if (r.ok) {
      announce(`${feedName(f)} ${f.enabled ? 'disabled' : 'enabled'}.`);
      void loaded.reload();
    }
  };
  const onRemove = async (f: MentionFeedView) => {
    if (busy) return;
    const r = await remove.run(f.id);
    if (r.ok) {
      announce(`${feedName(f)} removed; its mentions stay.`);
      void loaded.reload();
    }
  };
  const onPoll = async (f: MentionFeedView) => {
    if (busy) return;
    const r = await poll.run(f.id);
    if (r.ok) {
      const o = r.value;
      announce(
        o.status === 'error'
          ? `${feedName(f)} could not be read: ${o.error ?? 'unknown error'}`
          : o.status === 'not_modified'
            ? `${feedName(f)} has not changed since the last poll.`
            : `${feedName(f)} read: ${o.items} items, ${o.added} new.`,
      );
      void loaded.reload();
      if (o.added > 0) onPolled();
    }
  };

  const fieldErrors = create.error?.fieldErrors() ?? {};
  const errors = { ...fieldErrors, ...(fieldErrors.subject ? { peer: fieldErrors.subject } : {}) };
  const items = loaded.data?.items ?? [];
  return (
    <section className="panel" aria-labelledby="feeds-heading">
      <h2 id="feeds-heading">Feeds</h2>
      <p className="muted">
        RSS and Atom feeds polled for mentions. A failing feed is retried after twice the wait each time (at
        most a day) and disabled after {DISABLED_AFTER_FAILURES} failures in a row.
      </p>
      {loaded.error ? <LoadError error={loaded.error} retry={loaded.reload} /> : null}
      {!loaded.data && !loaded.error ? <Loading what="Loading feeds" /> : null}
      {loaded.data && items.length === 0 ? <p className="empty">No feed yet.</p> : null}
      <ErrorSummary error={change.error ?? remove.error ?? poll.error} />
      {items.length > 0 ? (
        <div className="table-wrap">
          <table className="feed-table">
            <caption className="visually-hidden">Feeds polled for mentions</caption>
            <thead>
              <tr>
                <th scope="col">Feed</th>
                <th scope="col">Subject</th>
                <th scope="col">Last poll</th>
                <th scope="col">Next poll</th>
                {canWrite ? (
                  <th scope="col">
                    <span className="visually-hidden">Changes</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {items.map((f) => (
                <tr key={f.id}>
                  <th scope="row">
                    {f.name ? <div>{f.name}</div> : null}
                    <code>{f.url}</code>
                    <div className="muted small">Every {formatMinutes(f.intervalMinutes)}</div>
                  </th>
                  <td>{subjectLabel(f.subject)}</td>
                  <td>
                    <PollStatus feed={f} />
                  </td>
                  <td>{f.enabled ? formatDateTime(f.nextPollAt) : '—'}</td>
                  {canWrite ? (
                    <td>
                      <div className="row-buttons">
                        <button type="button" onClick={() => onPoll(f)} aria-disabled={busy || undefined}>
                          Poll now<span className="visually-hidden">: {feedName(f)}</span>
                        </button>
                        <button type="button" onClick={() => onToggle(f)} aria-disabled={busy || undefined}>
                          {f.enabled ? 'Disable' : 'Enable'}
                          <span className="visually-hidden">: {feedName(f)}</span>
                        </button>
                        <button type="button" onClick={() => onRemove(f)} aria-disabled={busy || undefined}>
                          Remove<span className="visually-hidden">: {feedName(f)}</span>
                        </button>
                      </div>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {canWrite ? (
        <>
          <h3>Add a feed</h3>
          <form onSubmit={onAdd} noValidate aria-label="Add a feed">
            <ErrorSummary
              error={create.error}
              labels={{
                url: 'Address',
                name: 'Name',
                subject: 'Peer',
                intervalMinutes: 'Minutes between polls',
              }}
            />
            <TextField
              label="Address"
              name="url"
              type="url"
              required
              hint="The RSS or Atom feed, http or https."
              errors={errors}
            />
            <TextField label="Name" name="name" hint="A label people recognise." errors={errors} />
            <TextField
              label="Peer"
              name="peer"
              hint="The named peer this feed follows; leave empty for your own organization."
              errors={errors}
            />
            <TextField
              label="Minutes between polls"
              name="intervalMinutes"
              type="number"
              inputMode="numeric"
              min={5}
              max={10080}
              placeholder="60"
              className="short"
              hint="5 to 10,080 (a week); 60 when empty."
              errors={errors}
            />
            <SubmitButton pending={create.pending}>Add feed</SubmitButton>
          </form>
        </>
      ) : null}
    </section>
  );
}

function feedName(f: MentionFeedView): string {
  return f.name ?? f.url;
}

function formatMinutes(m: number): string {
  if (m % 1440 === 0) return m === 1440 ? 'day' : `${m / 1440} days`;
  if (m % 60 === 0) return m === 60 ? 'hour' : `${m / 60} hours`;
  return `${m} minutes`;
}

/** How the last poll went, in words; the reason of a failure as the API gave it (as text). */
function PollStatus({ feed: f }: { feed: MentionFeedView }) {
  if (!f.enabled) {
    return (
      <>
        <Badge tone="bad">Disabled</Badge>
        {f.lastError ? <div className="small">{f.lastError}</div> : null}
        {f.lastPolledAt ? (
          <div className="muted small">Last tried {formatDateTime(f.lastPolledAt)}</div>
        ) : null}
      </>
    );
  }
  if (f.failures > 0) {
    return (
      <>
        <Badge tone="warn">Failing</Badge>{' '}
        <span className="small">
          {f.failures} failed {f.failures === 1 ? 'poll' : 'polls'} in a row, backing off
        </span>
        {f.lastError ? <div className="small">{f.lastError}</div> : null}
        <div className="muted small">
          Last tried {formatDateTime(f.lastPolledAt)}
          {f.lastSuccessAt ? ` · last read ${formatDateTime(f.lastSuccessAt)}` : ''}
        </div>
      </>
    );
  }
  if (!f.lastPolledAt) return <span className="muted small">Not polled yet</span>;
  return (
    <>
      <Badge tone="good">OK</Badge>{' '}
      <span className="small">{formatDateTime(f.lastSuccessAt ?? f.lastPolledAt)}</span>
    </>
  );
}
