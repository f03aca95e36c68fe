import type { Command } from 'commander';
import { Option } from 'commander';
import { readFileSync } from 'node:fs';
import type { Config } from '../config/env.ts';
import type { Booted } from '../bootstrap.ts';
import { boot } from '../bootstrap.ts';
import { registerCheckStatement } from './check-statement.ts';
import { registerImportFeedback } from './import-feedback.ts';
import { registerReport } from './report.ts';
import type { RequestContext } from '../services/common.ts';
import { DEMO_ORG, demoSignIn, seedDemo } from '../services/demo.service.ts';
import { ROLES } from '../shared/enums.ts';
import type { Role } from '../shared/enums.ts';
import { SlugSchema } from '../shared/contract/index.ts';

/** Commands run as Amends itself: the CLI is for the people who operate the instance. */
const OPERATOR: RequestContext = { principal: { kind: 'system', label: 'cli' } };

const roleOption = () =>
  new Option('--role <role>', 'role in the organization').choices([...ROLES]).makeOptionMandatory();

async function withServices<T>(config: () => Config, fn: (b: Booted) => Promise<T>): Promise<T> {
  const booted = await boot(config());
  try {
    return await fn(booted);
  } finally {
    await booted.close();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function slug(value: string): string {
  const r = SlugSchema.safeParse(value);
  if (!r.success) throw new Error(`"${value}" is not a valid slug: ${r.error.issues[0]?.message}`);
  return value;
}

export function registerCommands(program: Command, config: () => Config): void {
  program
    .command('serve')
    .description('Run the web server (API, console, docs); migrates and seeds the demo on first start')
    .option('--port <port>', 'port to listen on (default: PORT or 3000)')
    .option('--host <host>', 'address to bind (default: HOST or 127.0.0.1)')
    .option('--no-demo', 'do not seed the demo organization (same as AMENDS_DEMO=false)')
    .action(async (opts: { port?: string; host?: string; demo: boolean }) => {
      const base = config();
      const port = opts.port === undefined ? base.port : Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new Error(`--port must be 0–65535, not "${opts.port}"`);
      // Loaded on demand: the other commands do not need the web stack.
      const { serve } = await import('./serve.ts');
      await serve({ ...base, port, host: opts.host ?? base.host, demo: base.demo && opts.demo });
    });

  program
    .command('worker')
    .description('Send deliveries and publish scheduled statements, without serving HTTP (several may run)')
    .action(async () => {
      const booted = await boot(config());
      const { DeliveryWorker } = await import('../jobs/delivery.worker.ts');
      const { AnalysisWorker } = await import('../jobs/analysis.worker.ts');
      const { MentionWorker } = await import('../jobs/mention.worker.ts');
      const worker = new DeliveryWorker(booted.services, booted.services.config, {
        info: () => undefined,
        warn: (o, msg) => process.stderr.write(`${msg} ${JSON.stringify(o)}\n`),
        error: (o, msg) => process.stderr.write(`${msg} ${JSON.stringify(o)}\n`),
      });
      const analysis = new AnalysisWorker(booted.services);
      const { CaseSlaWorker } = await import('../jobs/case-sla.worker.ts');
      const caseSla = new CaseSlaWorker(booted.services);
      const mentions = new MentionWorker(booted.services, {
        info: () => undefined,
        warn: (o, msg) => process.stderr.write(`${msg} ${JSON.stringify(o)}\n`),
        error: (o, msg) => process.stderr.write(`${msg} ${JSON.stringify(o)}\n`),
      });
      const { MetricAlertWorker } = await import('../jobs/metric-alert.worker.ts');
      const metricAlerts = new MetricAlertWorker(booted.services);
      worker.start();
      analysis.start();
      caseSla.start();
      mentions.start();
      metricAlerts.start();
      process.stdout.write(`amends worker running on ${booted.conn.describe}\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await worker.stop();
      await analysis.stop();
      await caseSla.stop();
      await mentions.stop();
      await metricAlerts.stop();
      await booted.close();
    });

  program
    .command('migrate')
    .description('Apply pending database migrations and exit')
    .action(async () => {
      const booted = await boot(config());
      await booted.close();
      process.stdout.write(
        booted.migrated.length > 0 ? `applied: ${booted.migrated.join(', ')}\n` : 'database is up to date\n',
      );
    });

  program
    .command('rebuild-rollups')
    .description(
      'Recompute the dashboard rollups from the stored responses and feedback (after loading rows into the database directly)',
    )
    .option('--org <slug>', 'only this organization', slug)
    .action((opts: { org?: string }) =>
      withServices(config, async ({ services }) => {
        const store = services.store;
        const org = opts.org ? await store.accounts.findOrganizationBySlug(opts.org) : null;
        if (opts.org && !org) throw new Error(`no organization "${opts.org}"`);
        const t = performance.now();
        await store.rollups.rebuild(org?.id ?? null);
        process.stdout.write(
          `rebuilt the rollups of ${org ? `"${org.slug}"` : 'every organization'} in ${((performance.now() - t) / 1000).toFixed(1)} s\n`,
        );
      }),
    );

  program
    .command('demo')
    .description(`Create the demo organization "${DEMO_ORG}" if it is missing, and print its sign-in`)
    .action(() =>
      withServices(config, async ({ services }) => {
        const { created } = await seedDemo(services.store, services.clock);
        const who = demoSignIn();
        process.stdout.write(
          `${created ? 'created' : 'already present:'} demo organization "${DEMO_ORG}"\nsign in as ${who.email} / ${who.password}\n`,
        );
      }),
    );

  const org = program.command('org').description('Manage organizations');
  org
    .command('create <slug>')
    .description('Create an organization')
    .requiredOption('--name <name>', 'display name')
    .action((s: string, opts: { name: string }) =>
      withServices(config, async ({ services }) => {
        const created = await services.accounts.createOrganization(OPERATOR, {
          slug: slug(s),
          name: opts.name,
        });
        process.stdout.write(`created organization ${created.slug} (${created.id})\n`);
      }),
    );

  const user = program.command('user').description('Manage people');
  user
    .command('create')
    .description(
      'Give a person a role in an organization, creating their account when the e-mail is new. A new account gets the password piped on stdin, or a generated one that is printed. An existing account keeps its password unless --reset-password is given.',
    )
    .requiredOption('--org <slug>', 'organization')
    .requiredOption('--email <email>', 'e-mail address, used to sign in')
    .addOption(roleOption())
    .option('--name <name>', 'display name')
    .option('--reset-password', 'set a new password for an existing account (and sign it out everywhere)')
    .action((opts: { org: string; email: string; role: Role; name?: string; resetPassword?: boolean }) =>
      withServices(config, async ({ services }) => {
        if (!/^[^\s@]+@[^\s@]+$/.test(opts.email))
          throw new Error(`--email "${opts.email}" is not an e-mail address`);
        const piped = !process.stdin.isTTY;
        const fromStdin = piped ? (await readStdin()).replace(/\r?\n$/, '') : '';
        const r = await services.accounts.addMember(OPERATOR, opts.org, {
          email: opts.email,
          name: opts.name,
          role: opts.role,
          password: fromStdin || undefined,
          resetPassword: opts.resetPassword,
        });
        const what = r.created ? 'created' : 'updated';
        const pw = r.passwordChanged
          ? ''
          : ' (existing account: password unchanged; --reset-password sets a new one)';
        process.stdout.write(`${what} ${r.user.email} as ${opts.role} in ${opts.org}${pw}\n`);
        if (r.generatedPassword) process.stdout.write(`password: ${r.generatedPassword}\n`);
      }),
    );

  const token = program.command('token').description('Manage API tokens');
  token
    .command('create')
    .description('Create an API token; prints only the token on stdout, so scripts can capture it')
    .requiredOption('--org <slug>', 'organization the token is scoped to')
    .addOption(roleOption())
    .option('--name <name>', 'what the token is for', 'cli')
    .action((opts: { org: string; role: Role; name: string }) =>
      withServices(config, async ({ services }) => {
        const { token: secret } = await services.accounts.createToken(OPERATOR, opts.org, {
          name: opts.name,
          role: opts.role,
        });
        process.stdout.write(`${secret}\n`);
      }),
    );

  program
    .command('export')
    .description(
      'Write the whole organization as JSON on stdout (no secrets: no passwords, sessions or tokens)',
    )
    .requiredOption('--org <slug>', 'organization')
    .action((opts: { org: string }) =>
      withServices(config, async ({ services }) => {
        const doc = await services.transfer.exportOrganization(OPERATOR, opts.org);
        process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
      }),
    );

  program
    .command('import [file]')
    .description('Import an organization exported by `amends export`, from FILE or stdin (-); all or nothing')
    .action((file: string | undefined) =>
      withServices(config, async ({ services }) => {
        const text = !file || file === '-' ? await readStdin() : readFileSync(file, 'utf8');
        let doc: unknown;
        try {
          doc = JSON.parse(text);
        } catch (e) {
          throw new Error(`${file ?? 'stdin'} is not JSON: ${(e as Error).message}`);
        }
        const tty = process.stderr.isTTY;
        const { slug: s, counts } = await services.transfer.importOrganization(doc, (done, total) => {
          if (tty) process.stderr.write(`\rimporting ${done}/${total} records`);
        });
        if (tty) process.stderr.write('\n');
        process.stdout.write(
          `imported ${s}: ${Object.entries(counts)
            .map(([k, v]) => `${v} ${k}`)
            .join(', ')}\n`,
        );
      }),
    );

  registerCheckStatement(program, config);
  registerImportFeedback(program, config);
  registerReport(program, config);
}
