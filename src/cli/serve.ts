import cluster from 'node:cluster';
import type { Config } from '../config/env.ts';
import { boot } from '../bootstrap.ts';
import { AnalysisWorker } from '../jobs/analysis.worker.ts';
import { CaseSlaWorker } from '../jobs/case-sla.worker.ts';
import { MetricAlertWorker } from '../jobs/metric-alert.worker.ts';
import { DeliveryWorker } from '../jobs/delivery.worker.ts';
import { buildApp } from '../server/app.ts';
import { DEMO_ORG, demoSignIn, seedDemo } from '../services/demo.service.ts';

/**
 * Starts the server: connect, migrate, seed the demo when asked and the database is empty, listen,
 * and stop cleanly on SIGINT/SIGTERM. With WEB_CONCURRENCY > 1 the first process prepares the
 * database, runs the delivery worker and forks that many HTTP processes sharing the port.
 */
export async function serve(config: Config): Promise<void> {
  if (cluster.isWorker) return serveHttp({ ...config, demo: false, runWorker: false }, false);
  if (config.webConcurrency > 1) return serveCluster(config);
  return serveHttp(config, true);
}

async function prepare(config: Config) {
  const booted = await boot(config);
  const { services } = booted;
  let demoCreated = false;
  if (config.demo) {
    const orgs = await services.store.accounts.listOrganizations();
    if (orgs.length === 0 || orgs.some((o) => o.slug === DEMO_ORG)) {
      demoCreated = (await seedDemo(services.store, services.clock)).created;
    }
  }
  return { booted, demoCreated };
}

function banner(
  config: Config,
  describe: string,
  port: number,
  startedMs: number,
  demoCreated: boolean,
  processes: number,
) {
  const url = config.port === 0 ? `http://${config.host}:${port}` : config.publicUrl;
  const lines = [
    '',
    `  Amends is running on ${describe} (ready in ${Date.now() - startedMs} ms${processes > 1 ? `, ${processes} processes` : ''})`,
    `  Console:  ${url}/admin/`,
    `  API docs: ${url}/api/docs`,
  ];
  if (config.demo) {
    const who = demoSignIn();
    lines.push(
      `  Demo:     ${demoCreated ? 'created' : 'organization'} "${DEMO_ORG}" — sign in as ${who.email} / ${who.password}`,
      '            (turn the demo off for real use: AMENDS_DEMO=false)',
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

async function serveCluster(config: Config): Promise<void> {
  const started = Date.now();
  const { booted, demoCreated } = await prepare(config);
  const worker = config.runWorker ? new DeliveryWorker(booted.services, config) : undefined;
  const analysis = config.runWorker ? new AnalysisWorker(booted.services) : undefined;
  const caseSla = config.runWorker ? new CaseSlaWorker(booted.services) : undefined;
  const metricAlerts = config.runWorker ? new MetricAlertWorker(booted.services) : undefined;
  worker?.start();
  analysis?.start();
  caseSla?.start();
  metricAlerts?.start();
  let stopping = false;
  const ports: number[] = [];
  for (let i = 0; i < config.webConcurrency; i++) cluster.fork();
  cluster.on('listening', (_w, address) => {
    ports.push(address.port);
    if (ports.length === config.webConcurrency) {
      banner(config, booted.conn.describe, ports[0]!, started, demoCreated, config.webConcurrency);
    }
  });
  // A crashed HTTP process is replaced; requests go to the others meanwhile.
  cluster.on('exit', () => {
    if (!stopping) cluster.fork();
  });
  const stop = async () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
    await worker?.stop();
    await analysis?.stop();
    await caseSla?.stop();
    await metricAlerts?.stop();
    await booted.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function serveHttp(config: Config, announce: boolean): Promise<void> {
  const started = Date.now();
  const { booted, demoCreated } = await prepare(config);
  const { services } = booted;
  const app = await buildApp(services, { logger: { level: config.logLevel } });
  // Deliveries and scheduled publications run in this process unless workers run apart (`amends worker`).
  const worker = config.runWorker ? new DeliveryWorker(services, config, app.log) : undefined;
  const analysis = config.runWorker ? new AnalysisWorker(services, app.log) : undefined;
  const caseSla = config.runWorker ? new CaseSlaWorker(services, app.log) : undefined;
  const metricAlerts = config.runWorker ? new MetricAlertWorker(services, app.log) : undefined;
  worker?.start();
  analysis?.start();
  caseSla?.start();
  metricAlerts?.start();
  const stop = async () => {
    await worker?.stop();
    await analysis?.stop();
    await caseSla?.stop();
    await metricAlerts?.stop();
    await app.close();
    await services.feedback.drain();
    await booted.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  if (announce) banner(config, booted.conn.describe, port, started, demoCreated, 1);
}
