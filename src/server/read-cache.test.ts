import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testConfig } from '../config/env.ts';
import { createServices } from '../container.ts';
import type { TestDb } from '../../test/db.ts';
import { createTestDb, dialects } from '../../test/db.ts';
import { SYSTEM, makeIncident, makeOrg, makeToken } from '../../test/factories.ts';
import { buildApp } from './app.ts';

describe.each(await dialects())('read cache across two instances on %s', (dialect) => {
  let db: TestDb;
  let a: FastifyInstance;
  let b: FastifyInstance;
  beforeAll(async () => {
    db = await createTestDb(dialect);
    // Two app instances with their own services and caches over one database, as behind a load balancer.
    a = await buildApp(createServices(testConfig(), db.conn));
    b = await buildApp(createServices(testConfig(), db.conn));
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  it('should never serve a read older than a write committed on the other instance', async () => {
    const s = createServices(testConfig(), db.conn);
    const org = await makeOrg(s);
    const incident = await makeIncident(s, org.slug, { title: 'Before' });
    const headers = { authorization: `Bearer ${(await makeToken(s, org.slug, 'owner')).token}` };
    const url = `/api/v1/orgs/${org.slug}/incidents/${incident.id}`;
    const list = `/api/v1/orgs/${org.slug}/incidents`;

    expect(JSON.parse((await a.inject({ url, headers })).body).title).toBe('Before');
    expect(JSON.parse((await a.inject({ url: list, headers })).body).items[0].title).toBe('Before');
    const etag = (await a.inject({ url, headers })).headers.etag as string;

    const patched = await b.inject({
      method: 'PATCH',
      url,
      headers: { ...headers, 'if-match': etag },
      payload: { title: 'After' },
    });
    expect(patched.statusCode).toBe(200);

    const read = await a.inject({ url, headers });
    expect(JSON.parse(read.body).title).toBe('After');
    expect(read.headers.etag).toBe(patched.headers.etag);
    expect(JSON.parse((await a.inject({ url: list, headers })).body).items[0].title).toBe('After');

    // A write through the services (another process, the CLI) invalidates as well.
    await s.rootCauses.create(SYSTEM, org.slug, incident.id, {
      description: 'Found later',
      component: 'technology',
      dimensions: ['ability'],
      systemic: true,
    });
    const causes = await a.inject({ url: `${url}/root-causes`, headers });
    expect(JSON.parse(causes.body).items).toHaveLength(1);
  });

  it('should still check permissions on a cached response', async () => {
    const s = createServices(testConfig(), db.conn);
    const org = await makeOrg(s);
    await makeIncident(s, org.slug);
    const owner = { authorization: `Bearer ${(await makeToken(s, org.slug, 'owner')).token}` };
    const other = await makeOrg(s);
    const outsider = { authorization: `Bearer ${(await makeToken(s, other.slug, 'owner')).token}` };
    const url = `/api/v1/orgs/${org.slug}/incidents`;
    expect((await a.inject({ url, headers: owner })).statusCode).toBe(200);
    expect((await a.inject({ url, headers: outsider })).statusCode).toBe(404);
    expect((await a.inject({ url })).statusCode).toBe(401);
  });
});
