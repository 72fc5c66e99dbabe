import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fates, startFakeApi, type FakeApi } from '@claude-errors/testkit/fake-api';
import { instrumentedApp } from '../helpers/app.js';
import { eventually, runCli, type CliProcess } from '../helpers/cli.js';
import { overloadScenario } from './pipeline.js';

let serve: CliProcess;
let api: FakeApi;
let app: Awaited<ReturnType<typeof instrumentedApp>>;
let collectorUrl = '';
let analyzerUrl = '';

beforeAll(async () => {
  const data = mkdtempSync(join(tmpdir(), 'ce-e2e-embedded-'));
  serve = runCli(['serve', '--data', data, '--port', '0', '--otlp-port', '0']);
  collectorUrl = (await serve.waitFor(/OTLP\/HTTP receiver: (http:\/\/\S+)\/v1\/traces/))[1]!;
  analyzerUrl = (await serve.waitFor(/API: +(http:\/\/\S+)\/api\/v1\/summary/))[1]!;
  api = await startFakeApi();
  app = await instrumentedApp(collectorUrl);
});
afterAll(async () => {
  await app?.shutdown();
  await api?.close();
  await serve?.stop();
});

describe('embedded mode end to end: real SDK -> fake API -> instrumentation -> OTLP -> collector -> queue -> DuckDB -> API', () => {
  it('counts a call rescued after two 529s and a call whose retries ran out', async () => {
    await overloadScenario(app, api, analyzerUrl);
  });

  it('names a 429 by its error_code: a spend limit, not a rate limit, from the body to the summary', async () => {
    const client = app.client(api.url, { maxRetries: 0 });
    const message = 'You have exceeded your monthly usage threshold.';
    api.enqueue(fates.error(429, 'rate_limit_error', { message, errorCode: 'enforced_spend_limit_reached', shouldRetry: false }));
    await expect(client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 429 });
    const summary = await eventually(
      async () => (await fetch(`${analyzerUrl}/api/v1/summary?from=-1h&model=claude-haiku-4-5`)).json() as Promise<Record<string, any>>,
      (s) => s.failed_calls === 1,
    );
    expect(summary.by_catalog).toEqual([expect.objectContaining({ catalog_id: 'usage-limit-reached', failed_calls: 1, failed_attempts: 1, status: 429 })]);
  });
});
