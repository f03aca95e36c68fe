/**
 * `npm run bench:api` — HTTP throughput of the API on SQLite, against a no-op route (/healthz)
 * of the same server in the same run, plus the time from `amends serve` to /readyz answering 200.
 * A benchmark, not a test: it never fails on a figure.
 *
 * The server runs in its own process (as in production) with the demo organization and 200 more
 * incidents; autocannon drives it from this process.
 */
import autocannon from 'autocannon';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '../bin/amends.js');
const DURATION_S = Number(process.argv[2] ?? 8);
const CONNECTIONS = 10;
const dir = mkdtempSync(join(tmpdir(), 'amends-bench-'));
const env = { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'warn', AMENDS_DEMO: 'true' };

function cli(args: string[]): string {
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`amends ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim();
}

/** Starts `amends serve` on a free port; resolves with its URL and the ms until /readyz said 200. */
async function start(port: number) {
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: { ...env, PORT: String(port) },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (performance.now() - t0 > 30_000) throw new Error('server did not become ready in 30 s');
    await new Promise((r) => setTimeout(r, 10));
  }
  return { child, url, readyMs: performance.now() - t0 };
}

async function load(opts: autocannon.Options): Promise<number> {
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION_S, ...opts });
  if (result.non2xx > 0) throw new Error(`${opts.url}: ${result.non2xx} non-2xx answers`);
  return result.requests.average;
}

function line(name: string, value: number, unit: string, baseline: number) {
  const ratio = value / baseline;
  console.log(
    `result: ${name} value=${value.toFixed(1)} unit=${unit} baseline=${baseline.toFixed(1)} ratio=${ratio.toFixed(3)}`,
  );
}

try {
  cli(['demo']);
  const token = cli(['token', 'create', '--org', 'paylode', '--role', 'owner', '--name', 'bench']);
  const port = 3900 + Math.floor(Math.random() * 90);

  // Cold start, measured on a migrated database (the usual restart), three times.
  const starts: number[] = [];
  for (let i = 0; i < 3; i++) {
    const s = await start(port);
    starts.push(s.readyMs);
    s.child.kill('SIGTERM');
    await new Promise((r) => s.child.once('exit', r));
  }

  const { child, url } = await start(port);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  for (let i = 0; i < 200; i++) {
    await fetch(`${url}/api/v1/orgs/paylode/incidents`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ title: `Bench incident ${i}`, kind: 'outage', severity: 2 }),
    });
  }

  console.log(
    `bench:api — ${DURATION_S} s per measure, ${CONNECTIONS} connections, SQLite, Node ${process.version}`,
  );
  await load({ url: `${url}/healthz`, duration: 2 }); // warm-up
  const noop = await load({ url: `${url}/healthz` });
  const list = await load({ url: `${url}/api/v1/orgs/paylode/incidents?limit=50`, headers });
  const detail = await load({ url: `${url}/api/v1/orgs/paylode/incidents/bucket-exposure`, headers });
  const noop2 = await load({ url: `${url}/healthz` });
  const create = await load({
    url: `${url}/api/v1/orgs/paylode/incidents/bucket-exposure/actions`,
    method: 'POST',
    headers,
    body: JSON.stringify({
      title: 'Benchmark action',
      kind: 'process',
      repairLogic: 'distrust_regulation',
      owner: 'Bench',
      dueAt: '2030-01-01',
    }),
  });
  child.kill('SIGTERM');

  const baseline = (noop + noop2) / 2;
  console.log(`no-op route (/healthz):           ${baseline.toFixed(0)} req/s`);
  console.log(`list incidents (50 per page):     ${list.toFixed(0)} req/s`);
  console.log(`read one incident with readiness: ${detail.toFixed(0)} req/s`);
  console.log(`create a corrective action:       ${create.toFixed(0)} req/s`);
  console.log(`serve → /readyz 200:              ${starts.map((s) => s.toFixed(0)).join(', ')} ms`);
  line('api-create-action', create, 'req/s', baseline);
  line('api-read-incident', detail, 'req/s', baseline);
  const startMs = Math.min(...starts);
  console.log(
    `result: serve-to-ready value=${startMs.toFixed(0)} unit=ms baseline=1500 ratio=${(startMs / 1500).toFixed(3)}`,
  );
  line('api-list-incidents', list, 'req/s', baseline);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
