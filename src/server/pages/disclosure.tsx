import { diffWords } from 'diff';
import type { DisclosureView, OrgDisclosure, PublishedVersion } from '../../services/disclosure.service.ts';
import type { Catalogue, MessageKey } from '../../shared/i18n.ts';
import { t } from '../../shared/i18n.ts';
import { renderMarkdown } from '../../shared/markdown.ts';
import { label } from '../../shared/enums.ts';
import { Page, When, formatDate, render } from './layout.tsx';

const STATUS_CLASS: Record<string, string> = {
  kept_on_time: 's-ok',
  done: 's-ok',
  verified: 's-ok',
  kept_late: 's-late',
  renegotiated: 's-late',
  broken: 's-bad',
  dropped: 's-bad',
  withdrawn: 's-open',
  open: 's-open',
  planned: 's-open',
  in_progress: 's-open',
};

function Badge({ c, status }: { c: Catalogue; status: string }) {
  return (
    <span className={`badge ${STATUS_CLASS[status] ?? 's-open'}`}>
      {t(c, `status.${status}` as MessageKey)}
    </span>
  );
}

/** Markdown written by people, rendered without their HTML (see shared/markdown.ts). */
function Body({ source }: { source: string }) {
  return <div dangerouslySetInnerHTML={{ __html: renderMarkdown(source) }} />;
}

/** What changed between two versions, word by word; React escapes every part. */
function Changes({ before, after }: { before: PublishedVersion; after: PublishedVersion }) {
  const parts = diffWords(`${before.title}\n\n${before.body}`, `${after.title}\n\n${after.body}`);
  return (
    <p className="diff">
      {parts.map((p, i) =>
        p.added ? (
          <ins key={i}>{p.value}</ins>
        ) : p.removed ? (
          <del key={i}>{p.value}</del>
        ) : (
          <span key={i}>{p.value}</span>
        ),
      )}
    </p>
  );
}

function Update({ c, s }: { c: Catalogue; s: DisclosureView['statements'][number] }) {
  const v = s.current;
  const versions = [v, ...s.history];
  return (
    <article className="update" id={`statement-${s.id}`}>
      <h3>{v.title}</h3>
      <p className="meta">
        <span>{label(s.kind)}</span>
        <span>
          {t(c, 'incident.publishedOn', { date: '' })}
          <When iso={s.history.length > 0 ? s.history[s.history.length - 1]!.publishedAt : v.publishedAt} />
        </span>
        {s.history.length > 0 && (
          <span>
            <strong>{t(c, 'incident.editedMark', { n: v.number })}</strong> <When iso={v.publishedAt} />
          </span>
        )}
        {v.byline && <span>{t(c, 'incident.byline', { byline: v.byline })}</span>}
        {s.approvedBy.length > 0 && (
          <span>
            {t(c, 'incident.approvedBy', {
              names: s.approvedBy.map((a) => `${a.name} (${label(a.role)})`).join(', '),
            })}
          </span>
        )}
      </p>
      {s.state === 'retracted' ? (
        <>
          <p className="notice retracted" role="note">
            <strong>
              {t(c, 'incident.retracted', {
                date: formatDate(s.retractedAt!),
                reason: s.retractionReason ?? '',
              })}
            </strong>
          </p>
          <details>
            <summary>{t(c, 'incident.retractedText')}</summary>
            <Body source={v.body} />
          </details>
        </>
      ) : (
        <Body source={v.body} />
      )}
      {s.history.length > 0 && (
        <details>
          <summary>{t(c, 'incident.history', { n: s.history.length })}</summary>
          {versions.slice(0, -1).map((after, i) => {
            const before = versions[i + 1]!;
            return (
              <section key={after.number}>
                <h4>
                  {t(c, 'incident.changes', { from: before.number })} →{' '}
                  {t(c, 'incident.versionOf', { n: after.number, date: formatDate(after.publishedAt) })}
                </h4>
                <Changes before={before} after={after} />
              </section>
            );
          })}
        </details>
      )}
    </article>
  );
}

export interface DisclosureLinks {
  org: string;
  feed: string;
  json: string;
  subscribe: string;
  feedback: string;
}

