import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as root from '@claude-errors/instrumentation-anthropic';
import * as edge from '@claude-errors/instrumentation-anthropic/edge';
import { INSTRUMENTATION_VERSION } from '../src/version.js';

describe('the published API', () => {
  it('the package root exports the instrumentation, its SDK range and the preflight lint, nothing else', () => {
    expect(Object.keys(root).sort()).toEqual(
      ['AnthropicInstrumentation', 'CE_ERR_PREFLIGHT_LINT', 'PreflightLintError', 'SUPPORTED_SDK_VERSIONS', 'lintMessagesRequest'].sort(),
    );
  });
  it('the edge entry exports its factory and the preflight lint, nothing else', () => {
    expect(Object.keys(edge).sort()).toEqual(['CE_ERR_PREFLIGHT_LINT', 'PreflightLintError', 'instrumentAnthropic', 'lintMessagesRequest'].sort());
  });
  it("the scope version is package.json's version, and src/version.ts is not stale", () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(INSTRUMENTATION_VERSION).toBe(pkg.version);
    const script = fileURLToPath(new URL('../scripts/generate-version.mjs', import.meta.url));
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
