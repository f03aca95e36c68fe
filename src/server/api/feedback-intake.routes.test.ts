import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { body, createTestApp, orgWithTokens, problem } from '../../../test/app.ts';
import { dialects } from '../../../test/db.ts';
import { SYSTEM, makeIncident, makeMember } from '../../../test/factories.ts';
import type { Role } from '../../shared/enums.ts';

const CSV = 'id,text,nps\nc-1,The app lost my data,2\nc-2,,5\nc-3,Slow refund,12\nc-4,Fixed now thanks,9\n';

describe.each(await dialects())('feedback intake over HTTP on %s', (dialect) => {
  let t: TestApp;
  let org: string;
  let headers: Record<Role, { authorization: string }>;
  let otherHeaders: { authorization: string };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const home = await orgWithTokens(t.services, ['owner', 'editor', 'communicator', 'viewer', 'analyst']);
    org = home.org.slug;
    headers = home.headers;
    await makeIncident(t.services, org, { slug: 'app-outage' });
    otherHeaders = (await orgWithTokens(t.services, ['owner'])).headers.owner;
  });
  afterAll(async () => t?.close());

  const inbound = (payload: unknown, h: Record<string, string> = headers.editor) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${org}/feedback/inbound`,
      headers: h,
      payload: payload as object,
    });

  describe('POST /feedback/imports', () => {
    const upload = (
      payload: string,
      type = 'text/csv',
      query = 'source=helpdesk',
      h: object = headers.editor,
    ) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/orgs/${org}/feedback/imports?${query}`,
        headers: { ...h, 'content-type': type },
        payload,
      });

    it('should answer 401 without credentials, 403 for a viewer, 404 for another organization', async () => {
      expect((await upload(CSV, 'text/csv', 'source=x', {})).statusCode).toBe(401);
      const viewer = await upload(CSV, 'text/csv', 'source=x', headers.viewer);
      expect(viewer.statusCode).toBe(403);
      expect(problem(viewer).detail).toMatch(/does not allow feedback write/);
      expect((await upload(CSV, 'text/csv', 'source=x', otherHeaders)).statusCode).toBe(404);
    });

    it('should answer 400 without a source, for an empty body, a bad header or unknown incident', async () => {
      const noSource = await upload(CSV, 'text/csv', '');
      expect(noSource.statusCode).toBe(400);
      expect(problem(noSource).errors?.[0]?.path).toBe('querystring.source');
      expect((await upload('', 'text/csv')).statusCode).toBe(400);
      const header = await upload('name,comment\nA,B\n');
      expect(header.statusCode).toBe(400);
      expect(problem(header).detail).toMatch(/header with an "id" column/);
      expect((await upload(CSV, 'text/csv', 'source=x&incident=nope')).statusCode).toBe(404);
      expect((await upload('{"id":1}', 'application/xml')).statusCode).toBe(415);
      expect((await upload('[1,2', 'application/json', 'source=x')).statusCode).toBe(422);
    });

    it('should import a CSV, answer 422 listing refused rows while keeping the rest, and add nothing twice', async () => {
      const res = await upload(CSV);
      expect(res.statusCode).toBe(422);
      const p = body(res);
      expect(p).toMatchObject({
        status: 422,
        code: 'validation',
        read: 4,
        added: 2,
        duplicates: 0,
        rejectedCount: 2,
        rejected: [
          { row: 3, reason: 'text: is required' },
          { row: 4, reason: 'nps: must be a whole number from 0 to 10, not 12' },
        ],
        errors: [
          { path: 'rows.3', message: 'text: is required' },
          { path: 'rows.4', message: 'nps: must be a whole number from 0 to 10, not 12' },
        ],
      });
      const again = body(await upload(CSV));
      expect(again).toMatchObject({ read: 4, added: 0, duplicates: 2 });
      const good = await upload(
        JSON.stringify([{ id: 'j-1', text: 'All good', incident: 'app-outage' }]),
        'application/json',
      );
      expect(good.statusCode).toBe(200);
      expect(body(good)).toMatchObject({ read: 1, added: 1, rejected: [] });
      const nd = await upload(
        '{"id":"n-1","text":"one"}\n{"id":"n-2","text":"two"}\n',
        'application/x-ndjson',
      );
      expect(body(nd)).toMatchObject({ read: 2, added: 2 });
      const inbox = body(
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/orgs/${org}/feedback?channel=import&limit=50`,
          headers: headers.viewer,
        }),
      );
      expect(inbox.items.map((f: { text: string }) => f.text).sort()).toEqual([
        'All good',
        'Fixed now thanks',
        'The app lost my data',
        'one',
        'two',
      ]);
    });

    it('should answer 413 for a body over the limit', async () => {
      const big = `id,text\n${'x,'.padEnd(33 * 1024 * 1024, 'y')}\n`;
      const res = await upload(big);
      expect(res.statusCode).toBe(413);
      expect(problem(res).code).toBe('payload_too_large');
    });
  });

  describe('POST /feedback/inbound', () => {
    const item = (n: string, over: object = {}) => ({
      source: 'statuspage',
      sourceId: n,
      text: `Inbound ${n}`,
      ...over,
    });

    it('should answer 401 without a token, 403 for a viewer or a session, 404 for another organization’s token', async () => {
      const none = await inbound(item('a'), {});
      expect(none.statusCode).toBe(401);
      const bad = await inbound(item('a'), { authorization: 'Bearer amends_nope' });
      expect(bad.statusCode).toBe(401);
      expect((await inbound(item('a'), headers.viewer)).statusCode).toBe(403);
      expect((await inbound(item('a'), headers.analyst)).statusCode).toBe(403);
      expect((await inbound(item('a'), otherHeaders)).statusCode).toBe(404);
      // A person signed in to the console is not a tool: the webhook takes tokens only.
      const m = await makeMember(t.services, org, 'owner');
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: m.email, password: m.password },
      });
      const cookie = login.headers['set-cookie'] as string | string[];
      const cookies = [cookie]
        .flat()
        .map((c) => c.split(';')[0])
        .join('; ');
      const csrf = body(login).csrfToken as string;
      const session = await inbound(item('a'), { cookie: cookies, 'x-csrf-token': csrf });
      expect(session.statusCode).toBe(403);
      expect(problem(session).detail).toMatch(/API token/);
    });

    it('should answer 400 for a body that is not an item or a batch', async () => {
      expect((await inbound([item('a')])).statusCode).toBe(400);
      expect((await inbound({ items: [] })).statusCode).toBe(400);
      expect((await inbound({ items: 'x' })).statusCode).toBe(400);
      expect((await inbound({ items: [item('a')], extra: 1 })).statusCode).toBe(400);
    });

    it('should take one item, then the same again without adding it', async () => {
      for (const role of ['editor', 'communicator', 'owner'] as const) {
        const res = await inbound(item(`one-${role}`), headers[role]);
        expect(res.statusCode, role).toBe(200);
        expect(body(res)).toMatchObject({ received: 1, added: 1, duplicates: 0 });
      }
      const first = body(await inbound(item('once', { email: 'Ana@Example.com', consent: true, nps: 3 })));
      expect(first.accepted).toEqual([
        { index: 0, sourceId: 'once', id: expect.any(String), duplicate: false },
      ]);
      const again = body(await inbound(item('once', { text: 'edited later' })));
      expect(again).toEqual({
        received: 1,
        added: 0,
        duplicates: 1,
        accepted: [{ index: 0, sourceId: 'once', id: null, duplicate: true }],
      });
      const list = body(
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/orgs/${org}/feedback?channel=webhook&limit=50`,
          headers: headers.viewer,
        }),
      );
      const stored = list.items.find((f: { id: string }) => f.id === first.accepted[0].id);
      expect(stored).toMatchObject({
        text: 'Inbound once',
        contactEmail: 'ana@example.com',
        consent: true,
        ratings: { nps: 3 },
        channel: 'webhook',
      });
      const single = await inbound({ sourceId: 'no-source', text: 'x' });
      expect(single.statusCode).toBe(422);
      expect(problem(single).errors).toEqual([
        { path: 'body', message: 'source: is required (the tool the item comes from)' },
      ]);
    });

    it('should take a batch, answering 422 for its bad items while keeping the good ones', async () => {
      const res = await inbound({
        items: [
          item('b-1', { incident: 'app-outage' }),
          item('b-2', { text: '' }),
          'not an object',
          item('b-3', { createdAt: '2020-02-30T00:00:00Z' }),
          item('b-4', { csat: 3 }),
          item('b-1'),
        ],
      });
      expect(res.statusCode).toBe(422);
      const p = body(res);
      expect(p).toMatchObject({ received: 6, added: 2, duplicates: 1 });
      expect(p.accepted.map((a: { index: number; duplicate: boolean }) => [a.index, a.duplicate])).toEqual([
        [0, false],
        [4, false],
        [5, true],
      ]);
      expect(p.errors).toEqual([
        { path: 'body.items.1', message: 'text: is required' },
        { path: 'body.items.2', message: 'must be a JSON object' },
        { path: 'body.items.3', message: 'created_at: "2020-02-30T00:00:00Z" is not a real date or time' },
      ]);
      // Re-sending the whole batch adds nothing.
      const again = body(await inbound({ items: [item('b-1'), item('b-4')] }));
      expect(again).toMatchObject({ added: 0, duplicates: 2 });
      // One audit event per request.
      const events = await t.services.audit.list(
        SYSTEM,
        org,
        { recordType: 'feedback_import' },
        { limit: 200 },
      );
      expect(events.items.filter((e) => e.action === 'feedback_received').length).toBeGreaterThanOrEqual(5);
    });

    it('should answer 413 for more than 1,000 items or a body over the limit', async () => {
      const many = await inbound({ items: Array.from({ length: 1001 }, (_, i) => item(`m-${i}`)) });
      expect(many.statusCode).toBe(413);
      expect(problem(many).detail).toMatch(/at most 1000 items/);
      const full = await inbound({ items: Array.from({ length: 1000 }, (_, i) => item(`full-${i}`)) });
      expect(full.statusCode).toBe(200);
      expect(body(full).added).toBe(1000);
      const huge = await inbound(item('huge', { text: 'x'.repeat(9 * 1024 * 1024) }));
      expect(huge.statusCode).toBe(413);
    });
  });
});
