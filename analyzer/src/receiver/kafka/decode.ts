import type { ErrorRecord } from '@claude-errors/schemas';
import type { DeadLetter } from '../../ingest-sink.js';

const MAX_PAYLOAD_CHARS = 4096;
const KINDS = new Set(['call', 'attempt']);
const OUTCOMES = new Set(['success', 'error', 'cancelled']);

/** A Kafka message as the decoder needs it. */
export interface RawMessage {
  offset: string;
  value: Buffer | null;
}

export interface Decoded {
  records: ErrorRecord[];
  deadLetters: DeadLetter[];
}

/** Why `value` is not a record of the minimal shape, or undefined when it is. */
export function recordProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'record is not an object';
  const r = value as Record<string, unknown>;
  if (!KINDS.has(r['kind'] as string)) return 'kind must be "call" or "attempt"';
  if (typeof r['time'] !== 'number' || !Number.isFinite(r['time'])) return 'time must be a number (epoch ms)';
  for (const field of ['trace_id', 'span_id', 'service', 'source'] as const) {
    if (typeof r[field] !== 'string' || r[field] === '') return `${field} must be a non-empty string`;
  }
  if (!Number.isInteger(r['attempt']) || (r['attempt'] as number) < 0) return 'attempt must be an integer >= 0';
  if (!OUTCOMES.has(r['outcome'] as string)) return 'outcome must be success, error or cancelled';
  return undefined;
}

function truncate(text: string): string {
  return text.length > MAX_PAYLOAD_CHARS ? `${text.slice(0, MAX_PAYLOAD_CHARS)}…[truncated]` : text;
}

/**
 * Decodes message values (each a JSON array of records, as the Kafka exporter writes them).
 * Nothing here throws: an undecodable message becomes one dead letter, an invalid element of an
 * otherwise good array becomes a dead letter of its own, and the valid elements go on.
 */
export function decodeMessages(topic: string, partition: number, messages: readonly RawMessage[]): Decoded {
  const out: Decoded = { records: [], deadLetters: [] };
  for (const msg of messages) {
    const source = `kafka:${topic}/${partition}@${msg.offset}`;
    const text = msg.value?.toString('utf8') ?? '';
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      out.deadLetters.push({ source, reason: `value is not JSON: ${(err as Error).message}`, payload: truncate(text) });
      continue;
    }
    if (!Array.isArray(parsed)) {
      out.deadLetters.push({ source, reason: 'value is not a JSON array of records', payload: truncate(text) });
      continue;
    }
    parsed.forEach((item: unknown, i) => {
      const problem = recordProblem(item);
      if (problem === undefined) out.records.push(item as ErrorRecord);
      else out.deadLetters.push({ source: `${source}[${i}]`, reason: problem, payload: truncate(JSON.stringify(item) ?? String(item)) });
    });
  }
  return out;
}
