import { Feed } from 'feed';
import type { DisclosureView } from '../../services/disclosure.service.ts';
import type { Catalogue } from '../../shared/i18n.ts';
import { t } from '../../shared/i18n.ts';
import { markdownToText, renderMarkdown } from '../../shared/markdown.ts';

export interface FeedSource {
  view: DisclosureView;
  pageUrl: string;
}

/**
 * An Atom 1.0 feed of published updates: one entry per statement, updated with each new version,
 * and a retraction notice in place of a retracted text.
 */
export function atomFeed(
  c: Catalogue,
  opts: { id: string; title: string; selfUrl: string; pageUrl: string },
  sources: FeedSource[],
): string {
  const entries = sources.flatMap(({ view, pageUrl }) =>
    view.statements.map((s) => ({ s, view, pageUrl, updated: s.retractedAt ?? s.current.publishedAt })),
  );
  entries.sort((a, b) => (a.updated < b.updated ? 1 : -1));
  const feed = new Feed({
    id: opts.id,
    title: opts.title,
    link: opts.pageUrl,
    language: c.lang,
    updated: new Date(entries[0]?.updated ?? 0),
    generator: 'Amends',
    copyright: '',
    feedLinks: { atom: opts.selfUrl },
  });
  for (const { s, view, pageUrl, updated } of entries) {
    const retracted = s.state === 'retracted';
    const title = retracted ? t(c, 'email.retractedSubject', { title: s.current.title }) : s.current.title;
    const notice = retracted
      ? `<p><strong>${escapeXml(t(c, 'incident.retracted', { date: s.retractedAt!, reason: s.retractionReason ?? '' }))}</strong></p>`
      : '';
    feed.addItem({
      id: `${pageUrl}#statement-${s.id}`,
      link: `${pageUrl}#statement-${s.id}`,
      title: sources.length > 1 ? `${view.incident.title}: ${title}` : title,
      date: new Date(updated),
      published: new Date(s.history[s.history.length - 1]?.publishedAt ?? s.current.publishedAt),
      description: retracted ? (s.retractionReason ?? '') : markdownToText(s.current.body).slice(0, 300),
      content: retracted ? notice : renderMarkdown(s.current.body),
      author: s.current.byline ? [{ name: s.current.byline }] : [{ name: view.org.name }],
    });
  }
  return feed.atom1();
}

function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
