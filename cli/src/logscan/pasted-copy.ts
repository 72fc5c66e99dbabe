/**
 * The same failure pasted again under another heading of a report (events.ts): each section of an
 * issue template quoting the error. The copies are the same text, the last one cut where the paste
 * ends; one copied from the terminal keeps what the terminal drew before it (Claude Code's gutter
 * `⎿`, `⏺`, `●`, `✻`, a prompt `❯`), one retyped into the template drops it, and a copy may be quoted
 * (`> `) or put in a code span. Those marks say how it was pasted, not what failed.
 */
const PASTE_MARKS_RE = /^[\s>`⎿⏺●✻❯]{0,16}/;

function pasted(s: string): string {
  const t = s.replace(PASTE_MARKS_RE, '');
  return t.endsWith('`') ? t.slice(0, -1).trimEnd() : t;
}

/** Whether `b` is the text `a` printed again, whole or cut short (at least 24 characters of it), however it was pasted. */
export function repeatsText(a: string, b: string): boolean {
  if (a === b) return true;
  const [pa, pb] = [pasted(a), pasted(b)];
  return pa === pb || (pb.length >= 24 && pb.length < pa.length && pa.startsWith(pb));
}
