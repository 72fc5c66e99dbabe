import { describe, expect, it } from 'vitest';
import { indentedBy } from '../src/logscan/line-prefix.js';

/**
 * line-prefix.ts indentedBy is the one test of a line's indentation: it stands for the tests it
 * replaced, which must give the same answers: a code block's `startsWith('    ') ||
 * startsWith('\t')` (line-prefix.ts), a wrapped body's `startsWith(' ') || startsWith('\t')`
 * (wrapped-body.ts joinWrapped) and a continuation's INDENTED_RE (hard-wrap.ts, cut-line.ts).
 */
const LINES = ['', ' ', '  ', '   ', '    ', '     ', '\t', ' \t', '  \t', '\tx', ' x', '  x', '   x', '    x', '     x', 'x', 'x    ', '\u00a0x', '\r', ' \r', '\n  x', '  \n', '\u3000x', '\v x', '　　x'];

describe('indentedBy', () => {
  it('is a code block indentation where the line started with four spaces or a tab', () => {
    for (const l of LINES) expect(indentedBy(l, 4), JSON.stringify(l)).toBe(l.startsWith('    ') || l.startsWith('\t'));
  });
  it('is a wrapped body line indented where the line started with a space or a tab', () => {
    for (const l of LINES) expect(indentedBy(l, 1), JSON.stringify(l)).toBe(l.startsWith(' ') || l.startsWith('\t'));
  });
  it('is a continuation indented where INDENTED_RE matched', () => {
    for (const l of LINES) expect(indentedBy(l, 2), JSON.stringify(l)).toBe(/^(?: {2}|\t)/.test(l));
  });
});
