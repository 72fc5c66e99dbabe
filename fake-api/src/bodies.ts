// JSON bodies of successful answers, one per endpoint, shaped like the real API's.
import { randomBytes } from 'node:crypto';
import type { SuccessFate } from './fates.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A random id such as `req_011C…`, `msg_01…`, `msgbatch_01…`. */
export function newId(prefix: string): string {
  const bytes = randomBytes(22);
  let out = '';
  for (const b of bytes) out += BASE62[b % 62];
  return `${prefix}_011C${out}`;
}

export const DEFAULT_TEXT = 'Hello from the fake API.';
export const DEFAULT_MODEL = 'claude-sonnet-4-5';

export function usageOf(fate: SuccessFate): { input_tokens: number; output_tokens: number } {
  return fate.usage ?? { input_tokens: 12, output_tokens: 7 };
}

export function messageBody(fate: SuccessFate, model: string): Record<string, unknown> {
  return {
    id: newId('msg'),
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text: fate.text ?? DEFAULT_TEXT }],
    stop_reason: fate.stopReason ?? 'end_turn',
    stop_sequence: null,
    usage: { ...usageOf(fate), cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  };
}

export function completionBody(fate: SuccessFate, model: string): Record<string, unknown> {
  return {
    id: newId('compl'),
    type: 'completion',
    completion: fate.text ?? DEFAULT_TEXT,
    stop_reason: fate.stopReason ?? 'stop_sequence',
    model,
  };
}

export function batchBody(id: string = newId('msgbatch')): Record<string, unknown> {
  const now = new Date();
  return {
    id,
    type: 'message_batch',
    processing_status: 'in_progress',
    request_counts: { processing: 1, succeeded: 0, errored: 0, canceled: 0, expired: 0 },
    ended_at: null,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + 86_400_000).toISOString(),
    archived_at: null,
    cancel_initiated_at: null,
    results_url: null,
  };
}

/** One request of a finished batch, as the test scripts it; the fake writes the real result line. */
export type BatchResultSpec =
  | { custom_id: string; type: 'succeeded'; text?: string }
  | { custom_id: string; type: 'errored'; error_type: string; message?: string; request_id?: string | null }
  | { custom_id: string; type: 'canceled' | 'expired' };

/** A batch that has ended: its counts, and where its results are. */
export function endedBatchBody(id: string, results: BatchResultSpec[], resultsUrl: string): Record<string, unknown> {
  const counts = { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
  for (const r of results) counts[r.type] += 1;
  const now = new Date().toISOString();
  return { ...batchBody(id), processing_status: 'ended', request_counts: counts, ended_at: now, results_url: resultsUrl };
}

/**
 * The `.jsonl` of a batch's results, one `MessageBatchIndividualResponse` a line as the API writes
 * it: `succeeded` with the message, `errored` with the error envelope (`{"type":"error","error":
 * {type, message},"request_id"}`), `canceled` and `expired` with only their type.
 */
export function batchResultsJsonl(results: BatchResultSpec[], model = DEFAULT_MODEL): string {
  return results
    .map((r) => {
      const result =
        r.type === 'succeeded'
          ? { type: 'succeeded', message: messageBody({ kind: 'success', ...(r.text !== undefined ? { text: r.text } : {}) }, model) }
          : r.type === 'errored'
            ? {
                type: 'errored',
                error: { type: 'error', error: { type: r.error_type, message: r.message ?? r.error_type }, request_id: r.request_id === undefined ? newId('req') : r.request_id },
              }
            : { type: r.type };
      return `${JSON.stringify({ custom_id: r.custom_id, result })}\n`;
    })
    .join('');
}

export function modelBody(id: string): Record<string, unknown> {
  return { type: 'model', id, display_name: id, created_at: '2025-09-29T00:00:00Z' };
}

export function listBody(data: Array<Record<string, unknown>>): Record<string, unknown> {
  const ids = data.map((d) => String(d['id']));
  return { data, has_more: false, first_id: ids[0] ?? null, last_id: ids[ids.length - 1] ?? null };
}

/** The body of a successful answer to `path` (query string removed), or undefined for an unknown route. */
export function successBody(
  method: string,
  path: string,
  fate: SuccessFate,
  request: Record<string, unknown>,
): unknown {
  if (fate.body !== undefined) return fate.body;
  const model = typeof request['model'] === 'string' ? request['model'] : DEFAULT_MODEL;
  const batch = /^\/v1\/messages\/batches\/([^/]+)(\/cancel)?$/.exec(path);
  const modelRoute = /^\/v1\/models\/([^/]+)$/.exec(path);
  if (method === 'POST' && path === '/v1/messages') return messageBody(fate, model);
  if (method === 'POST' && path === '/v1/messages/count_tokens') return { input_tokens: usageOf(fate).input_tokens };
  if (method === 'POST' && path === '/v1/messages/batches') return batchBody();
  if (method === 'GET' && path === '/v1/messages/batches') return listBody([batchBody()]);
  if (batch?.[1] !== undefined) return batchBody(batch[1]);
  if (method === 'GET' && path === '/v1/models') return listBody([modelBody(DEFAULT_MODEL), modelBody('claude-haiku-4-5')]);
  if (method === 'GET' && modelRoute?.[1] !== undefined) return modelBody(modelRoute[1]);
  if (method === 'POST' && path === '/v1/complete') return completionBody(fate, model);
  return undefined;
}
