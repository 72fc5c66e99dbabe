// Every coded error the source can raise is documented in docs/errors.md, and the docs name no
// code the source no longer has.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = new URL('../../', import.meta.url).pathname;
const SOURCES = ['schemas/src', 'instrumentation/src', 'collector/src', 'analyzer/src', 'cli/src'];
const CODE_RE = /CE_ERR_[A-Z0-9_]+/g;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'generated' ? [] : tsFiles(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

function codesIn(text: string): Set<string> {
  return new Set(text.match(CODE_RE) ?? []);
}

describe('docs/errors.md', () => {
  const inSource = new Set(SOURCES.flatMap((d) => tsFiles(join(REPO, d))).flatMap((f) => [...codesIn(readFileSync(f, 'utf8'))]));
  const docs = readFileSync(join(REPO, 'docs/errors.md'), 'utf8');
  const documented = new Set([...docs.matchAll(/^\| `(CE_ERR_[A-Z0-9_]+)` \|/gm)].map((m) => m[1]!));

  it('finds the codes in the source at all', () => {
    expect(inSource.size).toBeGreaterThan(10);
    expect(inSource).toContain('CE_ERR_OTLP_DECODE');
  });

  it('documents, in a table row, every code the source raises', () => {
    expect([...inSource].filter((c) => !documented.has(c)).sort()).toEqual([]);
  });

  it('documents no code the source does not have', () => {
    expect([...codesIn(docs)].filter((c) => !inSource.has(c)).sort()).toEqual([]);
  });
});
