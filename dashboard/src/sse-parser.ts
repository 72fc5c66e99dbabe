/** One server-sent event. */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Incremental text/event-stream parser (the WHATWG rules that matter here: `event:`, `data:`
 * lines joined by "\n", comments ignored, a blank line dispatches). Fed arbitrary chunks.
 */
export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  /** The last chunk ended in CR: an LF starting the next one ends the same line (a CRLF cut in two). */
  private afterCr = false;

  push(chunk: string): SseEvent[] {
    if (chunk === '') return [];
    this.buffer += this.afterCr && chunk.startsWith('\n') ? chunk.slice(1) : chunk;
    this.afterCr = false;
    const out: SseEvent[] = [];
    let nl: number;
    while ((nl = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buffer.slice(0, nl);
      const sep = this.buffer.startsWith('\r\n', nl) ? 2 : 1;
      this.afterCr = sep === 1 && this.buffer[nl] === '\r' && nl + 1 === this.buffer.length;
      this.buffer = this.buffer.slice(nl + sep);
      const ev = this.line(line);
      if (ev) out.push(ev);
    }
    return out;
  }

  private line(line: string): SseEvent | null {
    if (line === '') {
      const ev = this.data.length > 0 ? { event: this.event || 'message', data: this.data.join('\n') } : null;
      this.event = '';
      this.data = [];
      return ev;
    }
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    return null;
  }
}
