import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress } from 'node:dns';
import http from 'node:http';
import type { IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { FeedFetcher, FeedFetchResult } from '../services/mention.service.ts';
import { isPrivateAddress } from '../domain/network.ts';

export interface FeedFetchOptions {
  /** Whether feeds may live on loopback and private networks (WEBHOOK_ALLOW_PRIVATE). */
  allowPrivate: boolean;
  timeoutMs?: number;
  /** Largest feed accepted, after decompression. */
  maxBytes?: number;
  maxRedirects?: number;
  userAgent?: string;
}

export const FEED_TIMEOUT_MS = 10_000;
export const FEED_MAX_BYTES = 2 * 1024 * 1024;
const MAX_REDIRECTS = 3;

/** An error whose message is safe to show the organization as the feed's last error. */
class FeedError extends Error {}

function privateRefusal(host: string): FeedError {
  return new FeedError(
    `refusing to fetch from a private address (${host}); set WEBHOOK_ALLOW_PRIVATE=true to allow it`,
  );
}

/**
 * The URL rules checked before any connection: http(s) only, no credentials, and — unless private
 * networks are allowed — no loopback, private or link-local IP literal and no `localhost`.
 * Host names are checked again on every connection, against the addresses they resolve to.
 * @throws Error naming what is wrong.
 */
export function checkFeedUrl(raw: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FeedError('must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FeedError('must be an http(s) URL');
  if (url.username || url.password) throw new FeedError('must not contain a user name or password');
  if (!url.hostname) throw new FeedError('must name a host');
  if (!allowPrivate) {
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (host === 'localhost' || host.endsWith('.localhost')) throw privateRefusal(host);
    if (isIP(host) !== 0 && isPrivateAddress(host)) throw privateRefusal(host);
  }
  return url;
}

/**
 * Resolves like dns.lookup, then refuses private addresses: the check happens on the address
 * actually connected to, so a name that resolves differently on the second lookup (DNS rebinding)
 * cannot slip through.
 */
function guardedLookup(allowPrivate: boolean) {
  return (
    hostname: string,
    options: { all?: boolean; family?: number },
    callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, options.all ? [] : '');
      const list = addresses as LookupAddress[];
      if (!allowPrivate && list.some((a) => isPrivateAddress(a.address))) {
        return callback(privateRefusal(hostname), options.all ? [] : '');
      }
      if (options.all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(new FeedError(`${hostname} has no address`), '');
      return callback(null, first.address, first.family);
    });
  };
}

function decoded(res: IncomingMessage): Readable {
  switch ((res.headers['content-encoding'] ?? '').toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return res.pipe(zlib.createGunzip());
    case 'deflate':
      return res.pipe(zlib.createInflate());
    case 'br':
      return res.pipe(zlib.createBrotliDecompress());
    default:
      return res;
  }
}

function charsetOf(contentType: string | undefined): string {
  const m = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '');
  return m?.[1] ?? 'utf-8';
}

function decodeText(body: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset).decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

/**
 * Fetches feeds for the mention poller: conditional GET (If-None-Match / If-Modified-Since),
 * a deadline for the whole exchange, a size limit on the decompressed body, a few redirects (each
 * target checked), and the private-address guard of webhooks (WEBHOOK_ALLOW_PRIVATE).
 * Failures reject with an Error whose message is recorded as the feed's last error.
 */
export function createFeedFetcher(opts: FeedFetchOptions): FeedFetcher {
  const timeoutMs = opts.timeoutMs ?? FEED_TIMEOUT_MS;
  const maxBytes = opts.maxBytes ?? FEED_MAX_BYTES;
  const maxRedirects = opts.maxRedirects ?? MAX_REDIRECTS;
  const userAgent = opts.userAgent ?? 'Amends-Feeds/1';
  const lookup = guardedLookup(opts.allowPrivate);

  function once(
    url: URL,
    conditional: { etag: string | null; lastModified: string | null },
    deadline: number,
  ): Promise<FeedFetchResult | { redirect: URL }> {
    return new Promise((resolveOuter, rejectOuter) => {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return rejectOuter(new FeedError(`no answer within ${timeoutMs / 1000} s`));
      // One deadline for connect, headers and body alike; whichever settles first wins.
      const timer = setTimeout(() => {
        reject(new FeedError(`no answer within ${timeoutMs / 1000} s`));
        req.destroy();
      }, remaining);
      const resolve = (v: FeedFetchResult | { redirect: URL }) => {
        clearTimeout(timer);
        resolveOuter(v);
      };
      const reject = (e: Error) => {
        clearTimeout(timer);
        rejectOuter(e);
      };
      const headers: Record<string, string> = {
        accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1',
        'accept-encoding': 'gzip, deflate, br',
        'user-agent': userAgent,
      };
      if (conditional.etag) headers['if-none-match'] = conditional.etag;
      if (conditional.lastModified) headers['if-modified-since'] = conditional.lastModified;
      const get = url.protocol === 'https:' ? https.get : http.get;
      const req = get(url, { headers, lookup: lookup as never }, (res) => {
        const status = res.statusCode ?? 0;
        if (status === 304) {
          res.resume();
          return resolve({ status: 'not_modified' });
        }
        if ([301, 302, 303, 307, 308].includes(status) && res.headers.location) {
          res.resume();
          try {
            return resolve({ redirect: new URL(res.headers.location, url) });
          } catch {
            return reject(new FeedError(`redirected to an invalid URL (HTTP ${status})`));
          }
        }
        if (status < 200 || status >= 300) {
          res.resume();
          return reject(new FeedError(`the feed answered HTTP ${status}`));
        }
        const tooLarge = () => new FeedError(`the feed is larger than ${Math.round(maxBytes / 1024)} KiB`);
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes && !res.headers['content-encoding']) {
          reject(tooLarge());
          req.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        const body = decoded(res);
        const fail = (err: Error) =>
          reject(new FeedError(`could not read the feed: ${err.message || 'stream error'}`));
        res.on('error', fail);
        res.on('aborted', () => fail(new Error('the connection closed early')));
        body.on('error', fail);
        body.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            reject(tooLarge());
            body.destroy();
            req.destroy();
            return;
          }
          chunks.push(chunk);
        });
        body.on('end', () => {
          if (size > maxBytes) return;
          const etag = res.headers.etag ?? null;
          const lastModified = res.headers['last-modified'] ?? null;
          resolve({
            status: 'ok',
            body: decodeText(Buffer.concat(chunks), charsetOf(res.headers['content-type'])),
            etag: etag && etag.length <= 500 ? etag : null,
            lastModified: lastModified && lastModified.length <= 100 ? lastModified : null,
          });
        });
      });
      req.on('error', (err) => {
        const e = err as NodeJS.ErrnoException;
        reject(
          err instanceof FeedError
            ? err
            : new FeedError(
                e.code === 'ENOTFOUND'
                  ? `${url.hostname} does not resolve`
                  : `could not fetch the feed: ${e.code ?? err.message}`,
              ),
        );
      });
    });
  }

  return {
    checkUrl(raw) {
      checkFeedUrl(raw, opts.allowPrivate);
    },
    async fetch(raw, conditional) {
      const deadline = Date.now() + timeoutMs;
      let url = checkFeedUrl(raw, opts.allowPrivate);
      for (let hop = 0; ; hop++) {
        const r = await once(url, conditional, deadline);
        if (!('redirect' in r)) return r;
        if (hop >= maxRedirects) throw new FeedError(`more than ${maxRedirects} redirects`);
        url = checkFeedUrl(r.redirect.toString(), opts.allowPrivate);
      }
    },
  };
}
