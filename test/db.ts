import { createHash, randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
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

/**
 * Migrating costs more than copying: each test database is a copy of a template migrated once per
 * schema (a file in the temp folder for SQLite, a `TEMPLATE` database for PostgreSQL). The template's
 * name carries a digest of the migrations and the dialect code they use, so editing a migration
 * builds a new template instead of reusing a stale one. Templates outlive the run on purpose; the
 * next run starts from them. `migrateToLatest` still runs on every copy, as a check that costs a
 * few queries.
 */
function schemaDigest(): string {
  const hash = createHash('sha256');
  for (const folder of ['../src/store/migrations/', '../src/store/dialects/']) {
    const dir = fileURLToPath(new URL(folder, import.meta.url));
    for (const file of readdirSync(dir).sort()) {
      hash.update(`${folder}${file}\0`);
      hash.update(readFileSync(join(dir, file)));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

let digest: string | undefined;
function templateName(): string {
  digest ??= schemaDigest();
  return `amends_template_${digest}`;
}

function postgresUrl(database: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs one statement as the admin user, retrying while a closing connection still holds the database. */
async function adminQuery(text: string, params: unknown[] = []): Promise<pg.QueryResult> {
  for (let attempt = 0; ; attempt++) {
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    try {
      return await admin.query(text, params);
    } catch (e) {
      // 55006 object_in_use: "database is being accessed by other users".
      if ((e as { code?: string }).code !== '55006' || attempt >= 50) throw e;
    } finally {
      await admin.end();
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

let sqliteTemplate: Promise<string> | undefined;

/** The migrated SQLite template's path, built by the first test process that needs it. */
function sqliteTemplatePath(): Promise<string> {
  sqliteTemplate ??= (async () => {
    const path = join(tmpdir(), `${templateName()}.sqlite`);
    if (existsSync(path)) return path;
    const dir = mkdtempSync(join(tmpdir(), 'amends-template-'));
    try {
      const building = join(dir, 'template.sqlite');
      const conn = connect(`sqlite:${building}`);
      await migrateToLatest(conn);
      // Out of WAL mode: the whole database in the one file a copy takes.
      await sql`pragma journal_mode = delete`.execute(conn.db);
      await conn.db.destroy();
      // Atomic; a process that built the same template at the same time wrote the same schema.
      renameSync(building, path);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return path;
  })();
  return sqliteTemplate;
}

let postgresTemplate: Promise<string> | undefined;

/** The migrated PostgreSQL template's name, built by the first test process that needs it. */
function postgresTemplateName(): Promise<string> {
  postgresTemplate ??= (async () => {
    const name = templateName();
    const found = await adminQuery('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount) return name;
    // Built under a name of its own and renamed when complete: no one copies a half-migrated template.
    const building = `amends_building_${randomBytes(6).toString('hex')}`;
    await adminQuery(`create database ${building}`);
    const conn = connect(postgresUrl(building));
    await migrateToLatest(conn);
    await conn.db.destroy();
    try {
      await adminQuery(`alter database ${building} rename to ${name}`);
    } catch (e) {
      await adminQuery(`drop database if exists ${building} with (force)`);
      // 42P04 duplicate_database: another test process finished the same template first.
      if ((e as { code?: string }).code !== '42P04') throw e;
    }
    return name;
  })();
  return postgresTemplate;
}

/** A fresh, migrated database of the given kind: an SQLite file in a temp folder, or a new PostgreSQL database. */
export async function createTestDb(kind: DialectName, opts: ConnectOptions = {}): Promise<TestDb> {
  if (kind === 'sqlite') {
    const template = await sqliteTemplatePath();
    const dir = mkdtempSync(join(tmpdir(), 'amends-test-'));
    const file = join(dir, 'test.sqlite');
    copyFileSync(template, file);
    const url = `sqlite:${file}`;
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
  const template = await postgresTemplateName();
  const name = `amends_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name} template ${template}`);
  const url = postgresUrl(name);
  const conn = connect(url, opts);
  await migrateToLatest(conn);
  return {
    conn,
    url,
    drop: async () => {
      await conn.db.destroy();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}
