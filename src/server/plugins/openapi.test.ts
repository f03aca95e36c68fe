import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { createTestApp } from '../../../test/app.ts';

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: any;
  beforeAll(async () => {
    t = await createTestApp();
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    doc = JSON.parse(res.body);
  });
  afterAll(async () => t?.close());

  it('should be a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('should document every tenant route with its problem responses', () => {
    for (const route of t.app.tenantRoutes) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      const op = doc.paths[path]?.[route.method.toLowerCase()];
      expect(op, `${route.method} ${path}`).toBeDefined();
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403', '404']));
    }
  });

  it('should describe request bodies with the schemas that validate them', () => {
    const create =
      doc.paths['/api/v1/orgs/{org}/incidents'].post.requestBody.content['application/json'].schema;
    const resolved = create.$ref ? doc.components.schemas[create.$ref.split('/').pop()] : create;
    expect(resolved.required).toEqual(expect.arrayContaining(['title', 'kind']));
    expect(resolved.additionalProperties).toBe(false);
  });

  it('should be browsable at /api/docs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/swagger/i);
  });
});
