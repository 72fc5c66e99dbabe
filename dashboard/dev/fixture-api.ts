import type { Plugin } from 'vite';
import type { Alert, AlertsResponse, RulesResponse } from '@claude-errors/schemas/api';

/**
 * Development only (`vite dev` without CLAUDE_ERRORS_API): answers /api/v1/* with a small
 * generated data set in the analyzer's response shapes, so the page can be worked on without a
 * running analyzer. Never part of the build.
 */
const CATALOG = [
  { id: 'overloaded', status: 529, error_type: 'overloaded_error', title: 'Claude is overloaded', cause: 'Anthropic servers are at capacity across all users.', fix: 'Retry with exponential backoff; the SDK does this by default (`maxRetries: 2`).\n\n```ts\nconst client = new Anthropic({ maxRetries: 5 });\n```\n- Fall back to another model when overloads persist.', retryable: true, fault: 'provider', references: ['https://docs.anthropic.com/en/api/errors'] },
  { id: 'rate_limit.requests', status: 429, error_type: 'rate_limit_error', title: 'Request rate limit reached', cause: 'Your organization sent more requests per minute than its tier allows.', fix: 'Honour the `retry-after` header and spread requests over time.', retryable: true, fault: 'client', references: [] },
  { id: 'invalid_request.max_tokens', status: 400, error_type: 'invalid_request_error', title: 'max_tokens too large for the model', cause: 'The request asks for more output tokens than the model supports.', fix: 'Lower `max_tokens` to the model limit.', retryable: false, fault: 'client', references: [] },
  { id: 'api_error.stream_cut', status: null, error_type: 'api_error', title: 'Stream ended before message_stop', cause: 'The connection dropped mid-stream.', fix: 'Retry the request; keep partial output only if your app can resume.', retryable: true, fault: 'network', references: [] },
];

function rows(n: number): Record<string, unknown>[] {
  const now = Date.now();
  return Array.from({ length: n }, (_, i) => {
    const c = CATALOG[i % CATALOG.length]!;
    return { time: new Date(now - i * 37_000).toISOString(), service: i % 3 ? 'checkout' : 'support-bot', model: i % 2 ? 'claude-sonnet-4-5' : 'claude-haiku-4-5', platform: 'first_party', operation: 'messages.create', status: c.status, error_type: c.error_type, catalog_id: c.id, message: `${c.title} (sample ${i})`, request_id: `req_${String(i).padStart(6, '0')}`, trace_id: i.toString(16).padStart(32, '0'), span_id: i.toString(16).padStart(16, '0'), attempt: (i % 3) + 1, attempts: 3, outcome: 'error', retry_after_ms: c.status === 429 ? 2000 : null, attributes: { 'anthropic.ratelimit.requests.remaining': '0' } };
  });
}

/** One firing streak alert (its firing event) and, in the history, an earlier one that resolved. */
function alerts(): AlertsResponse {
  const at = (msAgo: number): string => new Date(Date.now() - msAgo).toISOString();
  const alert = (over: Partial<Alert>): Alert => ({
    event_id: '00000000-0000-4000-8000-000000000001',
    event: 'firing',
    time: at(120_000),
    rule: 'overloaded-streak',
    fingerprint: 'a31ef0f6ab01f867',
    status: 'firing',
    severity: 'critical',
    labels: { alertname: 'overloaded-streak', severity: 'critical', model: 'claude-sonnet-4-5' },
    annotations: { summary: '7 consecutive 529 overloaded on claude-sonnet-4-5', value: '7', threshold: '5' },
    starts_at: at(120_000),
    ends_at: null,
    value: 7,
    active: true,
    notifications: [{ notifier: 'slack', delivery: 'sent', attempts: 1, last_error: null, delivered_at: at(119_000) }],
    incidents: [],
    ...over,
  });
  const firing = alert({});
  const resolved = alert({ event_id: '00000000-0000-4000-8000-000000000002', event: 'resolved', time: at(900_000), status: 'resolved', fingerprint: 'f9e970d31bd693bd', labels: { alertname: 'overloaded-streak', severity: 'critical', model: 'claude-haiku-4-5' }, starts_at: at(1_500_000), ends_at: at(900_000), value: 0, active: false });
  return { active: [firing], history: [firing, resolved] };
}

