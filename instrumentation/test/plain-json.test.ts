// The reader of message_start / message_delta bytes (plain-json.ts): where it reads a line, it
// must give what JSON.parse gives; anything outside its plain form is left to JSON.parse.
import { describe, expect, it } from 'vitest';
import { PlainJson, type Wanted } from '../src/plain-json.js';
import { isObj, type Obj } from '../src/obj.js';

const START: Wanted = { message: { id: 0, model: 1, usage: { input_tokens: 2 } } };
const DELTA: Wanted = { delta: { stop_reason: 0 }, usage: { output_tokens: 1 } };

/** What the scanner takes from the line through JSON.parse (sse-scan.ts `parsed`). */
function viaParse(wanted: Wanted, text: string): unknown[] | 'throws' {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return 'throws';
  }
  const out: unknown[] = [];
  const walk = (w: Wanted, o: Obj) => {
    for (const [k, v] of Object.entries(w)) {
      if (typeof v === 'number') {
        const value = o[k];
        out[v] = typeof value === 'string' || typeof value === 'number' ? value : undefined;
      } else walk(v, isObj(o[k]) ? (o[k] as Obj) : {});
    }
  };
  walk(wanted, isObj(json) ? json : {});
  return out;
}

const enc = new TextEncoder();

/** Reads `text` both ways: when the reader takes it, the values must be JSON.parse's. */
function both(wanted: Wanted, leaves: number, text: string): { read: boolean; values: unknown[] } {
  const r = new PlainJson(wanted, leaves);
  // Inside a larger buffer, as the scanner calls it: the line between other bytes.
  const bytes = enc.encode(`data: ${text}\n\n`);
  const read = r.read(bytes, 6, bytes.length - 2);
  const parsed = viaParse(wanted, text);
  if (read) {
    expect(parsed).not.toBe('throws');
    expect([...r.values]).toEqual(parsed);
  }
  return { read, values: [...r.values] };
}

const start = (message: unknown) => JSON.stringify({ type: 'message_start', message });
const delta = (d: unknown, usage: unknown) => JSON.stringify({ type: 'message_delta', delta: d, usage });

describe('PlainJson', () => {
  it('reads message_start and message_delta as the API and the fake API send them', () => {
    const api = '{"type":"message_start","message":{"model":"claude-sonnet-4-5-20250929","id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":472,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":0},"output_tokens":2,"service_tier":"standard"}}}';
    expect(both(START, 3, api)).toEqual({ read: true, values: ['msg_01XFDUDYJgAACzvnptvVoYEL', 'claude-sonnet-4-5-20250929', 472] });
    const fake = start({ id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-haiku-4-5', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 12, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } });
    expect(both(START, 3, fake)).toEqual({ read: true, values: ['msg_1', 'claude-haiku-4-5', 12] });
    const d = '{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":472,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":89,"server_tool_use":{"web_search_requests":1}},"context_management":{"applied_edits":[]}}';
    expect(both(DELTA, 2, d)).toEqual({ read: true, values: ['end_turn', 89] });
    expect(both(DELTA, 2, ' { "type" : "message_delta" , "delta" : { "stop_reason" : "max_tokens" } , "usage" : { "output_tokens" : 0 } } \r')).toEqual({ read: true, values: ['max_tokens', 0] });
  });

  it('fields of another type, or under a value that is not an object, are undefined as after JSON.parse', () => {
    expect(both(DELTA, 2, delta({ stop_reason: null }, { output_tokens: null }))).toEqual({ read: true, values: [undefined, undefined] });
    expect(both(DELTA, 2, delta('end_turn', [1]))).toEqual({ read: true, values: [undefined, undefined] });
    expect(both(DELTA, 2, delta({ stop_reason: { x: 1 } }, { output_tokens: [7] }))).toEqual({ read: true, values: [undefined, undefined] });
    expect(both(START, 3, start([{ id: 'msg_x' }]))).toEqual({ read: true, values: [undefined, undefined, undefined] });
    expect(both(START, 3, JSON.stringify({ type: 'message_start' }))).toEqual({ read: true, values: [undefined, undefined, undefined] });
    expect(both(START, 3, start({ id: 7, model: true, usage: { input_tokens: '12' } }))).toEqual({ read: true, values: [7, undefined, '12'] });
  });

  it('the same key names elsewhere in the object are not the fields', () => {
    const text = JSON.stringify({ type: 'message_start', id: 'top', usage: { input_tokens: 1 }, message: { content: [{ id: 'block', model: 'm' }], meta: { usage: { input_tokens: 5 } }, id: 'msg_real', usage: { input_tokens: 3 } } });
    expect(both(START, 3, text)).toEqual({ read: true, values: ['msg_real', undefined, 3] });
  });

  it('leaves to JSON.parse what is outside its plain form, and what JSON.parse refuses', () => {
    const refused = [
      start({ id: 'msg_\u00e9', model: 'm' }), // non-ASCII text in a field read
      start({ id: 'msg_"quoted"' }), // an escape
      start({ id: 'a', usage: { input_tokens: 1.5 } }), // a fraction
      start({ id: 'a', usage: { input_tokens: -1 } }), // a negative count
      start({ id: 'a', usage: { input_tokens: 1e21 } }), // an exponent
      '{"type":"message_start","message":{"id":"a","id":"b"}}', // a repeated key on the way to a field
      '{"type":"message_start","message":{"id":"a"},"message":5}',
      '{"type":"message_start","message":{"id":"a","usage":{"input_tokens":012}}}', // a leading zero
      '{"type":"message_start","message":{"id":"a"}} x', // bytes after the object
      '{"type":"message_start","message":{"id":"a"}', // cut
      '{"type":"message_start","message":{"id":"a",}}', // a trailing comma
      '{"type":"message_start","message":{"id":"a\tb"}}', // a control character in a string
      '{"type":"message_start","message":{"id":"a"},"x":tru}',
      '{"type":"message_start","message":{"id":"a"},"x":-}',
      '[1]',
      '',
    ];
    for (const text of refused) expect(both(START, 3, text).read, text).toBe(false);
    expect(both(START, 3, `{"a":${'['.repeat(40)}${']'.repeat(40)},"message":{"id":"x"}}`).read).toBe(false);
  });

  it('text outside the fields read may be anything JSON allows but escapes', () => {
    const text = JSON.stringify({ type: 'message_start', message: { id: 'msg_1', model: 'm', content: [{ type: 'text', text: 'Grüße, 你好 {id: not} [1, 2]' }], n: [-1.5e-3, 0, 10, true, false, null, {}, []], usage: { input_tokens: 9 } } });
    expect(both(START, 3, text)).toEqual({ read: true, values: ['msg_1', 'm', 9] });
  });
});
