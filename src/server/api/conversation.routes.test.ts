import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { body, createTestApp, orgWithTokens, problem } from '../../../test/app.ts';
import { dialects } from '../../../test/db.ts';
import { SYSTEM, makeIncident } from '../../../test/factories.ts';
import type { Role } from '../../shared/enums.ts';

const NOW = new Date('2026-04-01T12:00:00.000Z');

function conversation(over: object = {}) {
  return {
    incident: 'card-leak',
    kind: 'one_on_one',
    name: 'Northwind Bank (account manager)',
    audience: 'partners',
    attendees: ['Dana (Northwind)', 'Lee (our CTO)'],
    heldAt: '2026-03-30T15:00:00Z',
    notes: 'Tense at first; agreed to weekly updates.',
    concerns: [
      'They heard about the leak from the press before us.',
      'Want proof the keys were rotated; call Dana on +44 20 7946 0958.',
    ],
    ...over,
  };
}

describe.each(await dialects())('conversation notes on %s', (dialect) => {
  let t: TestApp;
  let org: string;
  let headers: Record<Role, { authorization: string }>;
  let other: { org: string; headers: { authorization: string }; id: string };

  const post = (payload: object, h: object = headers.communicator, extra: object = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${org}/conversations`,
      headers: { ...h, ...extra },
      payload,
    });
  const get = (url: string, h: Record<string, string> = headers.viewer) =>
    t.app.inject({ method: 'GET', url: `/api/v1/orgs/${org}/${url}`, headers: h });

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, () => NOW);
    const home = await orgWithTokens(t.services, ['owner', 'editor', 'communicator', 'leader', 'viewer']);
    org = home.org.slug;
    headers = home.headers;
    await makeIncident(t.services, org, { slug: 'card-leak' });
    await makeIncident(t.services, org, { slug: 'other-thing' });
    const theirs = await orgWithTokens(t.services, ['owner']);
    await makeIncident(t.services, theirs.org.slug, { slug: 'card-leak' });
    const created = await t.services.conversations.create(SYSTEM, theirs.org.slug, {
      ...conversation(),
      kind: 'group',
    });
    other = { org: theirs.org.slug, headers: theirs.headers.owner, id: created.record.conversation.id };
  });
  afterAll(async () => t?.close());

  it('should answer 401, 403 for roles without feedback:write, and 404 for another organization', async () => {
    expect((await post(conversation(), {})).statusCode).toBe(401);
    expect((await post(conversation(), headers.viewer)).statusCode).toBe(403);
    expect((await post(conversation(), headers.leader)).statusCode).toBe(403);
    expect((await post(conversation(), other.headers)).statusCode).toBe(404);
    expect((await get('conversations', {})).statusCode).toBe(401);
    expect((await get('conversations', other.headers)).statusCode).toBe(404);
    // Their conversation, through our organization: not found, and nothing of it shown.
    const theirs = await get(`conversations/${other.id}`);
    expect(theirs.statusCode).toBe(404);
    expect(theirs.body).not.toContain('Northwind');
  });

  it('should answer 400 for bad input', async () => {
    const cases: [object, string][] = [
      [conversation({ concerns: [] }), 'body.concerns'],
      [conversation({ kind: 'townhall' }), 'body.kind'],
      [conversation({ heldAt: 'yesterday' }), 'body.heldAt'],
      [conversation({ heldAt: '2026-05-01T00:00:00Z' }), 'body.heldAt'],
      [conversation({ audience: 'Everyone!' }), 'body.audience'],
      [conversation({ concerns: ['ok', 'bell\u0007'] }), 'body.concerns.1'],
      [conversation({ name: '' }), 'body.name'],
      [conversation({ surprise: 1 }), 'body'],
    ];
    for (const [payload, path] of cases) {
      const res = await post(payload);
      expect(res.statusCode, path).toBe(400);
      expect(
        problem(res)
          .errors?.map((e) => e.path)
          .join(' '),
        path,
      ).toContain(path);
    }
    expect((await post(conversation({ incident: 'nope' }))).statusCode).toBe(404);
  });

  it('should record a conversation, turning each concern into a feedback item linked to it', async () => {
    const res = await post(conversation(), headers.communicator, { 'idempotency-key': 'conv-1' });
    expect(res.statusCode).toBe(201);
    const c = body(res);
    expect(res.headers.location).toBe(`/api/v1/orgs/${org}/conversations/${c.id}`);
    expect(c).toMatchObject({
      kind: 'one_on_one',
      name: 'Northwind Bank (account manager)',
      audience: 'partners',
      attendees: ['Dana (Northwind)', 'Lee (our CTO)'],
      heldAt: '2026-03-30T15:00:00.000Z',
      notes: 'Tense at first; agreed to weekly updates.',
      createdBy: expect.stringMatching(/^token/),
      version: 1,
    });
    expect(c.concerns.map((x: { text: string }) => x.text)).toEqual([
      'They heard about the leak from the press before us.',
      'Want proof the keys were rotated; call Dana on [phone removed].',
    ]);
    expect(c.concerns[1].redacted).toBe(true);
    // A retry with the same key gives the same conversation, not a second one.
    const retry = await post(conversation(), headers.communicator, { 'idempotency-key': 'conv-1' });
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(body(retry).id).toBe(c.id);

    // The concerns are feedback: in the inbox, unanalysed until the worker runs, then analysed.
    const inbox = body(await get('feedback?channel=one_on_one&incident=card-leak'));
    expect(inbox.items.map((f: { id: string }) => f.id).sort()).toEqual(
      c.concerns.map((x: { id: string }) => x.id).sort(),
    );
    expect(inbox.items[0]).toMatchObject({ audience: 'partners', consent: false, analysedAt: null });
    expect(await t.services.feedback.analysePending()).toBeGreaterThanOrEqual(2);
    const detail = body(await get(`conversations/${c.id}`));
    expect(detail.concerns.every((x: { analysedAt: string | null }) => x.analysedAt !== null)).toBe(true);

    // One audit event for the conversation, without what was said.
    const events = await t.services.audit.list(SYSTEM, org, { recordId: c.id }, { limit: 10 });
    expect(events.items.map((e) => [e.action, e.after])).toEqual([
      ['conversation_recorded', { kind: 'one_on_one', heldAt: '2026-03-30T15:00:00.000Z', concerns: 2 }],
    ]);
  });

  it('should list conversations newest first, by incident, page by page', async () => {
    const group = body(
      await post(
        conversation({
          kind: 'group',
          name: 'Employee town hall',
          audience: 'employees',
          concerns: ['Jobs?'],
        }),
        headers.editor,
      ),
    );
    expect(group.concerns).toHaveLength(1);
    const elsewhere = body(await post(conversation({ incident: 'other-thing' }), headers.owner));
    const unlinked = body(await post(conversation({ incident: undefined }), headers.owner));
    expect(unlinked.incidentId).toBeNull();
    const groupItems = body(await get('feedback?channel=group'));
    expect(groupItems.items.map((f: { text: string }) => f.text)).toEqual(['Jobs?']);

    const all = body(await get('conversations?limit=2'));
    expect(all.items.map((x: { id: string }) => x.id)).toEqual([unlinked.id, elsewhere.id]);
    expect(all.items[0]).not.toHaveProperty('concerns');
    const next = body(await get(`conversations?limit=2&cursor=${all.nextCursor}`));
    expect(next.items[0].id).toBe(group.id);
    const byIncident = body(await get('conversations?incident=other-thing'));
    expect(byIncident.items.map((x: { id: string }) => x.id)).toEqual([elsewhere.id]);
    expect((await get('conversations?incident=nope')).statusCode).toBe(404);
    expect((await get('conversations?cursor=zzz')).statusCode).toBe(400);
  });
});
