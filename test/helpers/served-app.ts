import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { startFakeApi, type FakeApi } from '@claude-errors/testkit/fake-api';
import { instrumentedApp } from './app.js';
import { runCli } from './cli.js';

export interface ServedApp {
  api: FakeApi;
  app: Awaited<ReturnType<typeof instrumentedApp>>;
  analyzerUrl: string;
  /** GETs an analyzer API path (e.g. /api/v1/summary?from=-1h) and expects a 200. */
  get<T>(path: string): Promise<T>;
  stop(): Promise<void>;
}

/**
 * `claude-errors serve` as a process (a fresh data dir), the fake Claude API, and an instrumented
 * app exporting to the serve's collector: the set-up of the end-to-end tests that read rows back.
 * `serveArgs` are added to the serve command line (e.g. `--status-feed <url>`).
 */
export async function startServedApp(dataPrefix: string, service: string, serveArgs: string[] = []): Promise<ServedApp> {
  const serve = runCli(['serve', '--data', mkdtempSync(join(tmpdir(), dataPrefix)), '--port', '0', '--otlp-port', '0', ...serveArgs]);
  const collectorUrl = (await serve.waitFor(/OTLP\/HTTP receiver: (http:\/\/\S+)\/v1\/traces/))[1]!;
  const analyzerUrl = (await serve.waitFor(/API: +(http:\/\/\S+)\/api\/v1\/summary/))[1]!;
  const api = await startFakeApi();
  const app = await instrumentedApp(collectorUrl, service);
  return {
    api,
    app,
    analyzerUrl,
    async get<T>(path: string): Promise<T> {
      const res = await fetch(`${analyzerUrl}${path}`);
      expect(res.status, path).toBe(200);
      return (await res.json()) as T;
    },
    async stop() {
      await app.shutdown();
      await api.close();
      await serve.stop();
    },
  };
}
