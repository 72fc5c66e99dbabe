import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('one secret scrubber', () => {
  it("the instrumentation's copy is the shared scrubber, byte for byte", () => {
    const script = fileURLToPath(new URL('../scripts/copy-scrubber.mjs', import.meta.url));
    // exits 1 when schemas/src/scrub.ts changed without running the script
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
