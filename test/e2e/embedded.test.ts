import { afterAll, beforeAll, describe, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeApi, type FakeApi } from '@claude-errors/testkit/fake-api';
import { instrumentedApp } from '../helpers/app.js';
import { runCli, type CliProcess } from '../helpers/cli.js';
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
});
