import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { inPairs, runAmends } from '../../test/cli.ts';
import { createTestDb, dialects } from '../../test/db.ts';
import { MIGRATION_NAMES } from '../store/migrations/index.ts';

const BIN = join(import.meta.dirname, '../../bin/amends.js');

// Each test starts the CLI many times over; on a busy two-core machine that takes more than the default.
vi.setConfig({ testTimeout: 150_000 });
const dirs: string[] = [];

function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'amends-cli-'));
  dirs.push(d);
  return d;
}

function amends(args: string[], env: Record<string, string>, input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', AMENDS_DEMO: 'false', ...env },
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Starts `amends serve` on a free port and resolves with its base URL once it prints it. */
async function startServer(env: Record<string, string>, waitFor = 'Console:') {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: { PATH: process.env.PATH!, PORT: '0', LOG_LEVEL: 'silent', ...env },
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 30_000);
    child.stdout.on('data', () => {
      const m = /Console:\s+(http:\/\/[\d.:]+)\/admin\//.exec(out);
      if (m && out.includes(waitFor)) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  return { child, url, out: () => out };
}

describe('amends CLI', () => {
  it('should print help for the program and every command, exiting 0', async () => {
    const commands = [
      [],
      ['serve'],
      ['org', 'create'],
      ['user', 'create'],
      ['token', 'create'],
      ['export'],
      ['import'],
    ];
    // Independent runs: two at a time.
    const [top, ...subs] = await inPairs(commands, (c) => runAmends([...c, '--help'], {}));
    expect(top!.code).toBe(0);
    for (const c of ['serve', 'migrate', 'demo', 'org', 'user', 'token', 'export', 'import'])
      expect(top!.stdout).toContain(c);
    for (const [i, r] of subs.entries()) {
      const sub = commands[i + 1]!;
      expect(r.code, sub.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Usage: amends/);
    }
  });

  it('should fail in one clear line with a non-zero exit', () => {
    const env = { DATA_DIR: dataDir() };
    const badEnv = amends(['migrate'], { ...env, PORT: 'abc', DB_URL: 'mysql://x' });
    expect(badEnv.code).toBe(1);
    expect(badEnv.stderr.trim().split('\n')).toHaveLength(1);
    expect(badEnv.stderr).toMatch(/^amends: error: invalid configuration: /);
    expect(badEnv.stderr).toMatch(/PORT/);
    expect(badEnv.stderr).toMatch(/DB_URL/);
    const missingOrg = amends(['token', 'create', '--org', 'nope', '--role', 'viewer'], env);
    expect(missingOrg.code).toBe(1);
    expect(missingOrg.stderr).toBe('amends: error: organization not found\n');
    const badRole = amends(['token', 'create', '--org', 'nope', '--role', 'god'], env);
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr).toMatch(/Allowed choices are owner/);
    const badSlug = amends(['org', 'create', 'Not A Slug', '--name', 'X'], env);
    expect(badSlug.code).toBe(1);
    expect(badSlug.stderr).toMatch(/^amends: error: "Not A Slug" is not a valid slug/);
    const unknown = amends(['frobnicate'], env);
    expect(unknown.code).not.toBe(0);
  });

  it('should migrate once, create an organization, a user and a token that scripts can capture', () => {
    const env = { DATA_DIR: dataDir() };
    expect(amends(['migrate'], env).stdout).toBe(`applied: ${MIGRATION_NAMES.join(', ')}\n`);
    expect(MIGRATION_NAMES[0]).toBe('0001-core');
    expect(amends(['migrate'], env).stdout).toBe('database is up to date\n');
    expect(amends(['org', 'create', 'acme', '--name', 'Acme Corp'], env).code).toBe(0);
    const dup = amends(['org', 'create', 'acme', '--name', 'Acme Corp'], env);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/already exists/);
    const piped = amends(
      ['user', 'create', '--org', 'acme', '--email', 'ana@acme.test', '--role', 'editor'],
      env,
      'a long enough password\n',
    );
    expect(piped.code).toBe(0);
    expect(piped.stdout).toBe('created ana@acme.test as editor in acme\n');
    const generated = amends(
      ['user', 'create', '--org', 'acme', '--email', 'bo@acme.test', '--role', 'viewer'],
      env,
      '',
    );
    expect(generated.stdout).toMatch(/^created bo@acme\.test as viewer in acme\npassword: \S{20}\n$/);
    const short = amends(
      ['user', 'create', '--org', 'acme', '--email', 'cy@acme.test', '--role', 'viewer'],
      env,
      'short\n',
    );
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/at least 10 characters/);
    // An existing account keeps its password unless asked.
    expect(amends(['org', 'create', 'beta', '--name', 'Beta'], env).code).toBe(0);
    const existing = amends(
      ['user', 'create', '--org', 'beta', '--email', 'ana@acme.test', '--role', 'viewer'],
      env,
      '',
    );
    expect(existing.stdout).toMatch(
      /^updated ana@acme\.test as viewer in beta \(existing account: password unchanged/,
    );
    expect(existing.stdout).not.toMatch(/password: /);
    const reset = amends(
      ['user', 'create', '--org', 'beta', '--email', 'ana@acme.test', '--role', 'viewer', '--reset-password'],
      env,
      '',
    );
    expect(reset.stdout).toMatch(/\npassword: \S{20}\n$/);
    const token = amends(
      ['token', 'create', '--org', 'acme', '--role', 'analyst', '--name', 'dashboards'],
      env,
    );
    expect(token.code).toBe(0);
    expect(token.stdout).toMatch(/^amends_[\w-]{43}\n$/);
  });

  it('should refuse an import that is not an export, in one line, importing nothing', () => {
    const env = { DATA_DIR: dataDir() };
    const file = join(env.DATA_DIR, 'bad.json');
    writeFileSync(file, JSON.stringify({ format: 'something-else' }));
    const r = amends(['import', file], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^amends: error: not an Amends export/);
    const notJson = amends(['import', '-'], env, '{oops');
    expect(notJson.stderr).toMatch(/is not JSON/);
  });

  it('should start the server, seed the demo, print the console URL and a sign-in, and stop on SIGTERM', async () => {
    const { child, url, out } = await startServer({ DATA_DIR: dataDir(), AMENDS_DEMO: 'true' }, 'Demo:');
    expect(out()).toMatch(/sign in as alex@paylode\.example \/ amends-demo-2026/);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'alex@paylode.example', password: 'amends-demo-2026' }),
    });
    expect(login.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

describe('durability', () => {
  it('should keep an acknowledged write after the server is killed with SIGKILL', async () => {
    const env = { DATA_DIR: dataDir(), AMENDS_DEMO: 'false' };
    expect(amends(['org', 'create', 'acme', '--name', 'Acme'], env).code).toBe(0);
    const token = amends(['token', 'create', '--org', 'acme', '--role', 'editor'], env).stdout.trim();
    const first = await startServer(env);
    const created = await fetch(`${first.url}/api/v1/orgs/acme/incidents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Acknowledged before the crash', kind: 'outage' }),
    });
    expect(created.status).toBe(201);
    const exited = new Promise((resolve) => first.child.on('exit', resolve));
    first.child.kill('SIGKILL');
    await exited;
    const second = await startServer(env);
    try {
      const list = await fetch(`${second.url}/api/v1/orgs/acme/incidents`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const titles = ((await list.json()) as { items: { title: string }[] }).items.map((i) => i.title);
      expect(titles).toEqual(['Acknowledged before the crash']);
    } finally {
      second.child.kill('SIGTERM');
    }
  });
});

describe.each(await dialects())('export and import through the CLI on %s', (dialect) => {
  it('should give back the same document after export → import into an empty database → export', async () => {
    const source = await createTestDb(dialect);
    const target = await createTestDb(dialect);
    try {
      const src = { DB_URL: source.url };
      expect(amends(['demo'], src).code).toBe(0);
      const first = amends(['export', '--org', 'paylode'], src);
      expect(first.code).toBe(0);
      const doc = JSON.parse(first.stdout);
      expect(doc.incidents).toHaveLength(2);
      expect(doc.actions.length).toBeGreaterThanOrEqual(10);
      expect(first.stdout).not.toMatch(/argon2|password/i);
      const imported = amends(['import', '-'], { DB_URL: target.url }, first.stdout);
      expect(imported.code).toBe(0);
      expect(imported.stdout).toMatch(/^imported paylode: /);
      const second = amends(['export', '--org', 'paylode'], { DB_URL: target.url });
      expect(second.stdout).toBe(first.stdout);
      const again = amends(['import', '-'], { DB_URL: target.url }, first.stdout);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/already exists/);
    } finally {
      await source.drop();
      await target.drop();
    }
  });
});
