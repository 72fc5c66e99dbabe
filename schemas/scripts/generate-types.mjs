#!/usr/bin/env node
// Generates TypeScript types from the JSON Schemas in schemas/. Run `npm run gen:types`;
// `--check` exits 1 when the committed files are stale (the test suite runs it).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
const targets = [
  { schema: 'record.schema.json', out: 'src/generated/record.ts' },
  ...(existsSync(`${root}/catalog.schema.json`) ? [{ schema: 'catalog.schema.json', out: 'src/generated/catalog.ts' }] : []),
  ...(existsSync(`${root}/rules.schema.json`) ? [{ schema: 'rules.schema.json', out: 'src/generated/rules.ts' }] : []),
  // `tsType` in api.schema.json names the catalog's own type where a route passes catalog entries
  // through; the $defs only such a `tsType` names are generated too (unreachableDefinitions).
  { schema: 'api.schema.json', out: 'src/generated/api.ts', imports: ["import type { CatalogEntry } from './catalog.js';"], options: { unreachableDefinitions: true } },
];
const check = process.argv.includes('--check');
let stale = 0;
for (const t of targets) {
  const schema = JSON.parse(readFileSync(`${root}/${t.schema}`, 'utf8'));
  const ts = await compile(schema, schema.title ?? t.schema, {
    bannerComment: [`/* Generated from schemas/${t.schema} by schemas/scripts/generate-types.mjs. Do not edit. */`, ...(t.imports ?? [])].join('\n'),
    additionalProperties: false,
    strictIndexSignatures: true,
    format: true,
    ...t.options,
  });
  const path = `${root}/${t.out}`;
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  if (current === ts) continue;
  if (check) {
    console.error(`stale: ${t.out} does not match ${t.schema}; run npm run gen:types`);
    stale++;
  } else {
    writeFileSync(path, ts);
    console.log(`wrote ${t.out}`);
  }
}
process.exit(stale ? 1 : 0);
