import { CLAUDE_CODE_RE } from './recognise.js';

/**
 * Claude Code's words quoted in a code span inside a sentence of someone's report (`it received
 * `API Error (429 Too many tokens, …)` message`, `**Error:** `API Error: 529 …``): a person's account
 * of a failure, not a line the UI printed. Claude Code prints each failure once, so two of its lines
 * are two failures (events.ts); a quote is not such a line, and the same failure told again below it
 * (the template's "Actual behaviour": `429 … API error`) can be that one failure. The words still say
 * the failure is Claude Code's (its context is unchanged). A span opened after no words (`- `API
 * Error: 529``, a gutter `⎿`) is the line itself, pasted.
 */
const WORD_RE = /[A-Za-z]/;

export function uiWordsQuotedInProse(line: string): boolean {
  const m = CLAUDE_CODE_RE.exec(line);
  if (m === null || m.index === 0 || line[m.index - 1] !== '`') return false;
  return WORD_RE.test(line.slice(0, m.index - 1));
}
