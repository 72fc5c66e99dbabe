#!/usr/bin/env node
// Generates the attribute-name constants of both instrumentations from schemas/semconv.json:
// instrumentation/src/semconv.ts (Node) and the Python package's _semconv.py. Run
// `npm run gen:semconv`; `--check` exits 1 when a committed file is stale (the test suite runs it).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const source = JSON.parse(readFileSync(`${repo}schemas/semconv.json`, 'utf8'));
const BANNER = 'Generated from schemas/semconv.json by schemas/scripts/generate-semconv.mjs. Do not edit.';

export function typescript(src) {
  const out = [
    `/* ${BANNER} */`,
    '/**',
    ' * Attribute and event names this instrumentation emits. The collector imports this module to map',
    ' * spans back into records, so renaming a constant here is a breaking change for both.',
    ' *',
    ' * Call span: standard OpenTelemetry GenAI attributes plus `anthropic.*` detail.',
    ' * Attempts: one span event named ATTEMPT_EVENT per HTTP attempt, on the call span.',
    ' */',
  ];
  for (const g of src.groups) {
    out.push('', `// --- ${g.title} ---`);
    for (const c of g.constants ?? []) {
      if (c.jsdoc) out.push(`/** ${c.jsdoc} */`);
      out.push(`export const ${c.name} = ${JSON.stringify(c.value).replaceAll('"', "'")};${c.doc ? ` // ${c.doc}` : ''}`);
    }
    for (const u of g.unions ?? []) out.push(`export type ${u.name} = ${u.values.map((v) => `'${v}'`).join(' | ')};`);
    for (const l of g.lists ?? []) {
      if (l.jsdoc) out.push(`/** ${l.jsdoc} */`);
      out.push(`export const ${l.name} = [${l.values.map((v) => `'${v}'`).join(', ')}] as const;`);
    }
    if (g.ratelimitAttribute) {
      out.push(
        '/** anthropic.ratelimit.<kind>.<field>, e.g. anthropic.ratelimit.output_tokens.remaining. */',
        'export function ratelimitAttribute(',
        '  kind: (typeof RATELIMIT_KINDS)[number],',
        '  field: (typeof RATELIMIT_FIELDS)[number],',
        '): string {',
        '  return `${RATELIMIT_PREFIX}${kind}.${field}`;',
        '}',
      );
    }
  }
  return `${out.join('\n')}\n`;
}

export function python(src) {
  const out = [
    `# ${BANNER}`,
    '"""Span, event and attribute names this instrumentation emits, the same as the Node package\'s.',
    '',
    'Call span: standard OpenTelemetry GenAI attributes plus ``anthropic.*`` detail.',
    'Attempts: one span event named ATTEMPT_EVENT per HTTP attempt, on the call span.',
    '"""',
    '',
    'from typing import Final, Literal, Tuple',
  ];
  for (const g of src.groups) {
    out.push('', `# --- ${g.title} ---`);
    for (const c of g.constants ?? []) {
      const doc = c.doc ?? c.jsdoc;
      out.push(`${c.name}: Final = ${JSON.stringify(c.value)}${doc ? `  # ${doc}` : ''}`);
    }
    for (const u of g.unions ?? []) out.push(`${u.name} = Literal[${u.values.map((v) => JSON.stringify(v)).join(', ')}]`);
    for (const l of g.lists ?? []) {
      if (l.jsdoc) out.push(`# ${l.jsdoc}`);
      out.push(`${l.name}: Final[Tuple[str, ...]] = (${l.values.map((v) => JSON.stringify(v)).join(', ')})`);
    }
    if (g.ratelimitAttribute) {
      out.push(
        '',
        '',
        'def ratelimit_attribute(kind: str, field: str) -> str:',
        '    """anthropic.ratelimit.<kind>.<field>, e.g. anthropic.ratelimit.output_tokens.remaining."""',
        '    return f"{RATELIMIT_PREFIX}{kind}.{field}"',
        '',
      );
    }
  }
  return `${out.join('\n')}\n`;
}

const targets = [
  { out: 'instrumentation/src/semconv.ts', render: typescript },
  { out: 'instrumentation/python/src/claude_errors_instrumentation_anthropic/_semconv.py', render: python },
];

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const t of targets) {
    const text = t.render(source);
    const path = `${repo}${t.out}`;
    const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
    if (current === text) continue;
    if (check) {
      console.error(`stale: ${t.out} does not match schemas/semconv.json; run npm run gen:semconv`);
      stale++;
    } else {
      writeFileSync(path, text);
      console.log(`wrote ${t.out}`);
    }
  }
  process.exit(stale ? 1 : 0);
}
