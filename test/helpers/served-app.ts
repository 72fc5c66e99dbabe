import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { startFakeApi, type FakeApi } from '@claude-errors/testkit/fake-api';
import { instrumentedApp } from './app.js';
import { startServeProcess } from './cli.js';
import { late } from './late.js';

export interface ServedApp {
  api: FakeApi;
  app: Awaited<ReturnType<typeof instrumentedApp>>;
  analyzerUrl: string;
  /** The instrumented app's SDK client of the fake API (`opts`: the SDK's, e.g. maxRetries). */
  client(opts?: { maxRetries?: number }): ReturnType<Awaited<ReturnType<typeof instrumentedApp>>['client']>;
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
  const { serve, collectorUrl, analyzerUrl } = await startServeProcess(mkdtempSync(join(tmpdir(), dataPrefix)), serveArgs);
  const api = await startFakeApi();
  const app = await instrumentedApp(collectorUrl, service);
  return {
    api,
    app,
    analyzerUrl,
    client: (opts = {}) => app.client(api.url, opts),
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

/** startServedApp for the tests of one file: started before them (with `serveArgs()`), stopped after them. */
export function useServedApp(dataPrefix: string, service: string, serveArgs: () => string[] = () => []): ServedApp {
  let served: ServedApp | undefined;
  beforeAll(async () => {
    served = await startServedApp(dataPrefix, service, serveArgs());
  });
  afterAll(async () => served?.stop());
  return late('the served app', () => served);
}

/** A one-turn conversation, for calls whose content does not matter. */
export const HI = [{ role: 'user' as const, content: 'hi' }];
