/**
 * An error dump that prints the error's message, then its stack (pino-pretty's `err`, a JSON
 * error pretty-printed): the stack's head (`Error: …`) repeats the `"message": "…"` line above it,
 * and the two are one failure. A `"message": "…"` line whose string closes on it is one line: the
 * braces of a body it quotes cut open do not join the lines below it.
 */

const MESSAGE_KEY_RE = /^\s{0,12}"message"\s?:\s?"(.{16,4000})",?$/;
const STACK_HEAD_RE = /^\s{0,16}[\w.$]{0,80}(?:Error|Exception):\s(.{16,})$/;
/** The stack's head is at most this many lines below the message. */
export const REPEAT_WINDOW = 8;
const COMPARED = 200;

/** The decoded value of a `"message": "…"` line, or null. */
export function messageValue(line: string): string | null {
  const m = MESSAGE_KEY_RE.exec(line);
  if (!m) return null;
  try {
    return JSON.parse(`"${m[1]}"`) as string;
  } catch {
    return null;
  }
}

/** Whether a stack's head line (`Error: …`) names the message given. */
export function repeatsMessage(line: string, message: string): boolean {
  const m = STACK_HEAD_RE.exec(line);
  if (!m) return false;
  const [a, b] = [m[1]!.trim(), message.trim()];
  const n = Math.min(a.length, b.length, COMPARED);
  return n >= 16 && a.slice(0, n) === b.slice(0, n);
}
