// Set-up paths an application uses: registerInstrumentations with a CommonJS require, and the ESM
// loader hook, each in a fresh Node process with the built package.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fates } from '@claude-errors/testkit/fake-api';
import { useFakeApi } from '@claude-errors/testkit/use-fake-api';

const run = promisify(execFile);
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const api = useFakeApi({ resetEach: true });

async function spansOf(app: string, env: Record<string, string> = {}): Promise<Array<{ name: string; attributes: Record<string, unknown>; events: Array<{ name: string }> }>> {
  const { stdout } = await run(process.execPath, ['--import', fixture('otel-setup.mjs'), fixture(app)], {
    env: { ...process.env, FAKE_API_URL: api.url, ...env },
    timeout: 30_000,
  });
  return stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

describe('application set-up', () => {
  it('CommonJS: registerInstrumentations patches require("@anthropic-ai/sdk")', async () => {
    api.enqueue(fates.overloaded({ retryAfterMs: 1 }));
    const spans = await spansOf('app.cjs');
    expect(spans).toHaveLength(1);
    expect(spans[0]!.attributes).toMatchObject({ 'anthropic.operation': 'messages.create', 'anthropic.attempt.count': 2, 'anthropic.outcome': 'success' });
    expect(spans[0]!.events.filter((e) => e.name === 'anthropic.attempt')).toHaveLength(2);
  });

  it('ESM: the loader hook patches import of "@anthropic-ai/sdk"', async () => {
    api.enqueue(fates.overloaded({ retryAfterMs: 1 }));
    const spans = await spansOf('app.mjs', { ESM_HOOK: '1' });
    expect(spans).toHaveLength(1);
    expect(spans[0]!.attributes).toMatchObject({ 'anthropic.operation': 'messages.create', 'anthropic.attempt.count': 2 });
  });

  it('ESM without the loader hook records nothing (manuallyInstrument is the way there)', async () => {
    const spans = await spansOf('app.mjs');
    expect(spans).toHaveLength(0);
  });
});
