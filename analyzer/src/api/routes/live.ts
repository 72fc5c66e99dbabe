import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { ErrorRecord } from '@claude-errors/schemas';
import type { LiveAlert, LiveErrorRow, LiveRecords } from '@claude-errors/schemas/api';
import type { ApiContext } from '../context.js';
import { truncateMessage } from './error-rows.js';

const MAX_ROWS_PER_EVENT = 50;

/** How the live stream bounds its work and memory; the defaults are documented in docs/configuration.md. */
export interface LiveOptions {
  /** At most one `records` event per this many ms (default 500). */
  throttleMs?: number | undefined;
  /**
   * A client whose unsent bytes (the response's writableLength: ours plus its socket's) exceed
   * this after a write is disconnected and counted as dropped (default 1 MiB).
   */
  maxBufferedBytes?: number | undefined;
  heartbeatMs?: number | undefined;
}

export const LIVE_DEFAULTS = { throttleMs: 500, maxBufferedBytes: 1024 * 1024, heartbeatMs: 15_000 } as const;

/** A failed record as a `records` event sends it; its keys in the order of LiveErrorRow in schemas/api.schema.json. */
export function toLiveRow(r: ErrorRecord): LiveErrorRow {
  return {
    time: new Date(r.time).toISOString(),
    kind: r.kind,
    service: r.service,
    model: r.model ?? null,
    platform: r.platform,
    operation: r.operation ?? null,
    status: r.http_status ?? null,
    error_type: r.error_type ?? null,
    catalog_id: r.catalog_id ?? null,
    ...truncateMessage(r.error_message ?? null),
    request_id: r.request_id ?? null,
    trace_id: r.trace_id,
    span_id: r.span_id,
    attempt: r.attempt,
    attempts: r.attempts ?? null,
    outcome: r.outcome,
  };
}

/**
 * One fan-out for every live client: one listener on the ingest and on the rules engine however
 * many clients connect (so no MaxListenersExceededWarning), each event serialized once. A client
 * that stops reading is disconnected once its unsent bytes pass `maxBufferedBytes`, and counted.
 */
export class LiveHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly opts: Required<{ [K in keyof LiveOptions]: number }>;
  private count = 0;
  private errors: ErrorRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private droppedClients = 0;
  private maxBuffered = 0;

  constructor(
    private readonly ctx: ApiContext,
    private readonly log: FastifyBaseLogger,
    opts: LiveOptions = {},
  ) {
    this.opts = {
      throttleMs: opts.throttleMs ?? LIVE_DEFAULTS.throttleMs,
      maxBufferedBytes: opts.maxBufferedBytes ?? LIVE_DEFAULTS.maxBufferedBytes,
      heartbeatMs: opts.heartbeatMs ?? LIVE_DEFAULTS.heartbeatMs,
    };
  }

  /** For /metrics: connected clients, clients dropped for falling behind, the most bytes one client had unsent. */
  stats(): { clients: number; droppedClients: number; maxBufferedBytes: number } {
    return { clients: this.clients.size, droppedClients: this.droppedClients, maxBufferedBytes: this.maxBuffered };
  }

  add(res: ServerResponse): void {
    this.clients.add(res);
    res.once('close', () => this.remove(res));
    if (this.clients.size === 1) this.subscribe();
    this.send(res, ': connected\n\n');
  }

  /** Ends every stream (before the server closes, so close does not wait on them). */
  closeAll(): void {
    for (const res of this.clients) res.end();
  }

  private remove(res: ServerResponse): void {
    if (!this.clients.delete(res) || this.clients.size > 0) return;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearTimeout(this.timer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.timer = this.heartbeat = null;
    this.count = 0;
    this.errors = [];
  }

  private subscribe(): void {
    const onRecords = (records: ErrorRecord[]): void => this.onRecords(records);
    const onAlert = (change: LiveAlert): void => this.broadcast(`event: alert\ndata: ${JSON.stringify(change)}\n\n`);
    this.ctx.ingest.on('records', onRecords);
    const offAlert = this.ctx.rules ? subscribeRules(this.ctx.rules, onAlert) : () => undefined;
    this.heartbeat = setInterval(() => this.broadcast(': keep-alive\n\n'), this.opts.heartbeatMs);
    this.unsubscribe = () => {
      this.ctx.ingest.off('records', onRecords);
      offAlert();
    };
  }

  private onRecords(records: ErrorRecord[]): void {
    this.count += records.length;
    for (const r of records) if (r.outcome === 'error') this.errors.push(r);
    if (this.errors.length > MAX_ROWS_PER_EVENT * 4) this.errors = this.errors.slice(-MAX_ROWS_PER_EVENT);
    this.timer ??= setTimeout(() => this.flush(), this.opts.throttleMs);
  }

  private flush(): void {
    this.timer = null;
    if (this.count === 0) return;
    const data: LiveRecords = { count: this.count, errors: this.errors.slice(-MAX_ROWS_PER_EVENT).reverse().map(toLiveRow) };
    this.broadcast(`event: records\ndata: ${JSON.stringify(data)}\n\n`);
    this.count = 0;
    this.errors = [];
  }

  private broadcast(chunk: string): void {
    for (const res of this.clients) this.send(res, chunk);
  }

  private send(res: ServerResponse, chunk: string): void {
    if (res.destroyed) return;
    res.write(chunk);
    const buffered = res.writableLength;
    if (buffered > this.maxBuffered) this.maxBuffered = buffered;
    if (buffered <= this.opts.maxBufferedBytes) return;
    this.droppedClients++;
    this.log.warn({ bufferedBytes: buffered, limit: this.opts.maxBufferedBytes }, 'live stream client fell behind; disconnected');
    this.remove(res);
    res.destroy();
  }
}

/**
 * GET /api/v1/live — server-sent events. `records`: at most one event per 500 ms with the number
 * of new records and up to 50 newest error rows, messages cut to 2,000 characters (so a flood
 * cannot freeze a page); `alert`: each alert state change as it happens. A comment line every
 * 15 s keeps proxies from closing it.
 */
export function registerLive(app: FastifyInstance, ctx: ApiContext, opts: LiveOptions = {}): LiveHub {
  const hub = new LiveHub(ctx, app.log, opts);
  app.addHook('preClose', async () => hub.closeAll());
  app.get(
    '/api/v1/live',
    {
      config: { queryToken: true },
      schema: {
        summary: 'Server-sent events: new errors (throttled) and alert changes',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { access_token: { type: 'string', description: 'The API token, for clients that cannot send headers (EventSource).' } },
        },
        response: {
          200: {
            description: 'An endless text/event-stream: `records` events, whose data is LiveRecords of schemas/api.schema.json, and `alert` events, whose data is LiveAlert.',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
        },
      },
    },
    (_req, reply) => {
      reply.hijack();
      const headers = { ...(reply.getHeaders() as OutgoingHttpHeaders), 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' };
      reply.raw.writeHead(200, headers);
      hub.add(reply.raw);
    },
  );
  return hub;
}

function subscribeRules(rules: NonNullable<ApiContext['rules']>, fn: (c: LiveAlert) => void): () => void {
  rules.on('change', fn);
  const r = rules as unknown as { off?: (e: 'change', f: (c: LiveAlert) => void) => void };
  return () => r.off?.('change', fn);
}
