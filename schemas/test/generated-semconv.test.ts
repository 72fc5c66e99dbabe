import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as semconv from '@claude-errors/instrumentation-anthropic/semconv';
import source from '../semconv.json' with { type: 'json' };

describe('schemas/semconv.json is the single source of attribute names', () => {
  it('the committed Node and Python constants match it', () => {
    const script = fileURLToPath(new URL('../scripts/generate-semconv.mjs', import.meta.url));
    // exits 1 and names the stale file when semconv.json changed without `npm run gen:semconv`
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });
  it('every constant of the JSON file is exported by the Node package with its value', () => {
    const exported = semconv as unknown as Record<string, unknown>;
    for (const group of source.groups) {
      for (const c of group.constants) expect(exported[c.name], c.name).toBe(c.value);
      for (const l of group.lists ?? []) expect(exported[l.name], l.name).toEqual(l.values);
    }
  });
});
