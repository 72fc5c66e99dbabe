import { describe, expect, it } from 'vitest';
import { fates } from '@claude-errors/testkit/fake-api';
import { eventually, runCli } from '../helpers/cli.js';
import { HI, useServedApp } from '../helpers/served-app.js';

/**
 * Message Batch results end to end: the app iterates client.messages.batches.results(id) (real SDK,
 * fake API serving the .jsonl), the instrumentation records the failed results as events, the
 * collector makes each one a call row with surface=batch, and the API filters by surface.
 */
const served = useServedApp('ce-e2e-batch-', 'batch-app');
const get = <T>(path: string): Promise<T> => served.get<T>(path);

interface Row {
  kind: string;
  surface: string;
  outcome: string;
  status: number | null;
  error_type: string | null;
  catalog_id: string | null;
  request_id: string | null;
  operation: string | null;
  span_id: string;
  message: string | null;
  attributes: Record<string, unknown> | null;
}

describe('Message Batch results: instrumentation -> collector (surface=batch) -> API', () => {
  it('each errored and expired result is a batch row, filtered apart from synchronous calls', async () => {
    const client = served.client({ maxRetries: 0 });
    // One synchronous failure, to tell the surfaces apart.
    served.api.enqueue(fates.overloaded());
    await expect(client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 8, messages: HI })).rejects.toMatchObject({ status: 529 });
    served.api.setBatchResults('msgbatch_011Ce2e', [
      { custom_id: 'ok', type: 'succeeded' },
      { custom_id: 'too-long', type: 'errored', error_type: 'invalid_request_error', message: 'prompt is too long: 210000 tokens > 200000 maximum', request_id: 'req_011Ce2eA' },
      { custom_id: 'busy', type: 'errored', error_type: 'overloaded_error', message: 'Overloaded', request_id: 'req_011Ce2eB' },
      { custom_id: 'stopped', type: 'canceled' },
      { custom_id: 'late', type: 'expired' },
    ]);
    const seen: string[] = [];
    for await (const r of await client.messages.batches.results('msgbatch_011Ce2e')) seen.push(r.result.type);
    expect(seen).toEqual(['succeeded', 'errored', 'errored', 'canceled', 'expired']);

    const batch = await eventually(
      () => get<{ rows: Row[] }>('/api/v1/errors?from=-1h&surface=batch&limit=100'),
      (r) => r.rows.length >= 3,
    );
    const summary = batch.rows.map((r) => `${r.kind} ${r.outcome} ${r.error_type} ${r.catalog_id} ${r.request_id} ${String(r.attributes?.['anthropic.batch.custom_id'])}`).sort();
    expect(summary).toEqual([
      'call error batch_expired unknown null late',
      'call error invalid_request_error context-window-exceeded req_011Ce2eA too-long',
      'call error overloaded_error overloaded req_011Ce2eB busy',
    ]);
    for (const r of batch.rows) {
      expect(r).toMatchObject({ surface: 'batch', status: null, operation: 'messages.batches.results' });
      expect(r.attributes).toMatchObject({ 'anthropic.message.batch.id': 'msgbatch_011Ce2e', 'anthropic.batch.result.type': r.error_type === 'batch_expired' ? 'expired' : 'errored' });
    }
    expect(new Set(batch.rows.map((r) => r.span_id)).size).toBe(3);

    // The synchronous 529 is the messages surface; no batch row is there.
    const messages = await get<{ rows: Row[] }>('/api/v1/errors?from=-1h&surface=messages&limit=100');
    expect(messages.rows.length).toBeGreaterThan(0);
    expect(messages.rows.every((r) => r.surface === 'messages')).toBe(true);
    expect(messages.rows.map((r) => r.error_type)).toContain('overloaded_error');

    // Reports take the filter too: the batch summary counts the three failed results as failed calls.
    const s = await get<Record<string, any>>('/api/v1/summary?from=-1h&surface=batch');
    expect(s).toMatchObject({ failed_calls: 3 });
    expect(s.by_catalog.map((c: any) => c.catalog_id).sort()).toEqual(['context-window-exceeded', 'overloaded', 'unknown']);

    // The CLI report passes the filter on.
    const report = runCli(['report', '--url', served.analyzerUrl.replace(/\/$/, ''), '--since', '1h', '--surface', 'batch', '--json']);
    expect(await report.exited()).toBe(0);
    expect(JSON.parse(report.stdout()).summary).toMatchObject({ failed_calls: 3 });
  });
});
