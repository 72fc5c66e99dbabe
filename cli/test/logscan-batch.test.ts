import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanPaths } from '../src/logscan/index.js';
import { tempDir } from '@claude-errors/testkit/analyzer-fixtures/records';

/** A results file as the Batch API writes it (MessageBatchIndividualResponse lines). */
const LINES = [
  { custom_id: 'ok-1', result: { type: 'succeeded', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-haiku-4-5', content: [{ type: 'text', text: 'Claude says no error here' }], stop_reason: 'end_turn', usage: { input_tokens: 3, output_tokens: 4 } } } },
  { custom_id: 'long', result: { type: 'errored', error: { type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long: 210000 tokens > 200000 maximum' }, request_id: 'req_011Ca' } } },
  { custom_id: 'busy', result: { type: 'errored', error: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' }, request_id: null } } },
  { custom_id: 'busy-2', result: { type: 'errored', error: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' }, request_id: 'req_011Cb' } } },
  // an older file: the bare error object
  { custom_id: 'old', result: { type: 'errored', error: { type: 'overloaded_error', message: 'Overloaded' } } },
  { custom_id: 'gone', result: { type: 'canceled' } },
  { custom_id: 'late', result: { type: 'expired' } },
];

describe('analyze: Message Batch results (.jsonl)', () => {
  it('counts each errored line as one classified error; succeeded, canceled and expired lines are not errors', async () => {
    const file = join(tempDir('ce-batch-'), 'msgbatch_011C.jsonl');
    writeFileSync(file, LINES.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const report = await scanPaths([file]);
    const counts = Object.fromEntries(report.entries.map((e) => [e.catalog_id, e.count]));
    expect(counts).toEqual({ 'context-window-exceeded': 1, overloaded: 3 });
    expect(report.unknown_patterns).toEqual([]);
    expect(report.entries.find((e) => e.catalog_id === 'context-window-exceeded')?.sample.line).toBe(2);
  });
});
