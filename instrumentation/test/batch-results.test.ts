import { describe, expect, it } from 'vitest';
import { fates, type BatchResultSpec } from '@claude-errors/testkit/fake-api';
import { SDK_VERSIONS, useHarness, type SdkVersion } from './helpers.js';

/**
 * Message Batch results: iterating `client.messages.batches.results(id)` (the SDK downloads the
 * batch's .jsonl from its results_url) records each errored, canceled and expired result as an
 * `anthropic.batch.result` event on the results call span, and the count of each type on it.
 */
const RESULTS: BatchResultSpec[] = [
  { custom_id: 'ok-1', type: 'succeeded' },
  { custom_id: 'bad-1', type: 'errored', error_type: 'invalid_request_error', message: 'prompt is too long: 210000 tokens > 200000 maximum (key sk-ant-api03-LEAKED0123456789)', request_id: 'req_011CbatchErr1' },
  { custom_id: 'ok-2', type: 'succeeded', text: 'x'.repeat(100_000) },
  { custom_id: 'over-1', type: 'errored', error_type: 'overloaded_error', message: 'Overloaded', request_id: null },
  { custom_id: 'gone-1', type: 'canceled' },
  { custom_id: 'late-1', type: 'expired' },
];

const h = useHarness();

/** The client's Message Batches resource (under `beta` in the SDKs of late 2024); undefined before batches existed (0.27). */
function batchesOf(c: any): any {
  return typeof c.messages.batches?.results === 'function' ? c.messages.batches : c.beta?.messages?.batches;
}

describe.each(SDK_VERSIONS)('batch results on SDK $label', (version: SdkVersion) => {
  it('records each errored, canceled and expired result and the counts on the results span', async (ctx) => {
    const client = await h.client(version);
    if (!batchesOf(client)) ctx.skip(`SDK ${version.version} has no Message Batches`);
    h.api.setBatchResults('msgbatch_011Ctest', RESULTS);
    const seen: string[] = [];
    for await (const line of await batchesOf(client).results('msgbatch_011Ctest')) seen.push(`${line.custom_id} ${line.result.type}`);
    expect(seen).toEqual(['ok-1 succeeded', 'bad-1 errored', 'ok-2 succeeded', 'over-1 errored', 'gone-1 canceled', 'late-1 expired']);

    const spans = await h.waitForSpans(2);
    const results = spans.find((s) => String(s.attributes['anthropic.operation']).endsWith('messages.batches.results'));
    expect(results, spans.map((s) => s.name).join(', ')).toBeDefined();
    expect(results!.attributes).toMatchObject({
      'anthropic.outcome': 'success',
      'anthropic.message.batch.id': 'msgbatch_011Ctest',
      'anthropic.batch.results.succeeded': 2,
      'anthropic.batch.results.errored': 2,
      'anthropic.batch.results.canceled': 1,
      'anthropic.batch.results.expired': 1,
    });
    const events = results!.events.filter((e) => e.name === 'anthropic.batch.result').map((e) => ({ ...e.attributes }));
    expect(events).toEqual([
      {
        'anthropic.batch.custom_id': 'bad-1',
        'anthropic.batch.result.type': 'errored',
        'error.type': 'invalid_request_error',
        'anthropic.error.type': 'invalid_request_error',
        'anthropic.error.message': 'prompt is too long: 210000 tokens > 200000 maximum (key [REDACTED:anthropic-key])',
        'anthropic.request.id': 'req_011CbatchErr1',
      },
      {
        'anthropic.batch.custom_id': 'over-1',
        'anthropic.batch.result.type': 'errored',
        'error.type': 'overloaded_error',
        'anthropic.error.type': 'overloaded_error',
        'anthropic.error.message': 'Overloaded',
      },
      { 'anthropic.batch.custom_id': 'gone-1', 'anthropic.batch.result.type': 'canceled', 'error.type': 'batch_canceled' },
      { 'anthropic.batch.custom_id': 'late-1', 'anthropic.batch.result.type': 'expired', 'error.type': 'batch_expired' },
    ]);
  });

  it('a results download that failed and was retried: the attempts, then the results', async (ctx) => {
    const client = await h.client(version);
    if (!batchesOf(client)) ctx.skip(`SDK ${version.version} has no Message Batches`);
    h.api.setBatchResults('msgbatch_011Cretry', RESULTS.slice(0, 2));
    h.api.enqueue(fates.success(), fates.overloaded({ retryAfterMs: 5 })); // retrieve, then a 529 on the download
    const lines = [];
    for await (const line of await batchesOf(client).results('msgbatch_011Cretry')) lines.push(line);
    expect(lines).toHaveLength(2);
    const spans = await h.waitForSpans(2);
    const results = spans.find((s) => String(s.attributes['anthropic.operation']).endsWith('messages.batches.results'))!;
    expect(results.events.filter((e) => e.name === 'anthropic.attempt').map((e) => e.attributes?.['http.response.status_code'])).toEqual([529, 200]);
    expect(results.attributes).toMatchObject({ 'anthropic.batch.results.succeeded': 1, 'anthropic.batch.results.errored': 1 });
  });
});

describe('batch results iterated late', () => {
  it('the app still reads every line (the body is not copied under the SDK); the span has no result events then', async () => {
    const version = SDK_VERSIONS.find((v) => v.version === '1.13.0' && !v.nativeTracing)!;
    const client = await h.client(version);
    h.api.setBatchResults('msgbatch_011Clate', RESULTS.slice(0, 2));
    const decoder = await client.messages.batches.results('msgbatch_011Clate');
    await new Promise((r) => setTimeout(r, 1200)); // past bodyReadTimeoutMs (1000)
    const seen: string[] = [];
    for await (const line of decoder) seen.push(line.custom_id);
    expect(seen).toEqual(['ok-1', 'bad-1']);
    const spans = await h.waitForSpans(2);
    const results = spans.find((s) => s.attributes['anthropic.operation'] === 'messages.batches.results')!;
    expect(results.attributes['anthropic.outcome']).toBe('success');
    expect(results.attributes['anthropic.batch.results.errored']).toBeUndefined();
    expect(results.events.filter((e) => e.name === 'anthropic.batch.result')).toEqual([]);
  });
});

describe.each(SDK_VERSIONS.filter((v) => v.version !== '0.27.3'))('beta batch results on SDK $label', (version: SdkVersion) => {
  it('client.beta.messages.batches.results is recorded the same way, as beta.messages.batches.results', async (ctx) => {
    const client = await h.client(version);
    if (typeof client.beta?.messages?.batches?.results !== 'function') ctx.skip(`SDK ${version.version} has no beta Message Batches`);
    h.api.setBatchResults('msgbatch_011Cbeta', RESULTS.slice(0, 2));
    for await (const _line of await client.beta.messages.batches.results('msgbatch_011Cbeta')) {
      // read every line
    }
    const spans = await h.waitForSpans(2);
    const results = spans.find((s) => String(s.attributes['anthropic.operation']).endsWith('messages.batches.results'))!;
    expect(results.attributes).toMatchObject({ 'anthropic.operation': 'beta.messages.batches.results', 'anthropic.batch.results.succeeded': 1, 'anthropic.batch.results.errored': 1 });
    expect(results.events.filter((e) => e.name === 'anthropic.batch.result')).toHaveLength(1);
  });
});
