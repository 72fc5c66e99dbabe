/**
 * Log shippers that wrap each line an application printed in a JSON record of their own: Docker's
 * json-file driver (`{"log":"…\n","stream":"stderr","time":"…"}`, what `/var/lib/docker/containers/
 * …-json.log` and many Kubernetes node logs hold), Fluent Bit and Fluentd (`log`), Google Cloud
 * Logging exports (`textPayload`) and `journalctl -o json` (`MESSAGE`). The record names no level
 * and no error of its own: the line it carries does, in the application's format (a traceback's
 * lines, a logger's line, or a JSON record of its own). When most of the first lines of an input
 * are such records, each is replaced by the line it carries, so the lines are read as the
 * application wrote them; a line that is not such a record stays as it is. A payload's own line
 * breaks are kept (a traceback in one `textPayload`), its final one removed.
 */

import { isObj, type Obj } from './obj.js';

/** The shipper's payload key, with a key only that shipper's records carry beside it. */
const SHIPPERS: ReadonlyArray<readonly [payload: string, marks: readonly string[]]> = [
  ['log', ['stream', 'time', 'kubernetes', 'container_name', 'source']],
  ['textPayload', ['severity', 'timestamp', 'resource', 'logName', 'insertId']],
  ['MESSAGE', ['__REALTIME_TIMESTAMP', '_SYSTEMD_UNIT', 'PRIORITY', 'SYSLOG_IDENTIFIER']],
];

/** How many of the first lines are looked at, and the share of the non-empty ones that must be records. */
const SAMPLE_LINES = 20;
const MIN_SHARE = 0.6;
/** A line longer than this is not parsed to be unwrapped (it stays as it is). */
const MAX_RECORD = 1024 * 1024;

function parseRecord(line: string): Obj | undefined {
  if (line.charCodeAt(0) !== 123 || line.length > MAX_RECORD) return undefined;
  try {
    const v: unknown = JSON.parse(line);
    return isObj(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function payloadKeyOf(rec: Obj): string | null {
  for (const [key, marks] of SHIPPERS) if (typeof rec[key] === 'string' && marks.some((m) => m in rec)) return key;
  return null;
}

/** The payload key most of the first non-empty lines of `text` (an input's first block) carry, or null. */
export function detectShipperJson(text: string): string | null {
  if (text.charCodeAt(0) !== 123 && !text.includes('\n{')) return null;
  const counts = new Map<string, number>();
  let lines = 0;
  for (const line of text.split('\n', SAMPLE_LINES * 2)) {
    if (!line.trim()) continue;
    if (++lines > SAMPLE_LINES) break;
    const rec = parseRecord(line.trimEnd());
    const key = rec ? payloadKeyOf(rec) : null;
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const [key, n] of counts) if (n >= Math.max(1, lines * MIN_SHARE)) return key;
  return null;
}

/** Replaces each whole line of `text` that is a shipper's record by the line it carries. */
export function unwrapShipperJson(text: string, key: string): string {
  let out = '';
  let pos = 0;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = text.length;
    const line = text.slice(pos, nl);
    const rec = parseRecord(line.endsWith('\r') ? line.slice(0, -1) : line);
    const payload = rec?.[key];
    out += typeof payload === 'string' ? payload.replace(/\r?\n$/, '') : line;
    if (nl < text.length) out += '\n';
    pos = nl + 1;
  }
  return out;
}

/**
 * Unwraps an input given in pieces cut anywhere: a piece's last, unfinished line waits for the
 * next piece. The shipper is read from the first piece.
 */
export class ShipperUnwrapper {
  private key: string | null | undefined = undefined;
  private rest = '';

  /** Whether an unfinished line waits for the next piece. */
  get pending(): boolean {
    return this.rest.length > 0;
  }

  push(raw: string, atEnd: boolean): string {
    if (this.key === undefined) {
      // read from whole lines: a first piece with none (and short of a record's cap) waits for the next
      const held = this.rest + raw;
      const lastLine = held.lastIndexOf('\n');
      if (lastLine === -1 && !atEnd && held.length <= MAX_RECORD) {
        this.rest = held;
        return '';
      }
      this.rest = '';
      raw = held;
      this.key = detectShipperJson(lastLine === -1 ? held : held.slice(0, lastLine));
    }
    if (!this.key) return raw;
    const all = this.rest + raw;
    const cut = atEnd ? all.length : all.lastIndexOf('\n') + 1;
    this.rest = all.slice(cut);
    return unwrapShipperJson(all.slice(0, cut), this.key);
  }
}
