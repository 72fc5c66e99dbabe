/**
 * End-to-end checks of a running claude-errors: the analyzer answers, a test span sent through
 * the collector becomes queryable, rules are loaded, and what is known of each notifier.
 */
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { DOCTOR_SERVICE } from '@claude-errors/schemas';
import type { AlertsResponse, RulesResponse } from '@claude-errors/schemas/api';
import type { Finding } from './finding.js';

/** The test span's service.name and model: recognisable in the dashboard and easy to filter out. */
export { DOCTOR_SERVICE };

export interface ServerInfo {
  version: string;
  otlp_url: string | null;
  ingest_token_required: boolean;
  has_records: boolean;
}

interface Api {
  base: string;
  token: string | undefined;
}

async function apiGet<T>(api: Api, path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${api.base}${path}`, { headers: api.token ? { authorization: `Bearer ${api.token}` } : {}, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: (await res.json().catch(() => null)) as T };
}

function reason(err: unknown): string {
  const e = err as { cause?: { code?: string; message?: string }; code?: string; message?: string };
  return e.cause?.code ?? e.code ?? e.cause?.message ?? e.message ?? String(err);
}

/** The analyzer answers, and tells where its collector is (GET /api/v1/info). */
export async function checkAnalyzer(api: Api): Promise<{ finding: Finding; info: ServerInfo | null; usable: boolean }> {
  let res: { status: number; body: ServerInfo & { message?: string } };
  try {
    res = await apiGet(api, '/api/v1/info');
  } catch (err) {
    const detail = `nothing answers at ${api.base} (${reason(err)}). Is \`claude-errors serve\` running, and is this its dashboard/API port (4320 by default; 4318 is the collector's)?`;
    return { finding: { level: 'fail', title: 'analyzer', detail }, info: null, usable: false };
  }
  if (res.status === 401) {
    return { finding: { level: 'fail', title: 'analyzer', detail: `${api.base} needs an API token${api.token ? ' and refused the one given' : ''}: pass --api-token or set CE_API_TOKEN.` }, info: null, usable: false };
  }
  if (res.status === 404) return { finding: { level: 'warn', title: 'analyzer', detail: `${api.base} answers but has no /api/v1/info (an older analyzer, or not claude-errors): give --otlp.` }, info: null, usable: true };
  if (res.status !== 200) return { finding: { level: 'fail', title: 'analyzer', detail: `GET ${api.base}/api/v1/info answered ${res.status}: ${res.body?.message ?? ''}` }, info: null, usable: false };
  const info = res.body;
  return { finding: { level: 'ok', title: 'analyzer', detail: `${api.base} answers (claude-errors ${info.version}; collector ${info.otlp_url ?? 'in its own process'})` }, info, usable: true };
}

/** One finished span shaped like a successful Claude call, marked as the doctor's. */
function testSpan(marker: string): ReadableSpan {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': DOCTOR_SERVICE }), spanProcessors: [new SimpleSpanProcessor({ exporter: memory })] });
  const span = provider.getTracer(DOCTOR_SERVICE).startSpan(`chat ${DOCTOR_SERVICE}`, {
    kind: 2,
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': DOCTOR_SERVICE,
      'http.response.status_code': 200,
      'claude_errors.doctor': marker,
    },
  });
  span.end();
  return memory.getFinishedSpans()[0]!;
}

const STATUS_ADVICE: Record<number, string> = {
  401: 'the collector needs the ingest token: pass --ingest-token or set CE_INGEST_TOKEN (the app sends it as OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer%20<token>").',
  404: 'nothing takes spans at this path. The collector takes POST <base>/v1/traces; is this the collector\'s port (4318 by default), not the analyzer\'s (4320)? Is /v1/traces missing, or there twice?',
  405: 'this path does not take POST: is it the collector?',
  413: 'the collector refused the body as too large (--max-body-bytes).',
  415: 'the collector did not accept this content type; it takes application/x-protobuf and application/json.',
  429: 'the collector is busy (its queue is full); it will accept again shortly.',
  503: 'the collector is up but cannot hand off spans (Kafka down, or the analyzer not ready).',
};

