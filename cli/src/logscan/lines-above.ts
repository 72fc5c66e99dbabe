/**
 * The lines above a line of a pasted text, nearest first: what a reader that looks up from a hit
 * (whose API the lines above name, the table a row belongs to, the prose that introduces a fence)
 * walks through. Each line is read up to 2,048 characters, and nothing is split or copied beyond it.
 */

/** What `judge` says of the nearest of the `lookBack` lines above `start` (not before `from`) it says anything of (null: none). */
export function nearestAbove<T>(text: string, start: number, from: number, lookBack: number, judge: (line: string) => T | null): T | null {
  let end = start - 1;
  for (let k = 0; k < lookBack && end > from; k++) {
    const s = text.lastIndexOf('\n', end - 1) + 1;
    const found = judge(text.slice(s, Math.min(end, s + 2048)));
    if (found !== null) return found;
    end = s - 1;
  }
  return null;
}
