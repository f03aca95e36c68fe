import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/app.ts';
import { createTestApp } from '../../test/app.ts';
import { SYSTEM, makeIncident, makeOrg } from '../../test/factories.ts';

describe('public feedback', () => {
  let t: TestApp;
  let org: string;
  let slug: string;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { feedbackRateLimit: 1000 });
    org = (await makeOrg(t.services)).slug;
    slug = (await makeIncident(t.services, org)).slug;
  });
  afterAll(async () => t?.close());

  const post = (payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/public/${org}/feedback`,
      payload: payload as object,
      headers: { 'x-forwarded-for': '10.1.1.1', ...headers },
    });

  async function stored() {
    return (await t.services.feedback.list(SYSTEM, org, {}, { limit: 200 })).items;
  }

  it('should store a submission once it is committed, redacted, with the client address only as a hash', async () => {
    const res = await post({
      text: 'Call me on +44 20 7946 0958 or jane@example.test. I no longer trust you.',
      incident: slug,
      rating: 2,
    });
    expect(res.statusCode).toBe(201);
    const { id } = JSON.parse(res.body);
    const item = (await stored()).find((f) => f.id === id)!;
    expect(item.text).toBe('Call me on [phone removed] or [e-mail removed]. I no longer trust you.');
    expect(item).toMatchObject({
      redacted: true,
      channel: 'form',
      consent: false,
      contactEmail: null,
      ratings: { rating: 2 },
    });
    expect(item.incidentId).not.toBeNull();
    expect(item.clientHash).toBeTruthy();
    expect(JSON.stringify(item)).not.toContain('127.0.0.1');
  });

  it('should keep contact details only with consent', async () => {
    const without = JSON.parse((await post({ text: 'Please fix it', email: 'a@example.test' })).body).id;
    const withConsent = JSON.parse(
      (await post({ text: 'Please fix it', email: 'B@Example.test', name: 'Bea', consent: true })).body,
    ).id;
    const items = await stored();
    expect(items.find((f) => f.id === without)).toMatchObject({ consent: false, contactEmail: null });
    expect(items.find((f) => f.id === withConsent)).toMatchObject({
      consent: true,
      contactEmail: 'b@example.test',
      contactName: 'Bea',
    });
  });

  it('should refuse bad input with a 4xx and keep what was accepted', async () => {
    const before = (await stored()).length;
    expect((await post({ text: '' })).statusCode).toBe(400);
    expect((await post({ text: 'a\u0007b' })).statusCode).toBe(400);
    expect((await post({ text: 'x', extra: 1 })).statusCode).toBe(400);
    expect((await post({ text: 'x'.repeat(20_000) })).statusCode).toBe(413);
    const invalidUtf8 = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/${org}/feedback`,
      headers: { 'content-type': 'application/json' },
      payload: Buffer.concat([Buffer.from('{"text":"bad '), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]),
    });
    expect(invalidUtf8.statusCode).toBeLessThan(500);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/public/no-such-org/feedback',
          payload: { text: 'hi' },
        })
      ).statusCode,
    ).toBe(404);
    const bot = await post({ text: 'spam', website: 'http://spam.test' });
    expect(bot.statusCode).toBe(201);
    const after = await stored();
    expect(after.length).toBe(before + (invalidUtf8.statusCode === 201 ? 1 : 0));
  });

  it('should take the form on the public page without JavaScript', async () => {
    const form = (body: string) =>
      t.app.inject({
        method: 'POST',
        url: `/${org}/feedback`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: body,
      });
    const ok = await form(
      `text=The+breach+notice+was+clear&incident=${slug}&email=c%40example.test&consent=yes`,
    );
    expect(ok.statusCode).toBe(201);
    expect(ok.body).toContain('Thank you');
    expect((await form('text=')).statusCode).toBe(400);
    const item = (await stored()).find((f) => f.text === 'The breach notice was clear')!;
    expect(item).toMatchObject({ consent: true, contactEmail: 'c@example.test' });
  });

  it('should write a burst of concurrent submissions, every acknowledged one present once', async () => {
    const before = (await stored()).length;
    const ids = await Promise.all(
      Array.from(
        { length: 150 },
        async (_, i) =>
          JSON.parse((await post({ text: `Burst ${i}` }, { 'x-forwarded-for': `10.2.0.${i % 200}` })).body)
            .id as string,
      ),
    );
    expect(new Set(ids).size).toBe(150);
    const all = await t.services.feedback.list(SYSTEM, org, {}, { limit: 200 });
    expect(all.items.length).toBe(Math.min(200, before + 150));
  });

  it('should rate-limit floods with 429 and Retry-After', async () => {
    const limited = await createTestApp('sqlite', { feedbackRateLimit: 3 });
    try {
      const o = (await makeOrg(limited.services)).slug;
      const codes: number[] = [];
      let retry: string | undefined;
      for (let i = 0; i < 5; i++) {
        const r = await limited.app.inject({
          method: 'POST',
          url: `/api/v1/public/${o}/feedback`,
          payload: { text: `flood ${i}` },
        });
        codes.push(r.statusCode);
        if (r.statusCode === 429) retry = r.headers['retry-after'] as string;
      }
      expect(codes).toEqual([201, 201, 201, 429, 429]);
      expect(Number(retry)).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});
