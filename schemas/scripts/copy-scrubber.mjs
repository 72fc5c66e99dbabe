// Copies the shared secret scrubber (schemas/src/scrub.ts) into the published instrumentation
// package as instrumentation/src/secret-scrub.ts. The instrumentation cannot depend on the private
// @claude-errors/schemas package, so it carries a byte copy under a generated-file header.
//   node schemas/scripts/copy-scrubber.mjs          # write the copy
//   node schemas/scripts/copy-scrubber.mjs --check  # exit 1 when the copy is stale
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('../src/scrub.ts', import.meta.url));
const target = fileURLToPath(new URL('../../instrumentation/src/secret-scrub.ts', import.meta.url));
const HEADER = '// Generated from schemas/src/scrub.ts by schemas/scripts/copy-scrubber.mjs: edit that file, then run the script.\n';
const wanted = HEADER + readFileSync(source, 'utf8');

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {}
  if (current !== wanted) {
    console.error('instrumentation/src/secret-scrub.ts differs from schemas/src/scrub.ts: run node schemas/scripts/copy-scrubber.mjs');
    process.exit(1);
  }
} else {
  writeFileSync(target, wanted);
}
