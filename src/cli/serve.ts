import type { Config } from '../config/env.ts';
import { boot } from '../bootstrap.ts';
import { DeliveryWorker } from '../jobs/delivery.worker.ts';
import { buildApp } from '../server/app.ts';
import { DEMO_ORG, demoSignIn, seedDemo } from '../services/demo.service.ts';

/**
 * Starts the server: connect, migrate, seed the demo when asked and the database is empty, listen,
 * and stop cleanly on SIGINT/SIGTERM.
 */
export async function serve(config: Config): Promise<void> {
  const started = Date.now();
  const booted = await boot(config);
  const { services } = booted;
  let demoCreated = false;
  if (config.demo) {
    const orgs = await services.store.accounts.listOrganizations();
    if (orgs.length === 0 || orgs.some((o) => o.slug === DEMO_ORG)) {
      demoCreated = (await seedDemo(services.store, services.clock)).created;
    }
  }
  const app = await buildApp(services, { logger: { level: config.logLevel } });
  // Deliveries and scheduled publications run in this process unless workers run apart (`amends worker`).
  const worker = config.runWorker ? new DeliveryWorker(services, config, app.log) : undefined;
  worker?.start();
  const stop = async () => {
    await worker?.stop();
    await app.close();
    await booted.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.port === 0 ? `http://${config.host}:${port}` : config.publicUrl;
  const lines = [
    '',
    `  Amends is running on ${booted.conn.describe} (ready in ${Date.now() - started} ms)`,
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
