import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fates, startFakeApi } from '@claude-errors/testkit/fake-api';
import { eventually, startServeProcess, type CliProcess } from '../helpers/cli.js';
import { bundleApp, installed, RUNTIMES } from './runtimes.js';

/**
 * Issue 14: the instrumentation in edge runtimes, without Node's module hooks. Each runtime runs
 * the same bundled app (app/scenario.ts): the real @anthropic-ai/sdk patched through
 * `@claude-errors/instrumentation-anthropic/edge`, calling the fake Claude API, and exporting with
 * the fetch OTLP exporter to a running `claude-errors serve`; the rows are read back from its API.
 */
let serve: CliProcess;
let collectorUrl = '';
let analyzerUrl = '';
let bundles = '';

beforeAll(async () => {
  ({ serve, collectorUrl, analyzerUrl } = await startServeProcess(mkdtempSync(join(tmpdir(), 'ce-edge-serve-'))));
  bundles = await bundleApp();
});
afterAll(async () => {
  await serve?.stop();
});

interface Row {
  kind: string;
  attempt: number;
  status: number | null;
  error_type: string | null;
  catalog_id: string | null;
  request_id: string | null;
  operation: string | null;
  model: string | null;
  span_id: string;
  stream: boolean | null;
  surface: string;
}

async function rows(service: string, kind: 'call' | 'attempt'): Promise<Row[]> {
  const res = await fetch(`${analyzerUrl}/api/v1/errors?from=-1h&kind=${kind}&service=${service}&limit=100`);
  return ((await res.json()) as { rows: Row[] }).rows;
}

describe('edge runtimes: instrumentAnthropic + fetch OTLP export, real runtimes from npm', () => {
  for (const runtime of RUNTIMES) {
    it(`${runtime.name}: every attempt and every failed batch result reaches the collector`, async (ctx) => {
      if (!installed(runtime)) ctx.skip(`${runtime.bin} does not run (npm install, with its postinstall allowed)`);
      const api = await startFakeApi();
      try {
        const quick = { retryAfterMs: 5 };
        api.enqueue(
          fates.overloaded(quick),
          fates.overloaded(quick),
          fates.success(),
          fates.error(400, 'invalid_request_error', { message: 'prompt is too long: 210000 tokens > 200000 maximum' }),
          fates.streamError('overloaded_error'),
        );
        const batchId = 'msgbatch_011Cedge';
        api.setBatchResults(batchId, [
          { custom_id: 'ok', type: 'succeeded' },
          { custom_id: 'busy', type: 'errored', error_type: 'overloaded_error', message: 'Overloaded', request_id: 'req_011Cedgebatch' },
          { custom_id: 'late', type: 'expired' },
        ]);
        const service = `edge-${runtime.name}`;
        const result = await runtime.run(bundles, { apiUrl: api.url, collectorUrl, service, batchId });
        expect(result).toMatchObject({
          rescued: 'message',
          refused: '400 invalid_request_error',
          streamError: expect.stringMatching(/overloaded_error/),
          batchResults: ['succeeded', 'errored', 'expired'],
        });
        expect(api.requests).toHaveLength(7); // 5 calls, then the batch's retrieve and its results download
        // workerd (no nodejs_compat flag) and the Edge Runtime have no process, Buffer or require at
        // all: the run there proves that neither the package nor its exporter needs them.
        if (runtime.name === 'workerd' || runtime.name === 'edge-runtime') expect(result.globals).toEqual({ process: false, Buffer: false, require: false });

        const attempts = await eventually(() => rows(service, 'attempt'), (r) => r.length >= 4);
        const summary = attempts
          .map((r) => `${r.operation} ${r.status} ${r.error_type} ${r.catalog_id}`)
          .sort();
        expect(summary).toEqual([
          'messages.create 200 overloaded_error overloaded', // the stream's error event after a 200
          'messages.create 400 invalid_request_error context-window-exceeded',
          'messages.create 529 overloaded_error overloaded',
          'messages.create 529 overloaded_error overloaded',
        ]);
        for (const r of attempts) {
          expect(r.model).toBe('claude-haiku-4-5');
          if (r.status !== 200) expect(r.request_id).toMatch(/^req_/);
        }
        // The two 529s are attempts 1 and 2 of one call (rescued by its third attempt).
        const rescued = attempts.filter((r) => r.status === 529);
        expect(new Set(rescued.map((r) => r.span_id)).size).toBe(1);
        expect(rescued.map((r) => r.attempt).sort()).toEqual([1, 2]);
        const calls = await eventually(() => rows(service, 'call'), (r) => r.length >= 4);
        expect(calls.map((r) => `${r.surface} ${r.status} ${r.error_type} ${r.stream}`).sort()).toEqual([
          'batch null batch_expired null',
          'batch null overloaded_error null',
          'messages 200 overloaded_error true',
          'messages 400 invalid_request_error false',
        ]);
        const all = JSON.stringify([attempts, calls]);
        expect(all).not.toContain('edge-secret-key');
      } finally {
        await api.close();
      }
    });
  }
});
