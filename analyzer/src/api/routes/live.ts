import type { FastifyInstance } from 'fastify';
import type { ErrorRecord } from '@claude-errors/schemas';
import type { ApiContext } from '../context.js';

const THROTTLE_MS = 500;
const MAX_ROWS_PER_EVENT = 50;

function toLiveRow(r: ErrorRecord): Record<string, unknown> {
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
    message: r.error_message ?? null,
    request_id: r.request_id ?? null,
    trace_id: r.trace_id,
    span_id: r.span_id,
    attempt: r.attempt,
    attempts: r.attempts ?? null,
    outcome: r.outcome,
  };
}

/**
 * GET /api/v1/live — server-sent events. `records`: at most one event per 500 ms with the number
 * of new records and up to 50 newest error rows (so a flood cannot freeze a page); `alert`: each
 * alert state change as it happens. A comment line every 15 s keeps proxies from closing it.
 */
export function registerLive(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/api/v1/live', { schema: { summary: 'Server-sent events: new errors (throttled) and alert changes', hide: false } }, (req, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(': connected\n\n');
    let count = 0;
    let errors: ErrorRecord[] = [];
    let timer: NodeJS.Timeout | null = null;
    const flush = (): void => {
      timer = null;
      if (count === 0) return;
      const rows = errors.slice(-MAX_ROWS_PER_EVENT).reverse().map(toLiveRow);
      res.write(`event: records\ndata: ${JSON.stringify({ count, errors: rows })}\n\n`);
      count = 0;
      errors = [];
    };
    const onRecords = (records: ErrorRecord[]): void => {
      count += records.length;
      for (const r of records) if (r.outcome === 'error') errors.push(r);
      if (errors.length > MAX_ROWS_PER_EVENT * 4) errors = errors.slice(-MAX_ROWS_PER_EVENT);
      timer ??= setTimeout(flush, THROTTLE_MS);
    };
    const onAlert = (change: unknown): void => void res.write(`event: alert\ndata: ${JSON.stringify(change)}\n\n`);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    ctx.ingest.on('records', onRecords);
    const offAlert = ctx.rules ? subscribe(ctx.rules, onAlert) : () => undefined;
    req.raw.on('close', () => {
      clearInterval(heartbeat);
      if (timer) clearTimeout(timer);
      ctx.ingest.off('records', onRecords);
      offAlert();
    });
  });
}

function subscribe(rules: NonNullable<ApiContext['rules']>, fn: (c: unknown) => void): () => void {
  rules.on('change', fn);
  const r = rules as unknown as { off?: (e: 'change', f: (c: unknown) => void) => void };
  return () => r.off?.('change', fn);
}
