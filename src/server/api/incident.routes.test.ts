import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { body, createTestApp, orgWithTokens, problem } from '../../../test/app.ts';
import { incidentInput, makeIncident, makeOrg, rootCauseInput } from '../../../test/factories.ts';
import { SYSTEM } from '../../../test/factories.ts';

describe('incident routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  describe('failure cases', () => {
    it('should answer 401 with a problem document when no credentials are sent', async () => {
      const org = await makeOrg(t.services);
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/orgs/${org.slug}/incidents` });
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['www-authenticate']).toMatch(/Bearer/);
      expect(problem(res)).toMatchObject({
        status: 401,
        code: 'unauthenticated',
        type: '/api/v1/problems/unauthenticated',
      });
    });

    it('should answer 401 for a revoked or made-up token', async () => {
      const { org } = await orgWithTokens(t.services);
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/orgs/${org.slug}/incidents`,
        headers: { authorization: 'Bearer amends_madeup' },
      });
      expect(res.statusCode).toBe(401);
    });

    it('should answer 403 when a viewer declares an incident', async () => {
      const { org, headers } = await orgWithTokens(t.services, ['viewer']);
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/orgs/${org.slug}/incidents`,
        headers: headers.viewer,
        payload: incidentInput(),
      });
      expect(res.statusCode).toBe(403);
      expect(problem(res).code).toBe('forbidden');
    });

    it('should answer 404 for another organization’s incident, by id and by slug, without its data', async () => {
      const { org: mine, headers } = await orgWithTokens(t.services);
      const theirs = await makeOrg(t.services);
      const secret = await makeIncident(t.services, theirs.slug, { title: 'Their secret incident' });
      for (const url of [
        `/api/v1/orgs/${mine.slug}/incidents/${secret.id}`,
        `/api/v1/orgs/${mine.slug}/incidents/${secret.slug}`,
        `/api/v1/orgs/${theirs.slug}/incidents/${secret.id}`,
        `/api/v1/orgs/${theirs.slug}/incidents`,
      ]) {
        const res = await t.app.inject({ method: 'GET', url, headers: headers.owner });
        expect(res.statusCode, url).toBe(404);
        expect(res.body).not.toContain('Their secret incident');
      }
    });

    it('should answer 400 listing every bad field with its path', async () => {
      const { org, headers } = await orgWithTokens(t.services);
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/orgs/${org.slug}/incidents`,
        headers: headers.owner,
        payload: { title: '', kind: 'volcano', severity: 9, extra: true },
      });
      expect(res.statusCode).toBe(400);
      const paths = problem(res).errors!.map((e) => e.path);
      expect(paths).toEqual(
        expect.arrayContaining(['body.title', 'body.kind', 'body.severity', 'body.extra']),
      );
    });

    it('should answer 400 for malformed JSON, 415 for another media type and 413 for a huge body', async () => {
      const { org, headers } = await orgWithTokens(t.services);
      const url = `/api/v1/orgs/${org.slug}/incidents`;
      const bad = await t.app.inject({
        method: 'POST',
        url,
        headers: { ...headers.owner, 'content-type': 'application/json' },
        payload: '{"title":',
      });
      expect(bad.statusCode).toBe(400);
      const xml = await t.app.inject({
        method: 'POST',
        url,
        headers: { ...headers.owner, 'content-type': 'application/xml' },
        payload: '<incident/>',
      });
      expect(xml.statusCode).toBe(415);
      const huge = await t.app.inject({
        method: 'POST',
        url,
        headers: { ...headers.owner, 'content-type': 'application/json' },
        payload: JSON.stringify({ title: 'x'.repeat(400_000), kind: 'outage' }),
      });
      expect(huge.statusCode).toBe(413);
      expect(problem(huge).code).toBe('payload_too_large');
    });

    it('should refuse control characters and future timestamps', async () => {
      const { org, headers } = await orgWithTokens(t.services);
      const url = `/api/v1/orgs/${org.slug}/incidents`;
      const ctl = await t.app.inject({
        method: 'POST',
        url,
        headers: headers.owner,
        payload: { title: 'a\u0007b', kind: 'outage' },
      });
      expect(ctl.statusCode).toBe(400);
      const future = await t.app.inject({
        method: 'POST',
        url,
        headers: headers.owner,
        payload: { title: 'Later', kind: 'outage', detectedAt: '2999-01-01T00:00:00Z' },
      });
      expect(future.statusCode).toBe(400);
      expect(problem(future).errors![0]!.path).toBe('body.detectedAt');
    });

    it('should answer 428 for an update without If-Match and 412 for a stale one, keeping the first write', async () => {
      const { org, headers } = await orgWithTokens(t.services);
      const created = await t.app.inject({
        method: 'POST',
        url: `/api/v1/orgs/${org.slug}/incidents`,
        headers: headers.owner,
        payload: incidentInput(),
      });
      const etag = created.headers.etag as string;
      const url = `/api/v1/orgs/${org.slug}/incidents/${body(created).id}`;
      const missing = await t.app.inject({
        method: 'PATCH',
        url,
        headers: headers.owner,
        payload: { title: 'No match' },
      });
      expect(missing.statusCode).toBe(428);
      const first = await t.app.inject({
        method: 'PATCH',
        url,
        headers: { ...headers.owner, 'if-match': etag },
        payload: { title: 'First' },
      });
      expect(first.statusCode).toBe(200);
      expect(first.headers.etag).not.toBe(etag);
      const second = await t.app.inject({
        method: 'PATCH',
        url,
        headers: { ...headers.owner, 'if-match': etag },
        payload: { title: 'Second' },
      });
      expect(second.statusCode).toBe(412);
      const now = await t.app.inject({ method: 'GET', url, headers: headers.owner });
      expect(body(now).title).toBe('First');
    });

    it('should refuse an If-Match naming another record, and weak ETags', async () => {
      const { org, headers } = await orgWithTokens(t.services);
      const a = await t.app.inject({
        method: 'POST',
        url: `/api/v1/orgs/${org.slug}/incidents`,
        headers: headers.owner,
        payload: incidentInput(),
      });
      const b = await t.app.inject({
        method: 'POST',
        url: `/api/v1/orgs/${org.slug}/incidents`,
        headers: headers.owner,
        payload: incidentInput(),
      });
      const url = `/api/v1/orgs/${org.slug}/incidents/${body(a).slug}`;
      const other = await t.app.inject({
        method: 'PATCH',
        url,
        headers: { ...headers.owner, 'if-match': b.headers.etag as string },
        payload: { severity: 1 },
      });
      expect(other.statusCode).toBe(412);
      const weak = await t.app.inject({
        method: 'PATCH',
        url,
        headers: { ...headers.owner, 'if-match': `W/${a.headers.etag}` },
        payload: { severity: 1 },
      });
      expect(weak.statusCode).toBe(400);
    });

    it('should refuse a slug that looks like a record id', async () => {
      const { org, headers } = await orgWithTokens(t.services);
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/orgs/${org.slug}/incidents`,
        headers: headers.owner,
        payload: incidentInput({ slug: '01a21304-94b1-74a8-88e1-7cc67206383c' }),
      });
      expect(res.statusCode).toBe(400);
      expect(problem(res).errors![0]!.path).toBe('body.slug');
    });

    it('should answer 409 with the unmet rules when a stage gate refuses', async () => {
      const { org, headers } = await orgWithTokens(t.services);
      const incident = await makeIncident(t.services, org.slug);
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/orgs/${org.slug}/incidents/${incident.slug}/transitions`,
        headers: headers.owner,
        payload: { to: 'diagnose' },
      });
      expect(res.statusCode).toBe(409);
      const p = problem(res);
      expect(p.code).toBe('transition_refused');
      expect(p.errors!.map((e) => e.rule)).toEqual(['GD-D1', 'GD-D1']);
      expect(p.errors![0]!.remedy).toMatch(/investigation owner/);
    });

    it('should answer 400 for a cursor it did not issue', async () => {
      const { org, headers } = await orgWithTokens(t.services);
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/orgs/${org.slug}/incidents?cursor=%25%25`,
        headers: headers.owner,
      });
      expect(res.statusCode).toBe(400);
    });
  });

  describe('happy paths', () => {
    it('should declare an incident with Location and ETag, then read it by slug', async () => {
      const { org, headers } = await orgWithTokens(t.services);
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/orgs/${org.slug}/incidents`,
        headers: headers.owner,
        payload: incidentInput({ title: 'Payroll bucket exposed' }),
      });
      expect(res.statusCode).toBe(201);
      const created = body(res);
      expect(res.headers.location).toBe(`/api/v1/orgs/${org.slug}/incidents/${created.id}`);
      expect(res.headers.etag).toBe(`"${created.id}.1"`);
      expect(created).toMatchObject({
        slug: 'payroll-bucket-exposed',
        stage: 'respond',
        cluster: 'accidental',
      });
      expect(created.readiness.next).toBe('diagnose');
      const bySlug = await t.app.inject({
        method: 'GET',
        url: `/api/v1/orgs/${org.slug}/incidents/payroll-bucket-exposed`,
        headers: headers.owner,
      });
      expect(body(bySlug).id).toBe(created.id);
    });

    it('should replay a create with the same Idempotency-Key and refuse the key for another body', async () => {
      const { org, headers } = await orgWithTokens(t.services);
      const url = `/api/v1/orgs/${org.slug}/incidents`;
      const h = { ...headers.owner, 'idempotency-key': 'retry-1' };
      const payload = incidentInput({ title: 'Retried' });
      const a = await t.app.inject({ method: 'POST', url, headers: h, payload });
      const b = await t.app.inject({ method: 'POST', url, headers: h, payload });
      expect(b.statusCode).toBe(201);
      expect(b.headers['idempotent-replayed']).toBe('true');
      expect(body(b).id).toBe(body(a).id);
      const c = await t.app.inject({
        method: 'POST',
        url,
        headers: h,
        payload: { ...payload, title: 'Different' },
      });
      expect(c.statusCode).toBe(422);
      const list = await t.app.inject({ method: 'GET', url, headers: headers.owner });
      expect(body(list).items).toHaveLength(1);
    });

    it('should page through incidents with a cursor, newest first', async () => {
      const { org, headers } = await orgWithTokens(t.services);
      for (let i = 0; i < 5; i++) await makeIncident(t.services, org.slug, { title: `Incident ${i}` });
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: Awaited<ReturnType<typeof t.app.inject>> = await t.app.inject({
          method: 'GET',
          url: `/api/v1/orgs/${org.slug}/incidents?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          headers: headers.owner,
        });
        const page: { items: { title: string }[]; nextCursor: string | null } = body(res);
        seen.push(...page.items.map((i: { title: string }) => i.title));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(['Incident 4', 'Incident 3', 'Incident 2', 'Incident 1', 'Incident 0']);
    });

    it('should move an incident forward when its gate is met and back with a reason', async () => {
      const { org, headers } = await orgWithTokens(t.services);
      const incident = await makeIncident(t.services, org.slug, {
        investigationOwner: 'Maya Chen',
        disclosedAt: new Date().toISOString(),
        detectedAt: new Date(Date.now() - 3_600_000).toISOString(),
      });
      const url = `/api/v1/orgs/${org.slug}/incidents/${incident.id}/transitions`;
      const fwd = await t.app.inject({
        method: 'POST',
        url,
        headers: headers.owner,
        payload: { to: 'diagnose' },
      });
      expect(fwd.statusCode).toBe(200);
      expect(body(fwd).stage).toBe('diagnose');
      await t.services.rootCauses.create(SYSTEM, org.slug, incident.id, rootCauseInput());
      const back = await t.app.inject({
        method: 'POST',
        url,
        headers: headers.owner,
        payload: { to: 'respond' },
      });
      expect(back.statusCode).toBe(400);
      const backed = await t.app.inject({
        method: 'POST',
        url,
        headers: headers.owner,
        payload: { to: 'respond', reason: 'Wrong owner named' },
      });
      expect(body(backed).stage).toBe('respond');
      const skip = await t.app.inject({
        method: 'POST',
        url,
        headers: headers.owner,
        payload: { to: 'reform' },
      });
      expect(skip.statusCode).toBe(409);
    });

    it('should search titles literally, wildcards included', async () => {
      const { org, headers } = await orgWithTokens(t.services);
      await makeIncident(t.services, org.slug, { title: 'Outage at 100% load' });
      await makeIncident(t.services, org.slug, { title: 'Outage at 1000 users' });
      await makeIncident(t.services, org.slug, { title: 'data_breach in Payroll' });
      await makeIncident(t.services, org.slug, { title: 'databreach elsewhere' });
      const search = async (q: string) =>
        body(
          await t.app.inject({
            url: `/api/v1/orgs/${org.slug}/incidents?q=${encodeURIComponent(q)}`,
            headers: headers.owner,
          }),
        ).items.map((i: { title: string }) => i.title);
      expect(await search('100%')).toEqual(['Outage at 100% load']);
      expect(await search('data_breach')).toEqual(['data_breach in Payroll']);
      expect(await search('PAYROLL')).toEqual(['data_breach in Payroll']);
    });

    it('should report say–do across the organization', async () => {
      const { org, headers } = await orgWithTokens(t.services);
      await makeIncident(t.services, org.slug);
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/orgs/${org.slug}/metrics`,
        headers: headers.owner,
      });
      expect(res.statusCode).toBe(200);
      expect(body(res)).toMatchObject({
        incidents: 1,
        stages: { respond: 1 },
        sayDo: { total: 0, ratio: null },
      });
    });
  });
});
