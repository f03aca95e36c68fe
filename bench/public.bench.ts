/**
 * `npm run bench:public` — the public disclosure page (40 updates, 12 actions, 8 commitments) served
 * by `amends serve` on SQLite, against nginx serving the same bytes as a static file: same wrk
 * connections, same run. Also: how long a published update takes to show on the page.
 * A benchmark, not a test. Installs nginx and wrk from Debian's packages when they are missing.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/env.ts';
import { boot } from '../src/bootstrap.ts';
import type { RequestContext } from '../src/services/common.ts';

const BIN = join(import.meta.dirname, '../bin/amends.js');
const DURATION = process.argv[2] ?? '10s';
const CONNECTIONS = Number(process.argv[3] ?? 50);
const SYSTEM: RequestContext = { principal: { kind: 'system', label: 'bench' } };

function ensureTools(): void {
  const missing = ['nginx', 'wrk'].filter(
    (tool) => spawnSync('sh', ['-c', `command -v ${tool} || test -x /usr/sbin/${tool}`]).status !== 0,
  );
  if (missing.length === 0) return;
  console.log(`installing ${missing.join(', ')} from Debian's packages…`);
  execFileSync('sh', [
    '-c',
    'DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx-light wrk >/dev/null 2>&1 || (apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx-light wrk >/dev/null)',
  ]);
}

/** An organization with a busy public page, written through the services. */
async function seed(dataDir: string): Promise<void> {
  const { services: s, close } = await boot(
    loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', AMENDS_DEMO: 'false' }),
  );
  try {
    await s.accounts.createOrganization(SYSTEM, { slug: 'bench', name: 'Bench Corp' });
    await s.accounts.updateSettings(SYSTEM, 'bench', {
      statements: { requiredApprovals: 1, approverRoles: ['owner'] },
    });
    const comms = await s.accounts.addMember(SYSTEM, 'bench', {
      email: 'comms@bench.test',
      role: 'communicator',
      password: 'bench-password-1',
    });
    const ctx: RequestContext = {
      principal: { kind: 'user', userId: comms.user.id, email: comms.user.email, name: 'Comms' },
    };
    const incident = (
      await s.incidents.create(SYSTEM, 'bench', {
        title: 'Payment processing outage',
        kind: 'outage',
        summary: 'Card payments failed for six hours after a database failover went wrong.',
        detectedAt: new Date(Date.now() - 20 * 86_400_000).toISOString(),
      })
    ).record.incident;
    const actions = [];
    for (let i = 1; i <= 12; i++) {
      actions.push(
        (
          await s.actions.create(SYSTEM, 'bench', incident.id, {
            title: `Corrective action number ${i}: make failover safe`,
            kind: 'process',
            repairLogic: i % 2 ? 'distrust_regulation' : 'trustworthiness_demonstration',
            owner: 'Operations',
            dueAt: new Date(Date.now() + i * 86_400_000).toISOString(),
            isPublic: true,
          })
        ).record,
      );
    }
    for (let i = 1; i <= 8; i++) {
      await s.commitments.create(SYSTEM, 'bench', incident.id, {
        text: `We will finish corrective action number ${i} and publish the evidence.`,
        audience: 'public',
        dueAt: new Date(Date.now() + i * 86_400_000).toISOString(),
        actionIds: [actions[i - 1]!.id],
      });
    }
    for (let i = 1; i <= 40; i++) {
      const id = (
        await s.statements.create(ctx, 'bench', incident.id, {
          kind: 'update',
          title: `Update ${i}: where the recovery stands`,
          body: `We are sorry for the outage. This update ${i} explains what we changed today and what comes next.\n\n- Failover drills are now weekly.\n- Payments are monitored every minute.`,
          audiences: ['public'],
        })
      ).record.statement.id;
      await s.statements.submit(ctx, 'bench', id, undefined);
      await s.statements.review(SYSTEM, 'bench', id, { decision: 'approved' });
      await s.statements.publish(ctx, 'bench', id, { overrideReason: 'benchmark data' }, undefined);
    }
  } finally {
    await close();
  }
}

function wrk(url: string): { rps: number; p99Ms: number } {
  const out = execFileSync('wrk', ['-t', '2', '-c', String(CONNECTIONS), '-d', DURATION, '--latency', url], {
    encoding: 'utf8',
  });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const p99 = /99%\s+([\d.]+)(us|ms|s)/.exec(out);
  const scale = { us: 0.001, ms: 1, s: 1000 } as const;
  return { rps, p99Ms: p99 ? Number(p99[1]) * scale[p99[2] as keyof typeof scale] : NaN };
}

