import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { testConfig } from '../src/config/env.ts';
import type { Config } from '../src/config/env.ts';
import type { Services } from '../src/container.ts';
import { createServices } from '../src/container.ts';
import { buildApp } from '../src/server/app.ts';
import type { Role } from '../src/shared/enums.ts';
import type { DialectName, TestDb } from './db.ts';
import { createTestDb } from './db.ts';
import { makeOrg, makeToken } from './factories.ts';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  db: TestDb;
  close(): Promise<void>;
}

/** The real app over a fresh database, driven through inject(). */
export async function createTestApp(
  dialect: DialectName = 'sqlite',
  config: Partial<Config> = {},
  clock?: () => Date,
): Promise<TestApp> {
  const db = await createTestDb(dialect);
  const services = createServices(testConfig(config), db.conn, clock);
  const app = await buildApp(services);
  return {
    app,
    services,
    db,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

/** An organization with a bearer header for each role asked for. */
export async function orgWithTokens(s: Services, roles: Role[] = ['owner']) {
  const org = await makeOrg(s);
  const headers = {} as Record<Role, { authorization: string }>;
  for (const role of roles) {
    headers[role] = { authorization: `Bearer ${(await makeToken(s, org.slug, role)).token}` };
  }
  return { org, headers };
}

/** Parses a JSON response body. */
export function body<T = any>(res: LightMyRequestResponse): T {
  return JSON.parse(res.body) as T;
}

/** Asserts nothing; returns the problem document of an error response. */
export function problem(res: LightMyRequestResponse) {
  return body<{
    type: string;
    title: string;
    status: number;
    detail: string;
    code: string;
    errors?: { path: string; message: string; rule?: string; remedy?: string }[];
  }>(res);
}
