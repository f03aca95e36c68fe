import { z } from 'zod';

/**
 * Runtime configuration, read once from the environment by an entry point and passed down as a
 * value. Nothing else in the code base reads `process.env`.
 */
export interface Config {
  /** `sqlite:<path>` (default `sqlite:./data/amends.sqlite`, `sqlite::memory:` for tests) or `postgres://…`. */
  readonly dbUrl: string;
  readonly host: string;
  readonly port: number;
  /** Where people reach this instance; used in links and to decide whether cookies are `Secure`. */
  readonly publicUrl: string;
  readonly smtpUrl: string | undefined;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Folder for generated secrets and the default SQLite file. */
  readonly dataDir: string;
  /** Seed the demo organization on first start. Turn off for real use. */
  readonly demo: boolean;
  /** Sign-in attempts allowed per client address and e-mail in `loginWindowSeconds`. */
  readonly loginAttempts: number;
  readonly loginWindowSeconds: number;
  /** Session lifetime. */
  readonly sessionTtlHours: number;
  /**
   * Whether to take the client address from X-Forwarded-For: false, true (any proxy), or the
   * number of proxy hops in front of Amends. Sign-in rate limits key on that address.
   */
  readonly trustProxy: boolean | number;
  /** The From address of e-mails. */
  readonly smtpFrom: string;
  /** Whether webhooks may target loopback and private networks (off: a guard against SSRF). */
  readonly webhookAllowPrivate: boolean;
  /** Whether `serve` also runs the delivery worker (turn off when workers run apart: `amends worker`). */
  readonly runWorker: boolean;
  /** The Chromium that prints board reports to PDF (`/usr/bin/chromium` when unset). */
  readonly chromiumPath: string | undefined;
  /** HTTP processes `serve` runs on this machine (node:cluster); one per core is usual. */
  readonly webConcurrency: number;
  /** Public feedback submissions per client address per minute. */
  readonly feedbackRateLimit: number;
}

const booleanish = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], {
    error: 'must be one of true/false, 1/0, yes/no, on/off',
  })
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const EnvSchema = z.object({
  DB_URL: z
    .string()
    .refine((v) => v.startsWith('sqlite:') || /^postgres(ql)?:\/\//.test(v), {
      message: 'must start with sqlite: or postgres://',
    })
    .optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0)
    .max(65535, 'must be at most 65535')
    .default(3000),
  PUBLIC_URL: z.url({ error: 'must be an absolute URL such as https://amends.example.com' }).optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().min(1).default('./data'),
  AMENDS_DEMO: booleanish.default(true),
  LOGIN_ATTEMPTS: z.coerce.number().int().min(1).default(10),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(300),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .default(24 * 7),
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d{1,2})$/, 'must be true, false or a number of proxy hops')
    .default('false')
    .transform((v) => (v === 'true' ? true : v === 'false' ? false : Number(v))),
  SMTP_FROM: z.string().min(3).optional(),
  WEBHOOK_ALLOW_PRIVATE: booleanish.default(false),
  RUN_WORKER: booleanish.default(true),
  CHROMIUM_PATH: z.string().min(1).optional(),
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  FEEDBACK_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
});

/** Thrown when the environment is invalid; `problems` lists every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment and returns a frozen Config. Empty strings count as unset.
 * @throws ConfigError naming every invalid variable at once.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`));
  }
  const e = parsed.data;
  const dataDir = e.DATA_DIR;
  const host = e.HOST;
  const port = e.PORT;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return Object.freeze({
    dbUrl: e.DB_URL ?? `sqlite:${dataDir.replace(/\/$/, '')}/amends.sqlite`,
    host,
    port,
    publicUrl: (e.PUBLIC_URL ?? `http://${shownHost}:${port}`).replace(/\/$/, ''),
    smtpUrl: e.SMTP_URL,
    logLevel: e.LOG_LEVEL,
    dataDir,
    demo: e.AMENDS_DEMO,
    loginAttempts: e.LOGIN_ATTEMPTS,
    loginWindowSeconds: e.LOGIN_WINDOW_SECONDS,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    trustProxy: e.TRUST_PROXY,
    smtpFrom: e.SMTP_FROM ?? `Amends <no-reply@${new URL(e.PUBLIC_URL ?? 'http://localhost').hostname}>`,
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
    runWorker: e.RUN_WORKER,
    chromiumPath: e.CHROMIUM_PATH,
    webConcurrency: e.WEB_CONCURRENCY,
    feedbackRateLimit: e.FEEDBACK_RATE_LIMIT,
  });
}

/** A configuration for tests and tools: defaults plus overrides, no environment read. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return Object.freeze({ ...loadConfig({ LOG_LEVEL: 'silent', AMENDS_DEMO: 'false' }), ...overrides });
}
