// Managed Agents session event streams: `client.beta.sessions.events.stream(sessionID)` (SDK
// 1.17: GET /v1/sessions/{id}/events/stream, server-sent events whose `data:` is one session
// event). The body is watched in the chunks the application's iteration reads, as message
// streams are (stream.ts). Each `session.error` event becomes one span event named
// SESSION_ERROR_EVENT (its error type, scrubbed message, retry_status and, for MCP errors, the
// server's name); `agent.mcp_tool_use` / `agent.mcp_tool_result` pairs go to the MCP tool results
// (mcp.ts). Events are recognized by the `type` of their data, whatever the SSE event name.
//
// A session stream has no end event of its own: the application stops reading it, usually once
// the session is idle. The call is `success` when the body ends, or when the application stops
// after a `session.status_idle`, `session.status_terminated` or `session.deleted` event (the
// points where a session's work stops); `cancelled` when it stops anywhere else; an `event: error`
// of the stream (which the SDK throws) is an error, as in message streams.
import type { Attributes, Span } from '@opentelemetry/api';
import * as S from './semconv.js';
import { envelopeFacts } from './classify-error.js';
import { safe } from './guard.js';
import type { McpToolResults } from './mcp.js';
import { isObj, type Obj } from './obj.js';
import { scrub, scrubAndCap } from './scrub.js';
import type { BodyScanner, StreamFacts } from './stream.js';

const MAX_MESSAGE_BYTES = 4096;
/** A data line longer than this (an agent message near it) is skipped, not kept. */
const MAX_LINE_CHARS = 4 << 20;
/** Only data lines holding one of these are parsed: the rest of a session stream is passed over. */
const WANTED = /"(?:session\.error|session\.status_idle|session\.status_terminated|session\.deleted|session\.status_running|agent\.mcp_tool_use|agent\.mcp_tool_result)"/;
const RETRY_STATUSES: ReadonlySet<string> = new Set(S.SESSION_RETRY_STATUSES);

/** The session id in a session events path: `/v1/sessions/{id}/events/stream`. */
export function sessionIdOf(path: string): string | undefined {
  const m = /\/v1\/sessions\/([^/?#]+)\/events\/stream(?:[?#]|$)/.exec(path);
  return m?.[1] !== undefined ? safe(() => decodeURIComponent(m[1]!)) : undefined;
}

/** `retry_status` is `{type: 'retrying'}` in the API's schema; a bare string is read too. */
function retryStatusOf(error: Obj): string | undefined {
  const r = error['retry_status'];
  const v = isObj(r) ? r['type'] : r;
  return typeof v === 'string' && RETRY_STATUSES.has(v) ? v : undefined;
}

/** The span event attributes of one `session.error` event. */
export function sessionErrorAttributes(event: Obj): Attributes {
  const error = isObj(event['error']) ? event['error'] : {};
  const type = typeof error['type'] === 'string' ? error['type'] : 'unknown_error';
  const attrs: Attributes = { [S.ERROR_TYPE]: type, [S.ANTHROPIC_ERROR_TYPE]: type };
  if (typeof error['message'] === 'string') attrs[S.ANTHROPIC_ERROR_MESSAGE] = scrubAndCap(error['message'], MAX_MESSAGE_BYTES);
  const retry = retryStatusOf(error);
  if (retry !== undefined) attrs[S.SESSION_RETRY_STATUS] = retry;
  if (typeof error['mcp_server_name'] === 'string') attrs[S.MCP_SERVER_NAME] = error['mcp_server_name'];
  if (typeof event['id'] === 'string') attrs[S.SESSION_EVENT_ID] = event['id'];
  return attrs;
}

/** Reads a session event stream's chunks; see the top of this file. */
export class SessionEventScanner implements BodyScanner {
  readonly facts: StreamFacts = { outcome: 'success' };
  decided = false;
  errors = 0;
  /** The last status event said the session's work stopped (idle, terminated, deleted). */
  private stopped = false;
  private carry = '';
  private errorEventNext = false;
  private readonly decoder = new TextDecoder();

  constructor(
    private readonly span: Span,
    private readonly mcp: McpToolResults,
  ) {}

  push(chunk: unknown): void {
    const text = typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? this.decoder.decode(chunk, { stream: true }) : '';
    if (text === '') return;
    const lines = (this.carry + text).split('\n');
    this.carry = lines.pop() ?? '';
    if (this.carry.length > MAX_LINE_CHARS) this.carry = '';
    for (const raw of lines) this.line(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
  }

  end(cancelled: boolean): StreamFacts {
    if (this.decided) return this.facts;
    this.finish();
    if (cancelled && !this.stopped) return { ...this.facts, outcome: 'cancelled' };
    return this.facts;
  }

  private line(line: string): void {
    if (line.startsWith('event:')) {
      this.errorEventNext = line.slice(6).trim() === 'error';
      return;
    }
    if (!line.startsWith('data:')) return;
    const data = line.slice(5);
    if (this.errorEventNext) return this.streamError(data);
    if (!WANTED.test(data)) return;
    const event = safeParse(data);
    if (!isObj(event)) return;
    const type = event['type'];
    if (type === 'session.error') {
      this.errors++;
      const attrs = sessionErrorAttributes(event);
      const count = this.errors;
      // The count is kept current: a read that fails ends the call without end() (stream.ts).
      safe(() => {
        this.span.addEvent(S.SESSION_ERROR_EVENT, attrs);
        this.span.setAttribute(S.SESSION_ERRORS_COUNT, count);
      });
    } else if (type === 'session.status_idle' || type === 'session.status_terminated' || type === 'session.deleted') {
      this.stopped = true;
    } else if (type === 'session.status_running') {
      this.stopped = false;
    } else {
      this.mcp.block(event);
    }
  }

  /** `event: error` ends the stream: the SDK throws an APIError with its data. */
  private streamError(data: string): void {
    this.errorEventNext = false;
    const env = envelopeFacts(safeParse(data));
    this.facts.outcome = 'error';
    this.facts.errorType = env.type ?? 'api_error';
    if (env.type !== undefined) this.facts.anthropicType = env.type;
    if (env.message !== undefined) this.facts.message = scrub(env.message);
    this.finish();
    this.decided = true;
  }

  /** The counts on the call span, once. */
  private finish(): void {
    if (this.decided) return;
    const errors = this.errors;
    safe(() => this.span.setAttribute(S.SESSION_ERRORS_COUNT, errors));
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
