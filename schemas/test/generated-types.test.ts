import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { recordColumns, recordSchema } from '@claude-errors/schemas';

describe('schemas are the single source', () => {
  it('the committed TypeScript types match the JSON Schemas', () => {
    const script = fileURLToPath(new URL('../scripts/generate-types.mjs', import.meta.url));
    // exits 1 and names the stale file when a schema changed without `npm run gen:types`
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });
  it('every record property has a DuckDB column type, and the columns list them all', () => {
    for (const [name, prop] of Object.entries(recordSchema.properties)) {
      expect(prop['x-duckdb'], name).toMatch(/^(VARCHAR|INTEGER|DOUBLE|BOOLEAN|TIMESTAMP_MS|JSON)$/);
    }
    // The records table's columns (analyzer/src/store/migrate.ts makes the table from these).
    expect(recordColumns.map((c) => [c.name, c.type])).toEqual(Object.entries(recordSchema.properties).map(([name, prop]) => [name, prop['x-duckdb']]));
  });
});
