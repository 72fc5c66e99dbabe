import { loadPackageJson } from './load-json.js';
import type { ApiResponses } from './generated/api.js';

export type * from './generated/api.js';

/** A report API route that has its 200 answer in api.schema.json. */
export type ApiPath = keyof ApiResponses;

type JsonSchema = { [key: string]: unknown };

const api = loadPackageJson<{ properties: Record<ApiPath, JsonSchema>; $defs: Record<string, JsonSchema> }>('api.schema.json');

/**
 * The 200 answer schema of a route (api.schema.json), as Fastify and the OpenAPI document take it:
 * `#/$defs/…` references replaced by the definitions they name (keywords beside a `$ref` win, so
 * `{ $ref: ErrorRow, type: [object, null] }` is a nullable row), and `tsType`, which only the type
 * generator reads, left out.
 */
export function apiResponseSchema(path: ApiPath): JsonSchema {
  return inline(api.properties[path]) as JsonSchema;
}

function inline(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(inline);
  if (node === null || typeof node !== 'object') return node;
  const { $ref, tsType: _generatorOnly, ...rest } = node as JsonSchema;
  const out: JsonSchema = {};
  if (typeof $ref === 'string') {
    const name = /^#\/\$defs\/(\w+)$/.exec($ref)?.[1];
    const def = name === undefined ? undefined : api.$defs[name];
    if (def === undefined) throw new Error(`api.schema.json: unknown reference ${$ref}`);
    Object.assign(out, inline(def));
  }
  for (const [k, v] of Object.entries(rest)) out[k] = inline(v);
  return out;
}
