import { createHash } from 'node:crypto';
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { Catalogue, MessageKey } from '../../shared/i18n.ts';
import { t } from '../../shared/i18n.ts';

/**
 * The public pages' only style sheet, inlined so a page is one response; the Content-Security-Policy
 * allows exactly this text by its hash, and no script at all. Colours meet WCAG 2.2 AA contrast.
 */
export const PUBLIC_CSS = `
:root{color-scheme:light;--ink:#16181d;--muted:#4a5160;--line:#d9dde5;--bg:#fff;--soft:#f4f6f9;--accent:#1f4fd1;--ok:#14652f;--late:#8a4b00;--bad:#a1161b}
*{box-sizing:border-box}body{margin:0;font:1rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--accent)}a:focus-visible,button:focus-visible,input:focus-visible,summary:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:1}
header.site{border-bottom:1px solid var(--line);background:var(--soft)}header.site div{max-width:52rem;margin:auto;padding:.75rem 1rem;font-weight:600}
main{max-width:52rem;margin:auto;padding:1rem 1rem 3rem}h1{font-size:1.9rem;line-height:1.2;margin:.5rem 0}h2{font-size:1.35rem;margin-top:2.2rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}h3{font-size:1.1rem;margin:1rem 0 .25rem}
.meta{color:var(--muted);font-size:.95rem}.meta span+span::before{content:" · "}
.notice{border-left:4px solid var(--accent);background:var(--soft);padding:.6rem .9rem;margin:1rem 0}.notice.late{border-color:var(--late)}.notice.retracted{border-color:var(--bad)}
ul.items{list-style:none;padding:0}ul.items>li{border:1px solid var(--line);border-radius:6px;padding:.7rem .9rem;margin:.6rem 0}
.badge{display:inline-block;font-size:.8rem;font-weight:600;border:1px solid currentColor;border-radius:999px;padding:0 .55rem;margin-right:.4rem;white-space:nowrap}
.s-ok{color:var(--ok)}.s-late{color:var(--late)}.s-bad{color:var(--bad)}.s-open{color:var(--muted)}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
article.update{border-top:1px solid var(--line);padding-top:.5rem;margin-top:1.2rem}details{margin:.5rem 0}summary{cursor:pointer;color:var(--accent)}
ins{background:#e3f5e8;text-decoration:underline}del{background:#fbe4e4}
textarea{font:inherit;width:100%;padding:.45rem .6rem;border:1px solid #6b7280;border-radius:4px}p.check{display:flex;gap:.5rem;align-items:center}p.check label{display:inline;font-weight:400}
form.subscribe{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}label{display:block;font-weight:600}input[type=email]{font:inherit;padding:.45rem .6rem;border:1px solid #6b7280;border-radius:4px;min-width:16rem}
button{font:inherit;padding:.45rem .9rem;border-radius:4px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer}
.diff{white-space:pre-wrap}h2.item{border:0;margin:0;font-size:1.15rem}
.hp{position:absolute;left:-999px;width:1px;height:1px;overflow:hidden}footer.site{max-width:52rem;margin:auto;padding:1rem;color:var(--muted);font-size:.9rem}
`;

export const PUBLIC_CSS_HASH = `'sha256-${createHash('sha256').update(PUBLIC_CSS).digest('base64')}'`;

/** The public pages' Content-Security-Policy: no scripts, the one inline style, forms to ourselves. */
export const PUBLIC_CSP = `default-src 'none'; style-src ${PUBLIC_CSS_HASH}; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;

const DATE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const DAY = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

/** A date people read, with the machine-readable value beside it. */
export function When({ iso, dayOnly = false }: { iso: string; dayOnly?: boolean }) {
  const d = new Date(iso);
  return <time dateTime={iso}>{dayOnly ? DAY.format(d) : `${DATE.format(d)} UTC`}</time>;
}

export function formatDate(iso: string): string {
  return `${DATE.format(new Date(iso))} UTC`;
}

export interface PageProps {
  c: Catalogue;
  title: string;
  site: string;
  siteHref: string;
  description?: string | undefined;
  feed?: string | undefined;
  children: ReactNode;
  footer?: ReactNode;
}

export function Page({ c, title, site, siteHref, description, feed, children, footer }: PageProps) {
  return (
    <html lang={c.lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        {description && <meta name="description" content={description} />}
        {feed && <link rel="alternate" type="application/atom+xml" href={feed} title={title} />}
        <style dangerouslySetInnerHTML={{ __html: PUBLIC_CSS }} />
      </head>
      <body>
        <a className="skip" href="#main">
          {t(c, 'incident.skip')}
        </a>
        <header className="site">
          <div>
            <a href={siteHref}>{site}</a>
          </div>
        </header>
        <main id="main">{children}</main>
        <footer className="site">{footer}</footer>
      </body>
    </html>
  );
}

/** Renders a page to the bytes that are cached and sent. */
export function render(node: ReactNode): string {
  return `<!doctype html>${renderToStaticMarkup(node)}`;
}

export function Msg({
  c,
  k,
  params,
}: {
  c: Catalogue;
  k: MessageKey;
  params?: Record<string, string | number>;
}) {
  return <>{t(c, k, params)}</>;
}

/** The page behind an unsubscribe link: a button, because a GET must not unsubscribe. */
export function unsubscribePage(c: Catalogue, org: string, action: string) {
  return render(
    <Page
      c={c}
      title={`${t(c, 'subscribe.unsubscribeTitle')} — ${org}`}
      site={org}
      siteHref={`/${encodeURIComponent(org)}`}
    >
      <h1>{t(c, 'subscribe.unsubscribeTitle')}</h1>
      <form method="post" action={action}>
        <button type="submit">{t(c, 'subscribe.unsubscribeButton')}</button>
      </form>
    </Page>,
  );
}

/** A simple page with a heading and a sentence (confirmation, errors). */
export function messagePage(
  c: Catalogue,
  site: string,
  siteHref: string,
  heading: string,
  text: string,
  back?: string,
) {
  return render(
    <Page c={c} title={`${heading} — ${site}`} site={site} siteHref={siteHref}>
      <h1>{heading}</h1>
      <p>{text}</p>
      {back && (
        <p>
          <a href={back}>{t(c, 'subscribe.back')}</a>
        </p>
      )}
    </Page>,
  );
}
