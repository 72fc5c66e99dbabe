const BARS = '▁▂▃▄▅▆▇█';

/** A unicode sparkline of a series (blank cells for zero). */
export function sparkline(values: number[], width = 24): string {
  if (values.length === 0) return '';
  const step = Math.max(1, Math.ceil(values.length / width));
  const cells: number[] = [];
  for (let i = 0; i < values.length; i += step) cells.push(values.slice(i, i + step).reduce((a, b) => a + b, 0));
  const max = Math.max(...cells);
  return cells.map((v) => (v === 0 ? ' ' : BARS[Math.min(BARS.length - 1, Math.floor((v / max) * (BARS.length - 1)))])).join('');
}

/**
 * Text from stored records or log files made safe for a terminal: control characters (C0 but
 * newline and tab, DEL, C1 — ESC among them) become `\xNN`, so a model name or a log line cannot
 * move the cursor, recolour the screen or set the window title.
 */
export function terminalSafe(text: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x0a && c !== 0x09) || (c >= 0x7f && c <= 0x9f)) {
      out += text.slice(start, i) + `\\x${c.toString(16).padStart(2, '0')}`;
      start = i + 1;
    }
  }
  return start === 0 ? text : out + text.slice(start);
}

/** Columns padded to their widest cell, a rule under the headers; cells made terminal-safe (one line each). */
export function table(headers: string[], inputRows: string[][]): string {
  const rows = inputRows.map((r) => r.map((c) => terminalSafe(c.replace(/\n/g, ' '))));
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const line = (cells: string[]): string => cells.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}

export function pct(n: number): string {
  return `${(n * 100).toFixed(n > 0 && n < 0.01 ? 2 : 1)}%`;
}

export function firstLine(s: string | undefined, max = 60): string {
  const line = (s ?? '').split('\n').find((l) => l.trim() && !l.startsWith('```')) ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