/** The disclosure page of an incident: complete without JavaScript. */
export function disclosurePage(c: Catalogue, v: DisclosureView, links: DisclosureLinks): string {
  const i = v.incident;
  const ratio = v.sayDo.ratio === null ? '—' : `${Math.round(v.sayDo.ratio * 100)}%`;
  return render(
    <Page
      c={c}
      title={`${i.title} — ${v.org.name}`}
      site={v.org.name}
      siteHref={links.org}
      description={i.summary ?? undefined}
      feed={v.audience === 'public' ? links.feed : undefined}
      footer={
        v.audience === 'public' && (
          <>
            <a href={links.feed}>{t(c, 'incident.feed')}</a> ·{' '}
            <a href={links.json}>{t(c, 'incident.json')}</a>
          </>
        )
      }
    >
      <h1>{i.title}</h1>
      <p className="meta">
        {v.audience !== 'public' && (
          <span>{t(c, 'incident.audiencePage', { audience: label(v.audience) })}</span>
        )}
        <span>{t(c, 'incident.stage', { stage: t(c, `stage.${i.stage}` as MessageKey) })}</span>
        <span>{t(c, 'incident.severity', { n: i.severity })}</span>
        <span>
          {t(c, 'incident.updated', { date: '' })}
          <When iso={v.updatedAt} />
        </span>
      </p>
      {v.nextUpdate && (
        <p className={`notice${v.nextUpdate.late ? ' late' : ''}`} role="status">
          {v.nextUpdate.late
            ? t(c, 'incident.nextUpdateLate', { date: formatDate(v.nextUpdate.dueAt) })
            : t(c, 'incident.nextUpdate', { date: formatDate(v.nextUpdate.dueAt) })}
        </p>
      )}
      {i.summary && (
        <section aria-labelledby="summary">
          <h2 id="summary">{t(c, 'incident.summary')}</h2>
          <p>{i.summary}</p>
        </section>
      )}
      <section aria-labelledby="what">
        <h2 id="what">{t(c, 'incident.whatHappened')}</h2>
        <dl className="facts">
          {i.occurredAt && (
            <>
              <dt>{t(c, 'incident.occurred')}</dt>
              <dd>
                <When iso={i.occurredAt} />
              </dd>
            </>
          )}
          <dt>{t(c, 'incident.detected')}</dt>
          <dd>
            <When iso={i.detectedAt} />
          </dd>
          {i.disclosedAt && (
            <>
              <dt>{t(c, 'incident.disclosed')}</dt>
              <dd>
                <When iso={i.disclosedAt} />
              </dd>
            </>
          )}
          {i.disclosedBy && (
            <>
              <dt>{t(c, 'incident.disclosedBy')}</dt>
              <dd>{label(i.disclosedBy)}</dd>
            </>
          )}
        </dl>
      </section>
      <section aria-labelledby="why">
        <h2 id="why">{t(c, 'incident.why')}</h2>
        {v.rootCauses.length === 0 ? (
          <p>{t(c, 'incident.whyNone')}</p>
        ) : (
          <ul className="items">
            {v.rootCauses.map((r) => (
              <li key={r.id}>
                <p>{r.description}</p>
                <p className="meta">
                  <span>{label(r.component)}</span>
                  <span>{t(c, r.systemic ? 'incident.systemic' : 'incident.individual')}</span>
                  {r.independentReview && <span>{t(c, 'incident.independent')}</span>}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="doing">
        <h2 id="doing">{t(c, 'incident.doing')}</h2>
        {v.actions.length === 0 ? (
          <p>{t(c, 'incident.doingNone')}</p>
        ) : (
          <ul className="items">
            {v.actions.map((a) => (
              <li key={a.id}>
                <h3>{a.title}</h3>
                <p className="meta">
                  <span>
                    <Badge c={c} status={a.status} />
                    {a.overdue && <span className="badge s-late">{t(c, 'incident.overdue')}</span>}
                  </span>
                  {a.dueAt && <span>{t(c, 'incident.due', { date: formatDate(a.dueAt) })}</span>}
                  {a.doneAt && <span>{t(c, 'incident.doneOn', { date: formatDate(a.doneAt) })}</span>}
                  {a.verifiedAt && (
                    <span>{t(c, 'incident.verifiedOn', { date: formatDate(a.verifiedAt) })}</span>
                  )}
                </p>
                {a.description && <p>{a.description}</p>}
                {a.verification && (
                  <p>
                    {t(c, 'incident.verification', {
                      metric: a.verification.metric,
                      target: a.verification.target,
                      result: a.verification.result,
                    })}
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="promises">
        <h2 id="promises">{t(c, 'incident.promises')}</h2>
        <p>{t(c, 'incident.promisesIntro')}</p>
        {v.commitments.length === 0 ? (
          <p>{t(c, 'incident.promisesNone')}</p>
        ) : (
          <>
            <p>
              <strong>{t(c, 'incident.sayDo', { kept: v.sayDo.keptOnTime, due: v.sayDo.due, ratio })}</strong>
            </p>
            <ul className="items">
              {v.commitments.map((p) => (
                <li key={p.id}>
                  <p>{p.text}</p>
                  <p className="meta">
                    <span>
                      <Badge c={c} status={p.status} />
                      {p.overdue && <span className="badge s-late">{t(c, 'incident.overdue')}</span>}
                    </span>
                    {p.originalDueAt && (
                      <span>{t(c, 'incident.promiseDue', { date: formatDate(p.originalDueAt) })}</span>
                    )}
                    {p.keptAt && <span>{t(c, 'incident.keptOn', { date: formatDate(p.keptAt) })}</span>}
                  </p>
                  {p.dueHistory.map((h) => (
                    <p key={h.at} className="meta">
                      {t(c, 'incident.promiseMoved', {
                        from: h.from ? formatDate(h.from) : '—',
                        to: h.to ? formatDate(h.to) : '—',
                        explanation: h.explanation,
                      })}
                    </p>
                  ))}
                  {(p.status === 'broken' || p.status === 'withdrawn') && p.explanation && (
                    <p>{p.explanation}</p>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section aria-labelledby="updates">
        <h2 id="updates">{t(c, 'incident.updates')}</h2>
        {v.statements.map((s) => (
          <Update key={s.id} c={c} s={s} />
        ))}
      </section>
      {v.loop.length > 0 && (
        <section aria-labelledby="loop">
          <h2 id="loop">{t(c, 'loop.title')}</h2>
          <p>{t(c, 'loop.intro')}</p>
          <ul className="items">
            {v.loop.map((l) => (
              <li key={`${l.theme}-${l.actionId}`}>
                <p>
                  <strong>{l.theme}</strong> → {l.actionTitle}
                </p>
                <p className="meta">
                  <span>
                    <Badge c={c} status={l.status} />
                  </span>
                </p>
              </li>
            ))}
          </ul>
        </section>
      )}
      {v.leadership.length > 0 && (
        <section aria-labelledby="leadership">
          <h2 id="leadership">{t(c, 'incident.leadership')}</h2>
          <ul className="items">
            {v.leadership.map((l) => (
              <li key={l.id}>
                <p className="meta">
                  <span>{t(c, `leadership.${l.kind}` as MessageKey)}</span>
                  <span>{l.leader}</span>
                  <span>{label(l.audience)}</span>
                  <span>
                    <When iso={l.occurredAt} dayOnly />
                  </span>
                </p>
                <p>{l.summary}</p>
              </li>
            ))}
          </ul>
        </section>
      )}
      {v.audience === 'public' && (
        <section aria-labelledby="feedback">
          <h2 id="feedback">{t(c, 'feedback.title')}</h2>
          <p id="feedback-help">{t(c, 'feedback.help')}</p>
          <form method="post" action={links.feedback}>
            <input type="hidden" name="incident" value={i.slug} />
            <div className="hp" aria-hidden="true">
              <label htmlFor="feedback-website">Website</label>
              <input id="feedback-website" name="website" type="text" tabIndex={-1} autoComplete="off" />
            </div>
            <p>
              <label htmlFor="feedback-text">{t(c, 'feedback.text')}</label>
              <textarea
                id="feedback-text"
                name="text"
                rows={5}
                maxLength={5000}
                required
                aria-describedby="feedback-help"
              />
            </p>
            <p>
              <label htmlFor="feedback-email">{t(c, 'feedback.email')}</label>
              <input id="feedback-email" name="email" type="email" autoComplete="email" />
            </p>
            <p className="check">
              <input id="feedback-consent" name="consent" type="checkbox" value="yes" />
              <label htmlFor="feedback-consent">{t(c, 'feedback.consent')}</label>
            </p>
            <button type="submit">{t(c, 'feedback.send')}</button>
          </form>
        </section>
      )}
      {v.audience === 'public' && (
        <section aria-labelledby="subscribe">
          <h2 id="subscribe">{t(c, 'incident.subscribe')}</h2>
          <p id="subscribe-help">{t(c, 'incident.subscribeHelp')}</p>
          <form className="subscribe" method="post" action={links.subscribe}>
            <input type="hidden" name="incident" value={i.slug} />
            <div className="hp" aria-hidden="true">
              <label htmlFor="website">Website</label>
              <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" />
            </div>
            <div>
              <label htmlFor="email">{t(c, 'incident.email')}</label>
              <input
                id="email"
                name="email"
                type="email"
                required
                autoComplete="email"
                aria-describedby="subscribe-help"
              />
            </div>
            <button type="submit">{t(c, 'incident.subscribeButton')}</button>
          </form>
        </section>
      )}
    </Page>,
  );
}

/** The organization's page: its incidents with something public, newest first. */
export function orgPage(c: Catalogue, o: OrgDisclosure, links: { org: string; feed: string }): string {
  return render(
    <Page
      c={c}
      title={t(c, 'org.title', { org: o.org.name })}
      site={o.org.name}
      siteHref={links.org}
      feed={links.feed}
      footer={<a href={links.feed}>{t(c, 'org.feed')}</a>}
    >
      <h1>{t(c, 'org.title', { org: o.org.name })}</h1>
      <p>{t(c, 'org.intro')}</p>
      {o.incidents.length === 0 ? (
        <p>{t(c, 'org.none')}</p>
      ) : (
        <ul className="items">
          {o.incidents.map((i) => (
            <li key={i.slug}>
              <h2 className="item">
                <a href={`${links.org}/incidents/${encodeURIComponent(i.slug)}`}>{i.title}</a>
              </h2>
              <p className="meta">
                <span>{t(c, `stage.${i.stage}` as MessageKey)}</span>
                <span>
                  {t(c, 'incident.updated', { date: '' })}
                  <When iso={i.updatedAt} />
                </span>
                {i.sayDo.ratio !== null && (
                  <span>
                    {t(c, 'incident.sayDo', {
                      kept: i.sayDo.keptOnTime,
                      due: i.sayDo.due,
                      ratio: `${Math.round(i.sayDo.ratio * 100)}%`,
                    })}
                  </span>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Page>,
  );
}