/** Sends the test span through the collector with a real OTLP exporter, as an app would. */
export async function sendTestSpan(tracesUrl: string, protocol: string, headers: Record<string, string>, marker: string, title = 'collector'): Promise<Finding> {
  const opts = { url: tracesUrl, headers, timeoutMillis: 5000 };
  const exporter = protocol === 'http/json' ? new JsonExporter(opts) : new ProtoExporter(opts);
  const encoding = protocol === 'http/json' ? 'JSON' : 'protobuf';
  const result = await new Promise<{ code: number; error?: Error }>((resolve) => exporter.export([testSpan(marker)], resolve));
  await exporter.shutdown();
  if (result.code === 0) return { level: 'ok', title, detail: `accepted a test span (OTLP/HTTP ${encoding}, service.name ${DOCTOR_SERVICE}) at ${tracesUrl}` };
  const status = (result.error as { code?: unknown } | undefined)?.code;
  if (typeof status === 'number') return { level: 'fail', title, detail: `POST ${tracesUrl} answered ${status}: ${STATUS_ADVICE[status] ?? result.error?.message ?? ''}` };
  return { level: 'fail', title, detail: `cannot send to ${tracesUrl} (${reason(result.error)}). Is the collector running, on this host and port? 4318 is its default; 4317 would be gRPC, which it does not speak.` };
}

interface Summary {
  total_calls: number;
}

/** Calls stored for the doctor's service (the count grows by one per doctor run). */
export async function doctorCalls(api: Api): Promise<number> {
  const res = await apiGet<Summary>(api, `/api/v1/summary?from=-24h&service=${DOCTOR_SERVICE}`);
  if (res.status !== 200) throw new Error(`GET /api/v1/summary answered ${res.status}`);
  return res.body.total_calls;
}

/** Polls the API until the test span is stored. */
export async function waitQueryable(api: Api, before: number, timeoutMs: number): Promise<Finding> {
  const started = Date.now();
  for (;;) {
    const now = await doctorCalls(api).catch(() => before);
    if (now > before) return { level: 'ok', title: 'stored', detail: `the test span is queryable through the API after ${((Date.now() - started) / 1000).toFixed(1)} s (GET /api/v1/summary?service=${DOCTOR_SERVICE})` };
    if (Date.now() - started > timeoutMs) {
      return { level: 'fail', title: 'stored', detail: `the collector accepted the span but the API did not show it within ${timeoutMs / 1000} s. Is this collector feeding this analyzer (same Kafka topic, or one serve)? Check the analyzer's logs.` };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Rules loaded (GET /api/v1/rules, /api/v1/alerts), and what the alert history says of each notifier. */
export async function checkRules(api: Api): Promise<Finding[]> {
  const [rules, alerts] = await Promise.all([apiGet<RulesResponse>(api, '/api/v1/rules'), apiGet<AlertsResponse>(api, '/api/v1/alerts?limit=200')]);
  if (rules.status !== 200 || alerts.status !== 200) return [{ level: 'fail', title: 'rules', detail: `GET /api/v1/rules answered ${rules.status}, /api/v1/alerts ${alerts.status}` }];
  const list = rules.body.rules;
  if (list.length === 0) return [{ level: 'warn', title: 'rules', detail: 'no alert rule is loaded (alerting off?): nothing will fire.' }];
  const out: Finding[] = [{ level: 'ok', title: 'rules', detail: `${list.length} alert rules loaded from ${list[0]?.source ?? 'the rules file'} (${list.map((r) => r.name).join(', ')}); ${alerts.body.active.length} firing` }];
  const notifiers = new Map<string, { format?: string; url?: string }>();
  for (const r of list) for (const n of r.notifiers ?? []) notifiers.set(n.name, n);
  if (notifiers.size === 0) out.push({ level: 'info', title: 'notifiers', detail: 'none configured: alerts show in the dashboard and `claude-errors alerts` only.' });
  for (const [name, n] of notifiers) {
    const last = alerts.body.history.flatMap((a) => a.notifications ?? []).find((d) => d.notifier === name);
    const history = !last ? 'no delivery yet' : last.delivery === 'failed' ? `last delivery FAILED (${last.last_error ?? 'no reason given'})` : `last delivery ${last.delivery}`;
    out.push({ level: last?.delivery === 'failed' ? 'warn' : 'skip', title: `notifier ${name}`, detail: `${n.format ?? ''} ${n.url ?? ''}: not tried, the analyzer has no dry-run for notifiers (sending a test alert would page people); ${history}.`.trim() });
  }
  return out;
}
