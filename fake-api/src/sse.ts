// Server-sent event sequences of the Messages API and the legacy Text Completions API.
import { DEFAULT_TEXT, newId, usageOf } from './bodies.js';
import type { SuccessFate } from './fates.js';

export interface SseEvent {
  event: string;
  data: unknown;
  /** The SSE `id:` field (session event streams send the event's id). */
  id?: string;
}

/** Splits text into `n` non-empty pieces (fewer when the text is shorter). */
export function splitText(text: string, n: number): string[] {
  const count = Math.max(1, Math.min(n, text.length));
  const size = Math.ceil(text.length / count);
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
  return parts.length > 0 ? parts : [''];
}

export function encodeEvent(e: SseEvent): string {
  return `${e.id === undefined ? '' : `id: ${e.id}\n`}event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`;
}

/** message_start, content_block_start, ping: what precedes the first text delta. */
export function messageStreamHead(model: string, fate: Pick<SuccessFate, 'usage'>): SseEvent[] {
  const usage = usageOf(fate as SuccessFate);
  return [
    {
      event: 'message_start',
      data: {
        type: 'message_start',
        message: {
          id: newId('msg'),
          type: 'message',
          role: 'assistant',
          model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: usage.input_tokens, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
        },
      },
    },
    { event: 'content_block_start', data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } } },
    { event: 'ping', data: { type: 'ping' } },
  ];
}

export function textDeltas(pieces: string[]): SseEvent[] {
  return pieces.map((text) => ({
    event: 'content_block_delta',
    data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } },
  }));
}

/** The full, successful event sequence of a streamed message. */
export function messageStream(model: string, fate: SuccessFate): SseEvent[] {
  const usage = usageOf(fate);
  return [
    ...messageStreamHead(model, fate),
    ...textDeltas(splitText(fate.text ?? DEFAULT_TEXT, fate.deltas ?? 3)),
    { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } },
    {
      event: 'message_delta',
      data: {
        type: 'message_delta',
        delta: { stop_reason: fate.stopReason ?? 'end_turn', stop_sequence: null },
        usage: { output_tokens: usage.output_tokens },
      },
    },
    { event: 'message_stop', data: { type: 'message_stop' } },
  ];
}

/** A streamed legacy completion. */
export function completionStream(model: string, fate: SuccessFate): SseEvent[] {
  const id = newId('compl');
  const pieces = splitText(fate.text ?? DEFAULT_TEXT, fate.deltas ?? 3);
  const events: SseEvent[] = pieces.map((completion) => ({
    event: 'completion',
    data: { type: 'completion', id, completion, stop_reason: null, model },
  }));
  events.push({
    event: 'completion',
    data: { type: 'completion', id, completion: '', stop_reason: fate.stopReason ?? 'stop_sequence', model },
  });
  return events;
}

/** The first `deltas` text deltas of a message stream, for streams that then fail or are cut. */
export function partialMessageStream(model: string, deltas: number): SseEvent[] {
  const pieces = Array.from({ length: deltas }, (_, i) => `part${i + 1} `);
  return [...messageStreamHead(model, {}), ...textDeltas(pieces)];
}
