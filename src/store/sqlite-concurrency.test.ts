import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config/env.ts';
import { createServices } from '../container.ts';
import type { TestDb } from '../../test/db.ts';
import { createTestDb } from '../../test/db.ts';
import { SYSTEM, makeOrg } from '../../test/factories.ts';

const ROOT = join(import.meta.dirname, '../..');

function writer(dbUrl: string, org: string, count: number): Promise<number | null> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin/tsx.js'), join(ROOT, 'test/fixtures/write-incidents.ts'), dbUrl, org, String(count)],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return new Promise((resolve) => child.on('exit', resolve));
}

describe('SQLite with several writing processes', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb('sqlite');
  });
  afterAll(async () => db?.drop());

  it('should make writers wait for each other instead of failing', async () => {
    const s = createServices(testConfig(), db.conn);
    const org = await makeOrg(s);
    const codes = await Promise.all([
      writer(db.url, org.slug, 40),
      writer(db.url, org.slug, 40),
      writer(db.url, org.slug, 40),
    ]);
    expect(codes).toEqual([0, 0, 0]);
    const page = await s.incidents.list(SYSTEM, org.slug, {}, { limit: 200 });
    expect(page.items).toHaveLength(120);
  });
});
