import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config/env.ts';
import type { Services } from '../container.ts';
import { createServices } from '../container.ts';
import { AppError } from '../domain/errors.ts';
import type { TestDb } from '../../test/db.ts';
import { createTestDb, dialects } from '../../test/db.ts';
import { SYSTEM, actionInput, makeIncident, makeMember, makeOrg } from '../../test/factories.ts';

describe.each(await dialects())('theme rules on %s', (dialect) => {
  let db: TestDb;
  let s: Services;
  beforeAll(async () => {
    db = await createTestDb(dialect);
    s = createServices(testConfig(), db.conn);
  });
  afterAll(async () => db?.drop());

  async function setup() {
    const org = (await makeOrg(s)).slug;
    const incident = await makeIncident(s, org);
    const submit = (text: string) =>
      s.feedback.submitPublic(org, { text, incident: incident.slug }, '10.0.0.1');
    return { org, incident, submit };
  }
  const analyse = async () => {
    while ((await s.feedback.analysePending()) > 0) {
      /* all of it */
    }
  };
  const themesOf = async (org: string) =>
    Object.fromEntries(
      (await s.feedback.list(SYSTEM, org, {}, { limit: 100 })).items.map((f) => [f.text, f.themes]),
    );

  it('should use the built-in themes until the organization changes one', async () => {
    const { org } = await setup();
    const r = await s.themes.list(SYSTEM, org);
    expect(r.customized).toBe(false);
    expect(r.rules.map((x) => x.name)).toContain('Compensation');
  });

  it('should rename a theme with its items and the actions linked to it, so the loop still reaches them', async () => {
    const { org, incident, submit } = await setup();
    await submit('Where is my refund?');
    await submit('A voucher is not enough, and the helpline is slow.');
    await analyse();
    const action = (await s.actions.create(SYSTEM, org, incident.id, actionInput())).record;
    await s.feedback.linkToAction(SYSTEM, org, action.id, { themes: ['Compensation'] });

    const renamed = await s.themes.rename(SYSTEM, org, 'Compensation', 'Refunds and vouchers');
    expect(renamed.items).toBe(2);
    const list = await s.themes.list(SYSTEM, org);
    expect(list.customized).toBe(true);
    expect(list.rules.map((r) => r.name)).toContain('Refunds and vouchers');
    expect(list.rules.map((r) => r.name)).not.toContain('Compensation');
    const themes = await themesOf(org);
    expect(themes['Where is my refund?']).toEqual(['Refunds and vouchers']);
    expect(themes['A voucher is not enough, and the helpline is slow.']).toEqual(
      expect.arrayContaining(['Refunds and vouchers', 'Support']),
    );
    const loop = await s.feedback.loopStatus(SYSTEM, org, action.id);
    expect(loop.targets).toEqual(['theme:Refunds and vouchers']);

    // New feedback is filed under the new name.
    await submit('I want my money back.');
    await analyse();
    expect((await themesOf(org))['I want my money back.']).toEqual(['Refunds and vouchers']);

    await expect(s.themes.rename(SYSTEM, org, 'Refunds and vouchers', 'Support')).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(s.themes.rename(SYSTEM, org, 'Nope', 'Other')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('should merge themes: terms united, items filed once under the survivor', async () => {
    const { org, submit } = await setup();
    await submit('The helpline took too long to answer.'); // Support and Speed
    await submit('Everything is slow.'); // Speed
    await analyse();
    const merged = await s.themes.merge(SYSTEM, org, ['Speed'], 'Support');
    expect(merged.rule.terms).toEqual(expect.arrayContaining(['helpline', 'slow']));
    expect(merged.items).toBe(2);
    const themes = await themesOf(org);
    expect(themes['The helpline took too long to answer.']).toEqual(['Support']);
    expect(themes['Everything is slow.']).toEqual(['Support']);
    expect((await s.themes.list(SYSTEM, org)).rules.map((r) => r.name)).not.toContain('Speed');
    await expect(s.themes.merge(SYSTEM, org, ['Ghost'], 'Support')).rejects.toBeInstanceOf(AppError);
  });

  it('should suggest recurring phrases nobody filed, and file the past again once a rule exists', async () => {
    const { org, incident, submit } = await setup();
    await submit('The mobile app outage ruined my morning.');
    await submit('Another outage tonight in the mobile app.');
    await submit('Thanks for nothing.');
    await analyse();
    const suggestions = await s.themes.suggestions(SYSTEM, org, incident.slug);
    expect(suggestions.map((x) => x.phrase)).toContain('outage');

    const rule = await s.themes.put(SYSTEM, org, 'Availability', ['Outage', ' outage ', 'down']);
    expect(rule.terms).toEqual(['outage', 'down']);
    const re = await s.themes.reapply(SYSTEM, org);
    expect(re).toEqual({ checked: 3, changed: 2 });
    expect((await themesOf(org))['Another outage tonight in the mobile app.']).toEqual(['Availability']);
    expect(await s.themes.reapply(SYSTEM, org)).toEqual({ checked: 3, changed: 0 });

    await s.themes.remove(SYSTEM, org, 'Availability');
    await expect(s.themes.remove(SYSTEM, org, 'Availability')).rejects.toMatchObject({ code: 'not_found' });
    await expect(s.themes.put(SYSTEM, org, 'Empty', ['  '])).rejects.toMatchObject({ code: 'validation' });
  });

  it("should keep each organization's rules to itself, and let only those allowed change them", async () => {
    const a = await setup();
    const b = await setup();
    await s.themes.put(SYSTEM, a.org, 'Outage', ['outage']);
    expect((await s.themes.list(SYSTEM, b.org)).customized).toBe(false);
    await b.submit('Another outage.');
    await analyse();
    expect((await themesOf(b.org))['Another outage.']).toEqual([]);

    const viewer = await makeMember(s, a.org, 'viewer');
    await expect(s.themes.put(viewer.ctx, a.org, 'X', ['x'])).rejects.toMatchObject({ code: 'forbidden' });
    const analyst = await makeMember(s, a.org, 'analyst');
    await expect(s.themes.put(analyst.ctx, a.org, 'X', ['x'])).resolves.toEqual({ name: 'X', terms: ['x'] });
    const outsider = await makeMember(s, b.org, 'owner');
    await expect(s.themes.list(outsider.ctx, a.org)).rejects.toMatchObject({ code: 'not_found' });
  });
});
