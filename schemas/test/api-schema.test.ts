import { describe, expect, it } from 'vitest';
import { apiResponseSchema, type ApiPath } from '@claude-errors/schemas/api';
import { loadPackageJson } from '../src/load-json.js';

const api = loadPackageJson<{ properties: Record<ApiPath, unknown>; $defs: Record<string, { required?: string[]; properties?: Record<string, unknown> }> }>('api.schema.json');

describe('the report API schemas (api.schema.json)', () => {
  it('gives each route its answer with every reference replaced and no generator keyword left', () => {
    for (const path of Object.keys(api.properties) as ApiPath[]) {
      const text = JSON.stringify(apiResponseSchema(path));
      expect(text, path).not.toContain('$ref');
      expect(text, path).not.toContain('tsType');
    }
    expect(apiResponseSchema('/api/v1/summary')).toMatchObject({ required: expect.arrayContaining(['by_catalog']), properties: { by_catalog: { items: { properties: { catalog_id: { type: 'string' } } } } } });
  });

  it('keeps the keywords written beside a reference: a nullable call row, a described total', () => {
    const detail = apiResponseSchema('/api/v1/errors/:trace_id/:span_id') as { properties: Record<string, Record<string, unknown>> };
    expect(detail.properties['call']).toMatchObject({ type: ['object', 'null'], properties: { trace_id: { type: 'string' } } });
    const trends = apiResponseSchema('/api/v1/trends') as { properties: Record<string, Record<string, unknown>> };
    expect(trends.properties['total']).toMatchObject({ type: 'object', description: expect.stringContaining('denominator'), required: ['key', 'calls', 'attempts'] });
  });

  it('requires every property of an answer object that lists its properties, in the order of `properties`', () => {
    // The serializer writes required properties first: with all of them required, the keys of an
    // answer come in the order of `properties`, which is the order the API has always sent.
    // RuleMatch has only the fields a rules file gives, always in this order (analyzer/src/rules/load.ts).
    const optional: Record<string, string[]> = { Trends: ['incidents'], RuleMatch: ['status', 'error_type', 'catalog_id'] };
    const objects = Object.entries(api.$defs).filter(([, def]) => def.properties);
    expect(objects.length).toBeGreaterThan(20);
    for (const [name, def] of objects) {
      expect(def.required ?? [], name).toEqual(Object.keys(def.properties!).filter((k) => !optional[name]?.includes(k)));
    }
  });

  it("describes a live row by the list row's own columns", () => {
    const defs = api.$defs as Record<string, { properties: Record<string, unknown> }>;
    for (const [name, column] of Object.entries(defs['LiveErrorRow']!.properties)) expect(column, name).toEqual(defs['ErrorRow']!.properties[name]);
  });

  it('gives a rule one of the three ways to resolve, and an alert and a live change the same fields', () => {
    const rules = apiResponseSchema('/api/v1/rules') as { properties: { rules: { items: { properties: Record<string, { anyOf?: { required: string[] }[] }> } } } };
    expect(rules.properties.rules.items.properties['resolve']!.anyOf!.map((v) => v.required)).toEqual([['successes'], ['quiet_for'], ['condition']]);
    const defs = api.$defs as Record<string, { properties: Record<string, unknown> }>;
    for (const [name, field] of Object.entries(defs['LiveAlert']!.properties)) {
      if (name !== 'value') expect(field, name).toEqual(defs['Alert']!.properties[name]);
    }
  });
});
