import type { Dialect } from './dialects/dialect.ts';
import type { Db } from './store.ts';

/** Instance secrets shared by every app instance, and the secret links to audience pages. */
export class SecretRepository {
  constructor(
    private readonly db: Db,
    _dialect: Dialect,
  ) {}

  /** The named secret, created from `generate` the first time (the first writer wins). */
  async instanceSecret(name: string, generate: () => string, now: string): Promise<string> {
    await this.db
      .insertInto('instance_secrets')
      .values({ name, value: generate(), created_at: now })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const r = await this.db
      .selectFrom('instance_secrets')
      .select('value')
      .where('name', '=', name)
      .executeTakeFirstOrThrow();
    return r.value;
  }

  /** Sets (or replaces: rotation) the secret link of an incident's audience page. */
  async setAudienceLink(
    organizationId: string,
    incidentId: string,
    audience: string,
    tokenHash: string,
    now: string,
  ) {
    await this.db
      .insertInto('audience_links')
      .values({
        organization_id: organizationId,
        incident_id: incidentId,
        audience,
        token_hash: tokenHash,
        created_at: now,
      })
      .onConflict((oc) =>
        oc
          .columns(['organization_id', 'incident_id', 'audience'])
          .doUpdateSet({ token_hash: tokenHash, created_at: now }),
      )
      .execute();
  }

  async audienceLinkHash(
    organizationId: string,
    incidentId: string,
    audience: string,
  ): Promise<string | undefined> {
    const r = await this.db
      .selectFrom('audience_links')
      .select('token_hash')
      .where('organization_id', '=', organizationId)
      .where('incident_id', '=', incidentId)
      .where('audience', '=', audience)
      .executeTakeFirst();
    return r?.token_hash;
  }
}
