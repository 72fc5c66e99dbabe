import { describe, expect, it } from 'vitest';
import { CUT_PIECE_START_RE, WIDTH_PIECE_START_RE, WRAPPED_BODY_END_RE } from '../src/logscan/record-start.js';

/**
 * record-start.ts builds the three readers' tests of a line that starts a record of its own from
 * one shared part. Each must be the regex its reader had as a literal before (recognise.ts,
 * hard-wrap.ts, cut-line.ts): the same pattern, and the same answer on lines of every kind.
 */
const BEFORE = {
  wrappedBody: /^(?:\d{4}-\d\d-\d\d|\[\d{4}-|\{"|Traceback|```|\d\d:\d\d:\d\d)/,
  widthPiece: /^(?:\d{4}-\d\d-\d\d(?![\dT:.,+Z-]*\\?["'])|\[\d{4}-|\{"|Traceback|```|\d\d:\d\d:\d\d|\s+at\s|\s*File ")/,
  cutPiece: /^(?:\d{4}-\d\d-\d\d|\[\d{4}-|\{"|Traceback|```|\d\d:\d\d:\d\d|\s?at\s|\s?File "|[-*+>|] |#{1,6} |\d{1,3}[.)] )/,
};
const NOW = { wrappedBody: WRAPPED_BODY_END_RE, widthPiece: WIDTH_PIECE_START_RE, cutPiece: CUT_PIECE_START_RE };

const LINES = [
  '',
  ' ',
  '2025-03-01 10:00:00 ERROR x',
  '2025-03-01T10:00:00.123Z ERROR',
  '2026-06-08T16:01:47.767Z"},{"error":"Error: 529"',
  '2026-06-08T16:01:47.767Z\\"},{\\"error\\"',
  "2026-06-08T16:01:47Z'}",
  '2026-06-08 16:01:47,767 - x"',
  '2025-3-01',
  '12025-03-01',
  '[2025-03-01 10:00:00] x',
  '[2025',
  '{"type":"error"}',
  "{'type': 'error'}",
  '{ status: 429 }',
  'Traceback (most recent call last):',
  'traceback',
  '```',
  '```json',
  '``',
  '10:00:00 ERROR',
  '1:00:00 x',
  'at Foo (bar.js:1:2)',
  ' at Foo (bar.js:1:2)',
  '  at Foo (bar.js:1:2)',
  '\tat Foo',
  '    at Foo',
  'at',
  'attention please',
  ' attention',
  'File "x.py", line 1',
  ' File "x.py"',
  '  File "x.py", line 1, in f',
  '\tFile "x.py"',
  'File x.py',
  '- item',
  '-item',
  '* item',
  '+ item',
  '> quoted',
  '>quoted',
  '| a | b |',
  '# Heading',
  '###### h6',
  '####### h7',
  '#tag',
  '1. first',
  '12) second',
  '123. third',
  '1234. fourth',
  '1.5 seconds',
  'tion: The content field',
  't Error: Too Many Requests for url: https://api.anthropic.com/v1/messages',
  'request_error)',
  ',000 input tokens per minute"',
  'Error code: 429',
  '\r',
  '2025-03-01\r',
];

describe('record-start.ts', () => {
  for (const name of Object.keys(BEFORE) as Array<keyof typeof BEFORE>) {
    it(`${name}: the same pattern and flags as the literal it replaced`, () => {
      expect(NOW[name].source).toBe(BEFORE[name].source);
      expect(NOW[name].flags).toBe(BEFORE[name].flags);
    });
    it(`${name}: the same answer on every line of the table`, () => {
      for (const line of LINES) expect(NOW[name].test(line), JSON.stringify(line)).toBe(BEFORE[name].test(line));
    });
  }

  it('tells the readers apart where they differ', () => {
    expect(WRAPPED_BODY_END_RE.test('2026-06-08T16:01:47.767Z"}')).toBe(true);
    expect(WIDTH_PIECE_START_RE.test('2026-06-08T16:01:47.767Z"}')).toBe(false);
    expect(CUT_PIECE_START_RE.test('- item')).toBe(true);
    expect(WIDTH_PIECE_START_RE.test('- item')).toBe(false);
    expect(WIDTH_PIECE_START_RE.test('    at Foo')).toBe(true);
    expect(CUT_PIECE_START_RE.test('    at Foo')).toBe(false);
    expect(WRAPPED_BODY_END_RE.test(' at Foo')).toBe(false);
  });
});
