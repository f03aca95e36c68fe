import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDb } from '../../test/db.ts';
import { insertFeedbackBatch } from '../../test/metrics-fixtures.ts';

const BIN = join(import.meta.dirname, '../../bin/amends.js');

function amends(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', AMENDS_DEMO: 'false', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('amends rebuild-rollups', () => {
  it('should roll up rows loaded behind the services, per organization or all, and refuse an unknown one', async () => {
    const db = await createTestDb('sqlite');
    try {
      const env = { DB_URL: db.url };
      expect(amends(['org', 'create', 'acme', '--name', 'Acme'], env).code).toBe(0);
      const q = db.conn.db;
      const org = await q
        .selectFrom('organizations')
        .select('id')
        .where('slug', '=', 'acme')
        .executeTakeFirstOrThrow();
      // Rows written straight into the table, as a bulk load would, and a rollup that is wrong.
      await insertFeedbackBatch(q, org.id, '2030-01-02T10:00:00.000Z', 7, 3, db.conn.dialect.bool);
      await q.deleteFrom('feedback_rollups').execute();
      const total = async () =>
        Number(
          (
            await q
              .selectFrom('feedback_rollups')
              .select((eb) => eb.fn.sum<number>('n').as('n'))
              .where('grain', '=', 'd')
              .executeTakeFirst()
          )?.n ?? 0,
        );
      expect(await total()).toBe(0);

      const one = amends(['rebuild-rollups', '--org', 'acme'], env);
      expect(one.stderr).toBe('');
      expect(one.stdout).toMatch(/^rebuilt the rollups of "acme" in \d+\.\d s\n$/);
      expect(await total()).toBe(7);
      const all = amends(['rebuild-rollups'], env);
      expect(all.stdout).toMatch(/^rebuilt the rollups of every organization in/);
      expect(await total()).toBe(7);

      const missing = amends(['rebuild-rollups', '--org', 'nobody'], env);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toBe('amends: error: no organization "nobody"\n');
      expect(amends(['--help'], env).stdout).toContain('rebuild-rollups');
    } finally {
      await db.drop();
    }
  }, 120_000);
});
