import type { KeyedMessage } from './messages.js';

/**
 * Splits the messages of one batch into produce requests of at most `maxBytes` of message values
 * each, keeping their order (so records of one key stay in accept order across requests). The
 * broker limits each partition's record batch (`message.max.bytes`, 1 MiB by default, checked
 * after compression): a request that stays under it in total stays under it in every partition.
 * A single message larger than `maxBytes` goes alone.
 */
export function splitByBytes(messages: readonly KeyedMessage[], maxBytes: number): KeyedMessage[][] {
  const out: KeyedMessage[][] = [];
  let current: KeyedMessage[] = [];
  let bytes = 0;
  for (const m of messages) {
    const size = m.value.length + Buffer.byteLength(m.key);
    if (current.length > 0 && bytes + size > maxBytes) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(m);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

const TOO_LARGE = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE']);

/**
 * True when the broker refused a produce request because a record batch was larger than it takes.
 * kafkajs reports it as a KafkaJSProtocolError (`type`), possibly inside retry wrappers (`cause`,
 * `originalError`) or an aggregate of per-broker errors (`errors`).
 */
export function isTooLargeError(err: unknown, depth = 0): boolean {
  if (typeof err !== 'object' || err === null || depth > 5) return false;
  const e = err as { type?: unknown; cause?: unknown; originalError?: unknown; errors?: unknown };
  if (typeof e.type === 'string' && TOO_LARGE.has(e.type)) return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => isTooLargeError(x, depth + 1))) return true;
  return isTooLargeError(e.cause, depth + 1) || isTooLargeError(e.originalError, depth + 1);
}
