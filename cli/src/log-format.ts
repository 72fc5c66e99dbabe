/**
 * Human-readable log lines for a terminal: `12:04:05.123 WARN  message  key=value …`.
 *
 * pino writes one JSON line per record to the destination it is given; `prettyDestination` is
 * such a destination that turns each line back into an object and writes one readable line,
 * synchronously, in the same process (no worker thread, nothing lost at exit). See
 * docs/configuration.md ("Log format") for why this is ours and not pino-pretty.
 */
import { writeSync } from 'node:fs';

export type LogFormat = 'json' | 'pretty';
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;

const LEVELS: Record<number, { label: string; colour: string }> = {
  10: { label: 'TRACE', colour: '\x1b[90m' },
  20: { label: 'DEBUG', colour: '\x1b[90m' },
  30: { label: 'INFO ', colour: '\x1b[32m' },
  40: { label: 'WARN ', colour: '\x1b[33m' },
  50: { label: 'ERROR', colour: '\x1b[31m' },
  60: { label: 'FATAL', colour: '\x1b[41m\x1b[97m' },
};
const RESET = '\x1b[0m';
const DIM = '\x1b[2m';
const BOLD = '\x1b[1m';

/** pino's own fields, shown in the line's fixed parts or not at all. */
const HIDDEN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'name', 'v', 'err']);
const MAX_VALUE_CHARS = 160;

/** `auto` is pretty when stderr (where logs go) is a terminal, JSON otherwise. */
export function resolveLogFormat(format: string, stderrIsTTY = process.stderr.isTTY === true): LogFormat {
  if (format === 'json' || format === 'pretty') return format;
  return stderrIsTTY ? 'pretty' : 'json';
}

function clock(time: unknown): string {
  const d = new Date(typeof time === 'number' || typeof time === 'string' ? time : Date.now());
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

function valueText(v: unknown): string {
  const s = typeof v === 'string' ? (/^[^\s"=]+$/.test(v) ? v : JSON.stringify(v)) : JSON.stringify(v);
  return s.length > MAX_VALUE_CHARS ? `${s.slice(0, MAX_VALUE_CHARS - 1)}…` : s;
}

interface LoggedError {
  type?: string;
  message?: string;
  code?: string;
  stack?: string;
}

/** One record as one line (plus the stack of an error logged at error or fatal). */
export function formatRecord(rec: Record<string, unknown>, colour: boolean): string {
  const level = typeof rec.level === 'number' ? rec.level : 30;
  const { label, colour: levelColour } = LEVELS[level] ?? { label: String(level).padEnd(5), colour: '' };
  const paint = (code: string, s: string): string => (colour && code ? `${code}${s}${RESET}` : s);
  const fields = Object.entries(rec)
    .filter(([k, v]) => !HIDDEN.has(k) && v !== undefined)
    .map(([k, v]) => `${paint(DIM, `${k}=`)}${valueText(v)}`);
  const err = rec.err as LoggedError | undefined;
  if (err && typeof err === 'object') fields.unshift(`${paint(DIM, 'err=')}${valueText(`${err.code ? `${err.code} ` : ''}${err.message ?? err.type ?? 'error'}`)}`);
  const msg = typeof rec.msg === 'string' ? rec.msg : '';
  const line = [paint(DIM, clock(rec.time)), paint(levelColour, label), level >= 40 ? paint(BOLD, msg) : msg, ...fields].filter(Boolean).join(' ');
  const stack = level >= 50 && typeof err?.stack === 'string' ? `\n${err.stack.split('\n').slice(1).map((l) => `    ${l.trim()}`).join('\n')}` : '';
  return `${line}${stack}\n`;
}

/** Formats a pino JSON line; a line that is not JSON passes through unchanged. */
export function formatLine(line: string, colour: boolean): string {
  let rec: unknown;
  try {
    rec = JSON.parse(line);
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  return rec && typeof rec === 'object' ? formatRecord(rec as Record<string, unknown>, colour) : line;
}

/** A pino destination writing readable lines to `fd` synchronously. */
export function prettyDestination(fd: number, colour: boolean): { write(chunk: string): boolean } {
  return {
    write(chunk: string): boolean {
      for (const line of chunk.split('\n')) if (line) writeSync(fd, formatLine(line, colour));
      return true;
    },
  };
}
