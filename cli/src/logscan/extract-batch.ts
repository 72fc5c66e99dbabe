/**
 * Message Batch results files (`.jsonl` downloaded from a batch's `results_url`, or what
 * `client.messages.batches.results(id)` yields, written out one object a line). Each line is
 * `{"custom_id", "result": {"type": "succeeded" | "errored" | "canceled" | "expired", …}}`; an
 * errored one carries the API's error envelope `{"type":"error","error":{type,message},"request_id"}`
 * (older files: the bare `{type, message}`). Each errored line is one error for the classifier.
 * Canceled and expired results are not errors of a request and are not counted here (their lines
 * hold nothing but the type); the instrumentation records them (batch-results.ts there).
 */
import type { ClassifyInput } from '@claude-errors/analyzer/classify';
import type { Extracted } from './extract-json.js';
import { isObj, type Obj } from './obj.js';


/** The classifier input of a batch result line; undefined when `doc` is not a batch result. */
export function extractFromBatchResult(doc: unknown): Extracted | undefined {
  if (!isObj(doc) || typeof doc['custom_id'] !== 'string' || !isObj(doc['result'])) return undefined;
  const result = doc['result'];
  const type = result['type'];
  if (type !== 'succeeded' && type !== 'errored' && type !== 'canceled' && type !== 'expired') return undefined;
  if (type !== 'errored') return { input: { message: '' }, timestamp: null, isError: false };
  const envelope = isObj(result['error']) ? result['error'] : {};
  const error = isObj(envelope['error']) ? envelope['error'] : envelope;
  const input: ClassifyInput = { message: typeof error['message'] === 'string' ? error['message'] : '' };
  if (typeof error['type'] === 'string' && error['type'] !== 'error') input.error_type = error['type'];
  const details = error['details'];
  if (isObj(details) && typeof details['error_code'] === 'string') input.error_code = details['error_code'];
  return { input, timestamp: null, isError: true };
}
