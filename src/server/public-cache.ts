import { createHash } from 'node:crypto';

/** How long a public response is served without a look at the database: publishing shows within this. */
export const PUBLIC_TTL_MS = 500;
/** How long an unchanged response is kept before it is rendered again (overdue flags follow the clock). */
export const PUBLIC_RENDER_MS = 60_000;

export interface Cached {
  status: number;
  type: string;
  body: Buffer;
  etag: string;
  builtAt: number;
  checkedAt: number;
  /** The organization's data version it was built from. */
  dataVersion: number | undefined;
}

export interface Built {
  status: number;
  type: string;
  body: string;
}

/**
 * Ready bytes for the public pages, feeds and JSON. A response is reused for PUBLIC_TTL_MS; then
 * one cheap query compares the organization's data version, and the page is rendered again only
 * when something was written (or every PUBLIC_RENDER_MS, for what depends on the clock). One build
 * at a time per URL however many requests wait (single flight). Public pages carry only public
 * data, so one copy serves everyone; CDNs may keep it for a second.
 */
export class PublicCache {
  private readonly entries = new Map<string, Cached>();
  private readonly building = new Map<string, Promise<Cached>>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly ttlMs = PUBLIC_TTL_MS,
    private readonly renderMs = PUBLIC_RENDER_MS,
    private readonly maxEntries = 5_000,
  ) {}

  async get(
    key: string,
    build: () => Promise<Built>,
    version: () => Promise<number | undefined> = async () => undefined,
  ): Promise<Cached> {
    const hit = this.entries.get(key);
    const t = this.now();
    if (hit && t - hit.checkedAt < this.ttlMs) return hit;
    if (hit && hit.dataVersion !== undefined && t - hit.builtAt < this.renderMs) {
      if ((await version()) === hit.dataVersion) {
        hit.checkedAt = this.now();
        return hit;
      }
    }
    let pending = this.building.get(key);
    if (!pending) {
      // The version is read before the data, so a write that lands meanwhile is seen next time.
      pending = version()
        .then(async (dataVersion) => ({ dataVersion, built: await build() }))
        .then(({ dataVersion, built }) => {
          const body = Buffer.from(built.body, 'utf8');
          const builtAt = this.now();
          const entry: Cached = {
            ...built,
            body,
            etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
            builtAt,
            checkedAt: builtAt,
            dataVersion,
          };
          if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
          this.entries.set(key, entry);
          return entry;
        })
        .finally(() => this.building.delete(key));
      this.building.set(key, pending);
    }
    return pending;
  }
}
