// The byte scanner of streamed bodies: the same facts whatever the chunk boundaries.
import { describe, expect, it, vi } from 'vitest';
import { SseScanner, type StreamFacts } from '../src/sse-scan.js';

const event = (name: string, data: unknown, eol = '\n') => `event: ${name}${eol}data: ${JSON.stringify(data)}${eol}${eol}`;

function messageStream(opts: { eol?: string; text?: string; end?: 'stop' | 'error' | 'cut' } = {}): string {
  const eol = opts.eol ?? '\n';
  const text = opts.text ?? 'Hello';
  const parts = [
    event('message_start', { type: 'message_start', message: { id: 'msg_01abc', type: 'message', role: 'assistant', model: 'claude-haiku-4-5', content: [], stop_reason: null, usage: { input_tokens: 21, output_tokens: 1 } } }, eol),
    event('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, eol),
    event('ping', { type: 'ping' }, eol),
    event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }, eol),
    event('content_block_stop', { type: 'content_block_stop', index: 0 }, eol),
  ];
  if (opts.end === 'error') parts.push(event('error', { type: 'error', error: { type: 'overloaded_error', message: 'Überlastet — sk-ant-api03-SECRETKEY0123456789' } }, eol));
  if (opts.end !== 'error') parts.push(event('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 9 } }, eol));
  if (opts.end === undefined || opts.end === 'stop') parts.push(event('message_stop', { type: 'message_stop' }, eol));
  return parts.join('');
}

interface Seen {
  facts: StreamFacts;
  ended: boolean;
  sawError: boolean;
}

function scan(chunks: Uint8Array[]): Seen {
  const s = new SseScanner();
  for (const c of chunks) s.push(c);
  const { firstTokenAt, ...facts } = s.facts;
  expect(typeof firstTokenAt).toBe('number');
  return { facts: facts as StreamFacts, ended: s.ended, sawError: s.sawError };
}

/** The body in two chunks, cut at every byte, and one byte per chunk. */
function everySplit(body: string): Uint8Array[][] {
  const bytes = new TextEncoder().encode(body);
  const splits: Uint8Array[][] = [[bytes], [...bytes].map((b) => Uint8Array.of(b))];
  for (let i = 1; i < bytes.length; i++) splits.push([bytes.subarray(0, i), bytes.subarray(i)]);
  return splits;
}

describe('SseScanner', () => {
  it('a complete message stream: response id, model, usage, stop reason, ended — at any chunk boundary', () => {
    for (const chunks of everySplit(messageStream())) {
      expect(scan(chunks)).toEqual({
        facts: { outcome: 'success', responseId: 'msg_01abc', responseModel: 'claude-haiku-4-5', inputTokens: 21, outputTokens: 9, stopReason: 'end_turn' },
        ended: true,
        sawError: false,
      });
    }
  });

  it('\\r\\n line ends', () => {
    for (const chunks of everySplit(messageStream({ eol: '\r\n' }))) {
      expect(scan(chunks)).toMatchObject({ facts: { stopReason: 'end_turn', outputTokens: 9 }, ended: true });
    }
  });

  it('an error event: its type and scrubbed message, the multi-byte text cut anywhere', () => {
    for (const chunks of everySplit(messageStream({ end: 'error' }))) {
      const seen = scan(chunks);
      expect(seen.sawError).toBe(true);
      expect(seen.ended).toBe(false);
      expect(seen.facts).toMatchObject({ outcome: 'error', errorType: 'overloaded_error', anthropicType: 'overloaded_error' });
      expect(seen.facts.message).toMatch(/^Überlastet — /);
      expect(seen.facts.message).not.toContain('SECRETKEY');
    }
  });

  it('a stream cut before message_stop is not ended', () => {
    for (const chunks of everySplit(messageStream({ end: 'cut' }))) expect(scan(chunks)).toMatchObject({ ended: false, sawError: false });
  });

  it('event names inside the text of a delta are not events', () => {
    const text = 'line\nevent: message_stop\ndata: {}\n\nevent: error\n';
    const body = messageStream({ text, end: 'cut' });
    for (const chunks of everySplit(body)) expect(scan(chunks)).toMatchObject({ ended: false, sawError: false });
  });

  it('the legacy completion stream ends at the completion with a stop reason', () => {
    const body =
      event('completion', { type: 'completion', id: 'compl_1', completion: 'Hi', stop_reason: null, model: 'claude-2.1' }) +
      event('ping', { type: 'ping' }) +
      event('completion', { type: 'completion', id: 'compl_1', completion: '', stop_reason: 'stop_sequence', model: 'claude-2.1' });
    for (const chunks of everySplit(body)) {
      expect(scan(chunks)).toEqual({
        facts: { outcome: 'success', responseId: 'compl_1', responseModel: 'claude-2.1', stopReason: 'stop_sequence' },
        ended: true,
        sawError: false,
      });
    }
  });

  it("names a Bedrock SDK's camel-cased exception as Bedrock does outside streams; Anthropic types stay", () => {
    const typeOf = (type: string) => {
      const s = new SseScanner();
      s.push(event('error', { type: 'error', error: { type, message: 'm' } }));
      return [s.facts.errorType, s.facts.anthropicType];
    };
    expect(typeOf('modelStreamErrorException')).toEqual(['ModelStreamErrorException', 'ModelStreamErrorException']);
    expect(typeOf('throttlingException')).toEqual(['ThrottlingException', 'ThrottlingException']);
    expect(typeOf('overloaded_error')).toEqual(['overloaded_error', 'overloaded_error']);
    expect(typeOf('InternalFailure')).toEqual(['InternalFailure', 'InternalFailure']);
  });

  it('message_start and message_delta outside the plain form (escapes, non-ASCII) are parsed: the same facts', () => {
    const body =
      event('message_start', { type: 'message_start', message: { id: 'msg_\u00e9\"x', type: 'message', model: 'claude-\u00fc', content: [], usage: { input_tokens: 21, output_tokens: 1 } } }) +
      event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } }) +
      event('message_delta', { type: 'message_delta', delta: { stop_reason: 'stop_sequence', stop_sequence: 'END "here"' }, usage: { output_tokens: 1.5 } }) +
      event('message_stop', { type: 'message_stop' });
    for (const chunks of everySplit(body)) {
      expect(scan(chunks)).toEqual({
        facts: { outcome: 'success', responseId: 'msg_\u00e9"x', responseModel: 'claude-\u00fc', inputTokens: 21, outputTokens: 1.5, stopReason: 'stop_sequence' },
        ended: true,
        sawError: false,
      });
    }
  });

  it('without Node\'s Buffer (the edge runtimes) lines are found with Uint8Array#indexOf: the same facts', async () => {
    vi.stubGlobal('Buffer', undefined);
    vi.resetModules();
    try {
      const { SseScanner: EdgeScanner } = await import('../src/sse-scan.js');
      expect(EdgeScanner).not.toBe(SseScanner);
      for (const chunks of everySplit(messageStream({ eol: '\r\n' }))) {
        const s = new EdgeScanner();
        for (const c of chunks) s.push(c);
        const { firstTokenAt, ...facts } = s.facts;
        expect(typeof firstTokenAt).toBe('number');
        expect(facts).toEqual({ outcome: 'success', responseId: 'msg_01abc', responseModel: 'claude-haiku-4-5', inputTokens: 21, outputTokens: 9, stopReason: 'end_turn' });
        expect(s.ended).toBe(true);
      }
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });

  it('takes strings and node Buffers too', () => {
    const body = messageStream();
    expect(scan([Buffer.from(body)]).ended).toBe(true);
    const s = new SseScanner();
    s.push(body);
    expect(s.ended).toBe(true);
  });
});
