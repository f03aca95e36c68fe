import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testConfig } from '../../config/env.ts';
import { createServices } from '../../container.ts';
import type { TestDb } from '../../../test/db.ts';
import { createTestDb } from '../../../test/db.ts';
import { buildApp } from '../app.ts';
import { packageRoot } from './console.ts';

describe('serving the console', () => {
  let db: TestDb;
  let app: FastifyInstance;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'amends-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Amends</title>');
    writeFileSync(join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
    db = await createTestDb('sqlite');
    app = await buildApp(createServices(testConfig(), db.conn), { consoleDir: dir });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should send hashed assets as immutable and the page as no-cache', async () => {
    const asset = await app.inject({ url: '/admin/assets/app-1234.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const page = await app.inject({ url: '/admin/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
  });

  it('should answer console routes with the page and redirect / to it', async () => {
    const deep = await app.inject({ url: '/admin/orgs/paylode/incidents/bucket-exposure/actions' });
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toContain('<title>Amends</title>');
    const root = await app.inject({ url: '/' });
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe('/admin/');
  });

  it('should find the package folder from source and from a bundle', () => {
    const root = packageRoot();
    expect(packageRoot(join(root, 'dist', 'amends.mjs'))).toBe(root);
  });
});
