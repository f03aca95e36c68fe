import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { ConnectOptions, Connection } from '../src/store/db.ts';
import { connect } from '../src/store/db.ts';
import { migrateToLatest } from '../src/store/migrate.ts';

/** The PostgreSQL server the tests use; each test file creates and drops its own database on it. */
export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://root@127.0.0.1:5432/postgres';

export type DialectName = 'sqlite' | 'postgres';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

let probed: Promise<DialectName[]> | undefined;

/**
 * The databases to run store and service suites on. PostgreSQL is skipped with a loud notice when
 * no server answers, except under CI=true, where a missing server is a failure.
 */
export function dialects(): Promise<DialectName[]> {
  probed ??= (async () => {
    if (await postgresReachable()) return ['sqlite', 'postgres'];
    if (process.env.CI === 'true') {
      throw new Error(
        `CI=true and no PostgreSQL answers at ${PG_ADMIN_URL}: the PostgreSQL suites cannot be skipped`,
      );
    }
    console.warn(
      `\n!!! PostgreSQL is not reachable at ${PG_ADMIN_URL}: PostgreSQL suites are SKIPPED (set TEST_PG_URL). !!!\n`,
    );
    return ['sqlite'];
  })();
  return probed;
}

export interface TestDb {
  conn: Connection;
  url: string;
  /** Closes the connection and deletes the database. */
  drop(): Promise<void>;
}

/** A fresh, migrated database of the given kind: an SQLite file in a temp folder, or a new PostgreSQL database. */
export async function createTestDb(kind: DialectName, opts: ConnectOptions = {}): Promise<TestDb> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'amends-test-'));
    const url = `sqlite:${join(dir, 'test.sqlite')}`;
    const conn = connect(url, opts);
    await migrateToLatest(conn);
    return {
      conn,
      url,
      drop: async () => {
        await conn.db.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `amends_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  const conn = connect(url, opts);
  await migrateToLatest(conn);
  return {
    conn,
    url,
    drop: async () => {
      await conn.db.destroy();
      const a = new pg.Client({ connectionString: PG_ADMIN_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
