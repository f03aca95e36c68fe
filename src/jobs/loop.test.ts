import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config/env.ts';
import type { Services } from '../container.ts';
import { createServices } from '../container.ts';
import type { TestDb } from '../../test/db.ts';
import { createTestDb, dialects } from '../../test/db.ts';
import { startSmtp } from '../../test/mail.ts';
import {
  SYSTEM,
  actionInput,
  makeIncident,
  makeMember,
  makeOrg,
  statementInput,
} from '../../test/factories.ts';
import { AnalysisWorker } from './analysis.worker.ts';
import { DeliveryWorker } from './delivery.worker.ts';

describe.each(await dialects())('closing the loop on %s', (dialect) => {
  let db: TestDb;
  let s: Services;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let delivery: DeliveryWorker;
  beforeAll(async () => {
    db = await createTestDb(dialect);
    smtp = await startSmtp();
    const config = testConfig({ smtpUrl: smtp.url, publicUrl: 'https://trust.example.test' });
    s = createServices(config, db.conn);
    delivery = new DeliveryWorker(s, config);
  });
  afterAll(async () => {
    await delivery?.stop();
    await smtp?.close();
    await db?.drop();
  });

  it('should tell everyone who consented, once, when the action that answers their theme is done', async () => {
    const org = (await makeOrg(s)).slug;
    const incident = await makeIncident(s, org);
    const submit = (text: string, email?: string, consent = false) =>
      s.feedback.submitPublic(org, { text, incident: incident.slug, email, consent }, '10.0.0.9');
    await submit('Where is my refund? Still waiting.', 'ana@example.test', true);
    await submit('I want compensation for the exposed bank details.', 'ana@example.test', true); // same person, same theme
    await submit('A refund would be the least you can do.', 'ben@example.test', false); // no consent
    await submit('Refund me now.'); // anonymous
    const direct = await submit('Your helpline never answered.', 'cy@example.test', true);
    expect(await new AnalysisWorker(s).runOnce()).toBe(5);

    const action = (
      await s.actions.create(
        SYSTEM,
        org,
        incident.id,
        actionInput({ title: 'Refund every affected customer' }),
      )
    ).record;
    await s.feedback.linkToAction(SYSTEM, org, action.id, {
      themes: ['Compensation'],
      feedbackIds: [direct],
    });
    expect(await s.feedback.loopStatus(SYSTEM, org, action.id)).toMatchObject({
      people: 2,
      told: 0,
      waiting: 2,
    });

    await s.actions.update(SYSTEM, org, action.id, { status: 'done' }, undefined);
    while ((await delivery.runOnce()) > 0) {
      /* send everything due */
    }
    const loopMails = smtp.received.filter((m) => m.subject?.includes('here is what we did'));
    const to = loopMails.map((m) => JSON.stringify(m.to)).sort();
    expect(loopMails).toHaveLength(2);
    expect(to[0]).toContain('ana@example.test');
    expect(to[1]).toContain('cy@example.test');
    expect(loopMails[0]!.text).toContain('Refund every affected customer');
    expect(smtp.received.some((m) => JSON.stringify(m.to).includes('ben@example.test'))).toBe(false);

    // Verifying the action later does not write to the same people again.
    await s.actions.update(
      SYSTEM,
      org,
      action.id,
      {
        status: 'verified',
        verification: { metric: 'Refunds paid', target: '100%', result: '100%', evidence: [] },
      },
      undefined,
    );
    await delivery.runOnce();
    expect(smtp.received.filter((m) => m.subject?.includes('here is what we did'))).toHaveLength(2);
    expect(await s.feedback.loopStatus(SYSTEM, org, action.id)).toMatchObject({
      people: 2,
      told: 2,
      waiting: 0,
    });
    const items = (await s.feedback.list(SYSTEM, org, {}, { limit: 10 })).items;
    expect(items.filter((f) => f.loopClosedAt).length).toBe(5);

    // The public page shows the theme and what was done — never a person or their words.
    const comms = await makeMember(s, org, 'communicator');
    const leader = await makeMember(s, org, 'leader');
    const st = (await s.statements.create(comms.ctx, org, incident.slug, statementInput())).record.statement;
    await s.statements.submit(comms.ctx, org, st.id, undefined);
    await s.statements.review(leader.ctx, org, st.id, { decision: 'approved' });
    await s.statements.publish(comms.ctx, org, st.id, { overrideReason: 'test' }, undefined);
    const page = await s.disclosure.incidentPage(org, incident.slug, { audience: 'public' });
    expect(page.loop).toEqual([
      {
        theme: 'Compensation',
        actionId: action.id,
        actionTitle: 'Refund every affected customer',
        status: 'verified',
      },
    ]);
    expect(JSON.stringify(page)).not.toMatch(/ana@|helpline never answered|Refund me now/);
  });

  it('should tell people who raise an answered concern later, once, when their feedback is analysed', async () => {
    const org = (await makeOrg(s)).slug;
    const incident = await makeIncident(s, org);
    const action = (
      await s.actions.create(SYSTEM, org, incident.id, actionInput({ title: 'Refunds for all' }))
    ).record;
    await s.feedback.linkToAction(SYSTEM, org, action.id, { themes: ['Compensation'] });
    await s.actions.update(SYSTEM, org, action.id, { status: 'done' }, undefined);
    const submit = (text: string, email: string) =>
      s.feedback.submitPublic(org, { text, incident: incident.slug, email, consent: true }, '10.0.0.8');
    await submit('Where is my refund?', 'late@example.test');
    await submit('Still no refund for me.', 'late@example.test');
    await submit('The helpline is slow.', 'other@example.test'); // another theme: not answered by it
    await new AnalysisWorker(s).runOnce();
    const queued = await s.store.deliveries.listBySource(
      (await s.incidents.get(SYSTEM, org, incident.id)).incident.organizationId,
      'loop',
      action.id,
    );
    expect(queued.map((d) => d.recipient)).toEqual(['late@example.test']);
    await submit('Refund please!', 'late@example.test');
    await new AnalysisWorker(s).runOnce();
    expect(await s.store.deliveries.listBySource(queued[0]!.organizationId, 'loop', action.id)).toHaveLength(
      1,
    );
  });
});
