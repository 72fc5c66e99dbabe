import { describe, expect, it } from 'vitest';
import { SseParser, type SseEvent } from '../src/sse-parser.js';

const parse = (...chunks: string[]): SseEvent[] => {
  const p = new SseParser();
  return chunks.flatMap((c) => p.push(c));
};

// What the analyzer's /api/v1/live sends (analyzer/src/api/routes/live.ts): a comment on connect,
// heartbeats, `records` and `alert` events.
const STREAM =
  ': connected\n\n' +
  'event: records\ndata: {"count":2,"errors":[]}\n\n' +
  ': keep-alive\n\n' +
  'event: alert\ndata: {"rule":"overloaded-streak","state":"firing"}\n\n';
const EVENTS: SseEvent[] = [
  { event: 'records', data: '{"count":2,"errors":[]}' },
  { event: 'alert', data: '{"rule":"overloaded-streak","state":"firing"}' },
];

describe('SseParser (text/event-stream, as the dashboard reads /api/v1/live)', () => {
  it("reads the analyzer's stream, skipping comments", () => {
    expect(parse(STREAM)).toEqual(EVENTS);
  });

  it('names an event without `event:` message, joins data lines with \\n, ignores other fields', () => {
    expect(parse('data: a\ndata: b\nid: 7\nretry: 1000\nfoo: bar\n\n')).toEqual([{ event: 'message', data: 'a\nb' }]);
  });

  it('strips one space after the colon only, and reads a field without a colon as empty', () => {
    expect(parse('data:  two spaces\ndata:none\ndata\n\n')).toEqual([{ event: 'message', data: ' two spaces\nnone\n' }]);
  });

  it('dispatches only at a blank line, and not an event without data', () => {
    const p = new SseParser();
    expect(p.push('event: records\ndata: x\n')).toEqual([]);
    expect(p.push('\n')).toEqual([{ event: 'records', data: 'x' }]);
    expect(p.push('event: alert\n\n')).toEqual([]);
    // The event name does not leak into the next event.
    expect(p.push('data: y\n\n')).toEqual([{ event: 'message', data: 'y' }]);
  });

  it('reads CRLF and CR line endings as LF', () => {
    expect(parse(STREAM.replace(/\n/g, '\r\n'))).toEqual(EVENTS);
    expect(parse(STREAM.replace(/\n/g, '\r'))).toEqual(EVENTS);
  });

  it('gives the same events however the stream is cut into chunks (a CRLF cut in two included)', () => {
    for (const text of [STREAM, STREAM.replace(/\n/g, '\r\n'), STREAM.replace(/\n/g, '\r')]) {
      for (let i = 0; i <= text.length; i++) {
        expect(parse(text.slice(0, i), text.slice(i)), `cut at ${i}`).toEqual(EVENTS);
        const j = Math.min(text.length, i + 3);
        expect(parse(text.slice(0, i), text.slice(i, j), text.slice(j)), `cut at ${i} and ${j}`).toEqual(EVENTS);
      }
      expect(parse(...text), 'one character at a time').toEqual(EVENTS);
    }
  });
});
