#!/usr/bin/env node
// Writes src/version.ts from this package's package.json, so the instrumentation scope's version is
// the published one. `npm version` runs it (the package's "version" script); `--check` exits 1 when
// the committed file is stale (instrumentation/test/version.test.ts runs it).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const target = fileURLToPath(new URL('../src/version.ts', import.meta.url));
const wanted = [
  '/* Generated from package.json by scripts/generate-version.mjs. Do not edit. */',
  "/** This package's version, as the instrumentation scope's version. */",
  `export const INSTRUMENTATION_VERSION = ${JSON.stringify(pkg.version).replaceAll('"', "'")};`,
  '',
].join('\n');

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {}
  if (current !== wanted) {
    console.error(`instrumentation/src/version.ts does not say version ${pkg.version} of package.json: run node instrumentation/scripts/generate-version.mjs`);
    process.exit(1);
  }
} else {
  writeFileSync(target, wanted);
}
