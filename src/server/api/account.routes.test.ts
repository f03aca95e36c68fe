import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { body, createTestApp, orgWithTokens, problem } from '../../../test/app.ts';
import { incidentInput, makeMember, makeOrg } from '../../../test/factories.ts';

let now = new Date('2026-05-01T10:00:00Z');

function cookieOf(res: { headers: Record<string, unknown> }): string {
  const raw = [res.headers['set-cookie']].flat()[0] as string;
  return raw.split(';')[0]!;
}

describe('sign-in, sessions and tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(
      'sqlite',
      { loginAttempts: 3, loginWindowSeconds: 60, sessionTtlHours: 1 },
      () => now,
    );
  });
  afterAll(async () => t?.close());

  const login = (email: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });

  it('should give the same 401 for an unknown e-mail and a wrong password', async () => {
    const org = await makeOrg(t.services);
    const m = await makeMember(t.services, org.slug);
    const wrong = await login(m.email, 'not the password');
    const unknown = await login('nobody@example.test', 'whatever');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(problem(wrong).detail).toBe(problem(unknown).detail);
  });

  it('should store passwords as argon2id hashes', async () => {
    const org = await makeOrg(t.services);
    const m = await makeMember(t.services, org.slug);
    const user = await t.services.store.accounts.findUserByEmail(m.email);
    expect(user!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user!.passwordHash).not.toContain(m.password);
  });

  it('should refuse a cookie-authenticated write without the CSRF token', async () => {
    const org = await makeOrg(t.services);
    const m = await makeMember(t.services, org.slug, 'editor');
    const res = await login(m.email, m.password);
    const cookie = cookieOf(res);
    const url = `/api/v1/orgs/${org.slug}/incidents`;
    const noToken = await t.app.inject({
      method: 'POST',
      url,
      headers: { cookie },
      payload: incidentInput(),
    });
    expect(noToken.statusCode).toBe(403);
    expect(problem(noToken).code).toBe('csrf');
    const wrongToken = await t.app.inject({
      method: 'POST',
      url,
      headers: { cookie, 'x-csrf-token': 'guess' },
      payload: incidentInput(),
    });
    expect(wrongToken.statusCode).toBe(403);
    const ok = await t.app.inject({
      method: 'POST',
      url,
      headers: { cookie, 'x-csrf-token': body(res).csrfToken },
      payload: incidentInput(),
    });
    expect(ok.statusCode).toBe(201);
  });

  it('should set an HttpOnly SameSite session cookie and end it on logout', async () => {
    const org = await makeOrg(t.services);
    const m = await makeMember(t.services, org.slug, 'viewer');
    const res = await login(m.email.toUpperCase(), m.password);
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(body(res).memberships).toEqual([{ org: org.slug, orgName: org.name, role: 'viewer' }]);
    const cookie = cookieOf(res);
    const session = await t.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie } });
    expect(session.statusCode).toBe(200);
    expect(body(session).user.email).toBe(m.email);
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, 'x-csrf-token': body(res).csrfToken },
    });
    expect(out.statusCode).toBe(204);
    const after = await t.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${org.slug}/incidents`,
      headers: { cookie },
    });
    expect(after.statusCode).toBe(401);
  });

  it('should let a signed-in person sign in again without a CSRF token', async () => {
    const org = await makeOrg(t.services);
    const m = await makeMember(t.services, org.slug, 'viewer');
    const cookie = cookieOf(await login(m.email, m.password));
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { cookie },
      payload: { email: m.email, password: m.password },
    });
    expect(again.statusCode).toBe(200);
  });

  it('should add a member with a generated password shown once, and keep the last owner', async () => {
    const { org, headers } = await orgWithTokens(t.services, ['owner', 'admin']);
    const added = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${org.slug}/members`,
      headers: headers.owner,
      payload: { email: 'new.person@example.test', role: 'editor' },
    });
    expect(added.statusCode).toBe(200);
    const { userId, password } = body(added);
    expect(password).toMatch(/^\S{20}$/);
    expect((await login('new.person@example.test', password)).statusCode).toBe(200);
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${org.slug}/members`,
      headers: headers.owner,
      payload: { email: 'new.person@example.test', role: 'viewer' },
    });
    expect(body(again).password).toBeUndefined();
    expect((await login('new.person@example.test', password)).statusCode).toBe(200);
    const asAdmin = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${org.slug}/members`,
      headers: headers.admin,
      payload: { email: 'someone@example.test', role: 'owner' },
    });
    expect(asAdmin.statusCode).toBe(403);
    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/orgs/${org.slug}/members/${userId}`,
      headers: headers.owner,
    });
    expect(removed.statusCode).toBe(204);
    const owner = await makeMember(t.services, org.slug, 'owner');
    const last = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/orgs/${org.slug}/members/${owner.user.id}`,
      headers: headers.owner,
    });
    expect(last.statusCode).toBe(409);
  });

  it('should expire sessions after their lifetime', async () => {
    const org = await makeOrg(t.services);
    const m = await makeMember(t.services, org.slug, 'viewer');
    const cookie = cookieOf(await login(m.email, m.password));
    now = new Date(now.getTime() + 2 * 3_600_000);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${org.slug}/incidents`,
      headers: { cookie },
    });
    expect(res.statusCode).toBe(401);
  });

  it('should rate-limit sign-in attempts with 429 and Retry-After', async () => {
    const org = await makeOrg(t.services);
    const m = await makeMember(t.services, org.slug);
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await login(m.email, 'wrong password')).statusCode);
    expect(codes).toEqual([401, 401, 401, 429, 429]);
    const limited = await login(m.email, m.password);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(problem(limited).code).toBe('rate_limited');
  });

  it('should show a token once, never list its secret, and stop accepting it once revoked', async () => {
    const { org, headers } = await orgWithTokens(t.services, ['owner']);
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${org.slug}/tokens`,
      headers: headers.owner,
      payload: { name: 'ci', role: 'viewer' },
    });
    expect(created.statusCode).toBe(201);
    const { token, id } = body(created);
    expect(token).toMatch(/^amends_/);
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${org.slug}/tokens`,
      headers: headers.owner,
    });
    expect(list.body).not.toContain(token);
    const stored = await t.services.store.accounts.listTokens(
      (await t.services.store.accounts.findOrganizationBySlug(org.slug))!.id,
    );
    expect(JSON.stringify(stored)).not.toContain(token);
    const use = () =>
      t.app.inject({
        method: 'GET',
        url: `/api/v1/orgs/${org.slug}/incidents`,
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await use()).statusCode).toBe(200);
    const revoked = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/orgs/${org.slug}/tokens/${id}`,
      headers: headers.owner,
    });
    expect(revoked.statusCode).toBe(200);
    expect((await use()).statusCode).toBe(401);
  });

  it('should scope a token to its organization and list only that one', async () => {
    const { org, headers } = await orgWithTokens(t.services, ['viewer']);
    await makeOrg(t.services);
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/orgs', headers: headers.viewer });
    expect(body(res).items.map((o: { slug: string }) => o.slug)).toEqual([org.slug]);
    const create = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: headers.viewer,
      payload: { slug: 'new-org', name: 'New' },
    });
    expect(create.statusCode).toBe(403);
  });

  it('should let a signed-in person create an organization they then own', async () => {
    const org = await makeOrg(t.services);
    const m = await makeMember(t.services, org.slug, 'viewer');
    const res = await login(m.email, m.password);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: { cookie: cookieOf(res), 'x-csrf-token': body(res).csrfToken },
      payload: { slug: `own-${org.slug}`, name: 'Mine' },
    });
    expect(created.statusCode).toBe(201);
    expect(body(created).role).toBe('owner');
    const taken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: { cookie: cookieOf(res), 'x-csrf-token': body(res).csrfToken },
      payload: { slug: `own-${org.slug}`, name: 'Again' },
    });
    expect(taken.statusCode).toBe(409);
  });
});