function rules(): RulesResponse {
  const common = { level: 'call' as const, match: {}, group_by: ['model'], for: '0s', keep_firing_for: '0s', notifiers: [], source: '(defaults)' };
  const group = { fingerprint: 'a31ef0f6ab01f867', threshold: 5, consecutive_successes: 0, late_records: 0, pending_since: null };
  return {
    rules: [
      {
        ...common,
        name: 'overloaded-streak',
        kind: 'streak',
        level: 'attempt',
        match: { status: [529] },
        threshold: 5,
        window: null,
        min_total: null,
        resolve: { successes: 3 },
        severity: 'critical',
        groups: [
          { ...group, labels: { model: 'claude-sonnet-4-5' }, state: 'firing', value: 7, matching: 7, total: 7, last_match: new Date().toISOString(), firing_since: new Date(Date.now() - 120_000).toISOString() },
          { ...group, fingerprint: 'f9e970d31bd693bd', labels: { model: 'claude-haiku-4-5' }, state: 'inactive', value: 3, matching: 3, total: 3, last_match: new Date(Date.now() - 60_000).toISOString(), firing_since: null },
        ],
      },
      { ...common, name: 'error-rate', kind: 'rate', threshold: 0.2, window: '5m', min_total: 20, resolve: { condition: true }, severity: 'warning', groups: [] },
    ],
  };
}

function answer(path: string, query: URLSearchParams): unknown {
  const all = rows(120);
  if (path === 'summary') {
    return { from: query.get('from'), to: query.get('to'), total_calls: 1234, failed_calls: 57, total_attempts: 1420, failed_attempts: 243, error_rate: 57 / 1234, by_catalog: CATALOG.map((c, i) => ({ catalog_id: c.id, title: c.title, status: c.status, error_type: c.error_type, failed_calls: 30 - i * 7, failed_attempts: 120 - i * 30, share: (30 - i * 7) / 57, first_seen: new Date(Date.now() - 3_600_000).toISOString(), last_seen: new Date().toISOString(), fix: c.fix })) };
  }
  if (path === 'trends') {
    const buckets = Array.from({ length: 60 }, (_, i) => new Date(Date.now() - (59 - i) * 60_000).toISOString());
    return { from: '-1h', to: 'now', bucket: '1m', by: query.get('by') ?? 'catalog_id', buckets, series: CATALOG.map((c, k) => ({ key: c.id, calls: buckets.map((_, i) => Math.max(0, Math.round(3 * Math.sin(i / 6 + k) + 2))), attempts: buckets.map((_, i) => Math.max(0, Math.round(6 * Math.sin(i / 6 + k) + 4))) })) };
  }
  if (path === 'errors') {
    const offset = Number(query.get('cursor') ?? 0);
    const limit = Number(query.get('limit') ?? 50);
    return { rows: all.slice(offset, offset + limit), next_cursor: offset + limit < all.length ? String(offset + limit) : null };
  }
  if (path.startsWith('errors/')) {
    const call = { ...all[0]!, attempt: 0 };
    return { call, attempts: all.slice(0, 3).map((r, i) => ({ ...r, attempt: i + 1 })), catalog: { ...CATALOG[0]!, count: 30 } };
  }
  if (path === 'patterns') return { patterns: [{ fingerprint: 'a1b2c3d4', count: 4, first_seen: new Date().toISOString(), last_seen: new Date().toISOString(), sample: 'upstream connect error or disconnect/reset before headers. reset reason: <n>' }] };
  if (path === 'catalog') return { entries: CATALOG.map((c, i) => ({ ...c, count: 30 - i * 7 })) };
  if (path === 'alerts') return alerts();
  if (path === 'rules') return rules();
  if (path === 'filters') return { services: ['checkout', 'support-bot'], models: ['claude-haiku-4-5', 'claude-sonnet-4-5'], platforms: ['first_party'] };
  return null;
}

export function fixtureApi(): Plugin {
  return {
    name: 'claude-errors-fixture-api',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use('/api/v1/', (req, res) => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const path = url.pathname.replace(/^\//, '');
        if (path === 'live') {
          res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
          let i = 0;
          const timer = setInterval(() => res.write(`event: records\ndata: ${JSON.stringify({ count: 5, errors: rows(++i % 7 + 1).slice(-1) })}\n\n`), 1000);
          req.on('close', () => clearInterval(timer));
          return;
        }
        const body = answer(path, url.searchParams);
        res.writeHead(body === null ? 404 : 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body ?? { statusCode: 404, code: 'CE_ERR_NOT_FOUND', error: 'Not Found', message: `no route ${path}` }));
      });
    },
  };
}
