import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config/env.ts';
import type { Services } from '../container.ts';
import { createServices } from '../container.ts';
import type { TestDb } from '../../test/db.ts';
import { createTestDb, dialects } from '../../test/db.ts';
import { SYSTEM, makeOrg } from '../../test/factories.ts';
import { AnalysisWorker } from './analysis.worker.ts';

describe.each(await dialects())('feedback analysis on %s', (dialect) => {
  let db: TestDb;
  let s: Services;
  beforeAll(async () => {
    db = await createTestDb(dialect);
    s = createServices(testConfig(), db.conn);
  });
  afterAll(async () => db?.drop());

  it('should analyse what was written unanalysed, and only once', async () => {
    const org = (await makeOrg(s)).slug;
    await s.feedback.submitPublic(org, { text: 'I no longer trust you with my bank details.' }, '10.0.0.1');
    await s.feedback.submitPublic(org, { text: 'The breach notice was very clear, thank you.' }, '10.0.0.2');
    const worker = new AnalysisWorker(s);
    expect(await worker.runOnce()).toBe(2);
    expect(await worker.runOnce()).toBe(0);
    const items = (await s.feedback.list(SYSTEM, org, {}, { limit: 10 })).items;
    const byText = Object.fromEntries(items.map((f) => [f.text, f]));
    expect(byText['I no longer trust you with my bank details.']).toMatchObject({
      sentiment: 'negative',
      language: 'en',
      themes: expect.arrayContaining(['Personal data', 'Trust']),
    });
    expect(byText['The breach notice was very clear, thank you.']).toMatchObject({ sentiment: 'positive' });
    expect(items.every((f) => f.analysedAt)).toBe(true);
  });
});
