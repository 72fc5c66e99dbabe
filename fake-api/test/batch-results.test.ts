import { describe, expect, it } from 'vitest';
import { useFakeApi } from '@claude-errors/testkit/use-fake-api';

/** The fake's Message Batch results speak the API's wire format (what the SDK's results() reads). */
const api = useFakeApi();

describe('fake API: batch results', () => {
  it('an ended batch points at its results, which are one MessageBatchIndividualResponse per line', async () => {
    api.setBatchResults('msgbatch_x', [
      { custom_id: 'a', type: 'succeeded', text: 'hi' },
      { custom_id: 'b', type: 'errored', error_type: 'invalid_request_error', message: 'bad', request_id: 'req_1' },
      { custom_id: 'c', type: 'errored', error_type: 'api_error', request_id: null },
      { custom_id: 'd', type: 'canceled' },
      { custom_id: 'e', type: 'expired' },
    ]);
    const batch = (await (await fetch(`${api.url}/v1/messages/batches/msgbatch_x`)).json()) as Record<string, unknown>;
    expect(batch).toMatchObject({
      id: 'msgbatch_x',
      type: 'message_batch',
      processing_status: 'ended',
      request_counts: { processing: 0, succeeded: 1, errored: 2, canceled: 1, expired: 1 },
      results_url: `${api.url}/v1/messages/batches/msgbatch_x/results`,
    });
    const res = await fetch(String(batch['results_url']));
    expect(res.headers.get('content-type')).toBe('application/binary');
    expect(res.headers.get('request-id')).toMatch(/^req_/);
    const lines = (await res.text()).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    expect(lines.map((l) => l.custom_id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(lines[0]!.result).toMatchObject({ type: 'succeeded', message: { type: 'message', content: [{ type: 'text', text: 'hi' }] } });
    expect(lines[1]!.result).toEqual({ type: 'errored', error: { type: 'error', error: { type: 'invalid_request_error', message: 'bad' }, request_id: 'req_1' } });
    expect(lines[2]!.result.error.request_id).toBeNull();
    expect(lines[3]!.result).toEqual({ type: 'canceled' });
    expect(lines[4]!.result).toEqual({ type: 'expired' });
    // A batch that was not set keeps the default (in progress, no results).
    expect(await (await fetch(`${api.url}/v1/messages/batches/msgbatch_other`)).json()).toMatchObject({ processing_status: 'in_progress', results_url: null });
  });
});