async function waitFor(url: string, ok: (res: Response) => boolean, timeoutMs = 30_000): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    try {
      if (ok(await fetch(url))) return;
    } catch {
      // not up yet
    }
    if (Date.now() - t0 > timeoutMs) throw new Error(`${url} did not answer in time`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

ensureTools();
const dir = mkdtempSync(join(tmpdir(), 'amends-bench-public-'));
const port = 3900 + Math.floor(Math.random() * 40);
const nginxPort = port + 50;
let server: ReturnType<typeof spawn> | undefined;
try {
  await seed(dir);
  server = spawn(process.execPath, [BIN, 'serve'], {
    env: {
      ...process.env,
      DATA_DIR: dir,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      AMENDS_DEMO: 'false',
      RUN_WORKER: 'false',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const pageUrl = `http://127.0.0.1:${port}/bench/incidents/payment-processing-outage`;
  await waitFor(pageUrl, (r) => r.status !== 0 && r.status < 500).catch(() => undefined);
  const probe = await fetch(pageUrl).catch((e) => e as Error);
  if (probe instanceof Error || probe.status !== 200) {
    throw new Error(
      `the page answered ${probe instanceof Error ? probe.message : `${probe.status}: ${(await probe.text()).slice(0, 300)}`}`,
    );
  }
  const bytes = Buffer.from(await (await fetch(pageUrl)).arrayBuffer());

  // nginx serving the same bytes as a static file (its workers drop root: let them read the folder).
  chmodSync(dir, 0o755);
  const root = join(dir, 'www');
  mkdirSync(join(root, 'bench/incidents'), { recursive: true });
  writeFileSync(join(root, 'bench/incidents/payment-processing-outage'), bytes);
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `worker_processes auto; daemon off; pid ${dir}/nginx.pid; error_log ${dir}/nginx-error.log;
events { worker_connections 1024; }
http { access_log off; default_type text/html; sendfile on; tcp_nopush on; keepalive_requests 100000;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  server { listen 127.0.0.1:${nginxPort}; root ${root}; } }`,
  );
  const nginxBin = existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
  const nginx = spawn(nginxBin, ['-c', conf, '-p', dir], { stdio: 'ignore' });
  const nginxUrl = `http://127.0.0.1:${nginxPort}/bench/incidents/payment-processing-outage`;
  await waitFor(nginxUrl, (r) => r.status === 200);

  console.log(
    `bench:public — ${bytes.length} bytes per page, wrk ${DURATION} at ${CONNECTIONS} connections, 2 threads, Node ${process.version}`,
  );
  wrk(pageUrl); // warm-up of both
  const base = wrk(nginxUrl);
  const amends = wrk(pageUrl);
  const base2 = wrk(nginxUrl);
  nginx.kill('SIGQUIT');
  const baseline = (base.rps + base2.rps) / 2;

  // From publishing an update to the page showing it.
  const { services: s, close } = await boot(
    loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', AMENDS_DEMO: 'false' }),
  );
  const marker = `Fresh update ${Date.now()}`;
  const id = (
    await s.statements.create(SYSTEM, 'bench', 'payment-processing-outage', {
      kind: 'update',
      title: marker,
      body: 'Payments are working again.',
      audiences: ['public'],
    })
  ).record.statement.id;
  await s.statements.submit(SYSTEM, 'bench', id, undefined);
  const reviewer = await s.accounts.addMember(SYSTEM, 'bench', {
    email: 'owner@bench.test',
    role: 'owner',
    password: 'bench-password-2',
  });
  await s.statements.review(
    { principal: { kind: 'user', userId: reviewer.user.id, email: 'owner@bench.test', name: 'Owner' } },
    'bench',
    id,
    { decision: 'approved' },
  );
  const t0 = performance.now();
  await s.statements.publish(SYSTEM, 'bench', id, { overrideReason: 'benchmark' }, undefined);
  const published = performance.now();
  await waitFor(pageUrl, () => true);
  for (;;) {
    const html = await (await fetch(pageUrl)).text();
    if (html.includes(marker)) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const visibleMs = performance.now() - published;
  await close();

  console.log(`nginx, static file:           ${baseline.toFixed(0)} req/s (p99 ${base.p99Ms.toFixed(2)} ms)`);
  console.log(
    `amends, disclosure page:      ${amends.rps.toFixed(0)} req/s (p99 ${amends.p99Ms.toFixed(2)} ms)`,
  );
  console.log(
    `publish → visible on the page: ${visibleMs.toFixed(0)} ms (publish itself ${(published - t0).toFixed(0)} ms)`,
  );
  console.log(
    `result: public-p99 value=${amends.p99Ms.toFixed(2)} unit=ms baseline=${base.p99Ms.toFixed(2)} ratio=${(amends.p99Ms / base.p99Ms).toFixed(3)}`,
  );
  console.log(
    `result: publish-visible value=${visibleMs.toFixed(0)} unit=ms baseline=1000 ratio=${(visibleMs / 1000).toFixed(3)}`,
  );
  console.log(
    `result: public-page value=${amends.rps.toFixed(0)} unit=req/s baseline=${baseline.toFixed(0)} ratio=${(amends.rps / baseline).toFixed(3)}`,
  );
} finally {
  server?.kill('SIGTERM');
  spawnSync('sh', ['-c', `test -f ${dir}/nginx.pid && kill $(cat ${dir}/nginx.pid) 2>/dev/null`]);
  rmSync(dir, { recursive: true, force: true });
}
