import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { errorCatalog } from '@claude-errors/schemas';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const script = join(repo, 'schemas/scripts/generate-catalog-docs.mjs');
const docs = readFileSync(join(repo, 'docs/catalog.md'), 'utf8');

describe('docs/catalog.md is generated from schemas/catalog.json', () => {
  it('equals what the generator writes now', async () => {
    const { renderCatalogDocs } = (await import(pathToFileURL(script).href)) as { renderCatalogDocs: (catalog: unknown) => string };
    const catalog: unknown = JSON.parse(readFileSync(join(repo, 'schemas/catalog.json'), 'utf8'));
    expect(docs).toBe(renderCatalogDocs(catalog));
    // exits 1 and names the stale file when the catalog changed without `npm run gen:docs`
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('--check fails when the catalog changed and the docs did not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ce-docs-'));
    mkdirSync(join(dir, 'schemas/scripts'), { recursive: true });
    mkdirSync(join(dir, 'docs'));
    copyFileSync(script, join(dir, 'schemas/scripts/generate-catalog-docs.mjs'));
    copyFileSync(join(repo, 'docs/catalog.md'), join(dir, 'docs/catalog.md'));
    const changed = structuredClone(errorCatalog);
    changed.entries[0]!.fix = `${changed.entries[0]!.fix} Then try again.`;
    writeFileSync(join(dir, 'schemas/catalog.json'), JSON.stringify(changed));
    const r = spawnSync(process.execPath, [join(dir, 'schemas/scripts/generate-catalog-docs.mjs'), '--check'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('stale: docs/catalog.md');
  });

  it('shows every entry: id, status, type, title, cause, fix, snippets as fenced blocks, retryable, fault, references', () => {
    const sections = docs.split(/^### /m).slice(1);
    expect(sections.map((s) => s.slice(0, s.indexOf('\n')))).toEqual(errorCatalog.entries.map((e) => `\`${e.id}\``));
    errorCatalog.entries.forEach((e, i) => {
      const s = sections[i]!;
      expect(s, e.id).toContain(`**${e.title}**`);
      const another = "(no row in the error guide: another service's error, which `claude-errors analyze` never reports)";
      expect(s, e.id).toContain(e.guide ? '(a row of the error guide)' : e.refines ? `(refines the guide row [\`${e.refines}\`]` : e.another_service ? another : '(no row in the error guide)');
      expect(s.includes('Shared wording: other providers'), e.id).toBe(e.shared_wording === true);
      const row = `| ${e.status ?? '— (no HTTP response)'} | \`${e.error_type}\` | ${e.retryable ? 'yes' : 'no'} | ${e.fault}`;
      expect(s, e.id).toContain(row);
      expect(s, e.id).toContain(`**Cause.** ${e.cause}`);
      expect(s, e.id).toContain(`**Fix.** ${e.fix}`);
      if (e.snippets?.ts) expect(s, e.id).toContain('```ts\n' + e.snippets.ts.replace(/\n+$/, '') + '\n```');
      if (e.snippets?.python) expect(s, e.id).toContain('```python\n' + e.snippets.python.replace(/\n+$/, '') + '\n```');
      for (const r of e.references) expect(s, `${e.id}: ${r.title}`).toContain(r.url ? `- [${r.title}](${r.url})` : `- ${r.title}`);
    });
  });
});
