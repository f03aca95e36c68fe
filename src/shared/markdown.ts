import MarkdownIt from 'markdown-it';

/**
 * Statement bodies are Markdown written by people; rendering must never let their HTML through.
 * Raw HTML is off (it is shown as text), links may only go to http(s) and mailto, and links open
 * with rel="nofollow noopener". Used by the public pages, e-mails and the console alike.
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

md.validateLink = (url: string) => /^(https?:|mailto:)/i.test(url.trim());

const defaultLinkOpen =
  md.renderer.rules.link_open ??
  ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]!.attrSet('rel', 'nofollow noopener');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/** Renders Markdown to safe HTML. */
export function renderMarkdown(source: string): string {
  return md.render(source);
}

/** Plain text of a Markdown source, for feeds' summaries and e-mail text parts. */
export function markdownToText(source: string): string {
  return source
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/\[([^\]]*)\]\(([^)]*)\)/g, '$1 ($2)')
    .replace(/[*_`]{1,3}([^*_`]+)[*_`]{1,3}/g, '$1');
}
