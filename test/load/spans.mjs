// OTLP protobuf request bodies for the ingest benchmark, encoded once by the real OpenTelemetry
// serializer (the one @opentelemetry/exporter-trace-otlp-proto uses) from spans shaped like the
// instrumentation's: a call span with GenAI + anthropic.* attributes, one `anthropic.attempt`
// event per HTTP attempt, an `exception` event on failed calls. Per request only the trace ids
// are rewritten in place (request sequence number in their first 8 bytes), so every span is a
// new row for the dedupe key and the load generator does a memcpy, not an encode.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

const SCOPE = '@claude-errors/instrumentation-anthropic';
const MODELS = ['claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-opus-4-1'];
export const PROBE_SERVICE = 'bench-probe';

// Deterministic pseudo-random numbers so every run sends the same mix.
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** Outcome mix of a busy fleet: mostly successes (light rows), retries rescued, final errors. */
const KINDS = [
  { p: 0.8, name: 'ok', attempts: [200] },
  { p: 0.08, name: 'ok-after-529', attempts: [529, 200] },
  { p: 0.03, name: 'ok-after-429', attempts: [429, 200] },
  { p: 0.03, name: 'invalid-request', attempts: [400] },
  { p: 0.02, name: 'overloaded', attempts: [529, 529, 529] },
  { p: 0.02, name: 'rate-limited', attempts: [429, 429, 429] },
  { p: 0.01, name: 'api-error', attempts: [500, 500, 500] },
  { p: 0.01, name: 'unknown-400', attempts: [400] },
];
const ERRORS = {
  400: ['invalid_request_error', 'messages.1.content: Input should be a valid list'],
  429: ['rate_limit_error', 'This request would exceed the rate limit for your organization of 400,000 output tokens per minute.'],
  500: ['api_error', 'Internal server error'],
  529: ['overloaded_error', 'Overloaded'],
};

function pickKind(r) {
  let x = r();
  for (const k of KINDS) if ((x -= k.p) < 0) return k;
  return KINDS[0];
}

function emitCall(tracer, r, model, startMs, kind) {
  const last = kind.attempts[kind.attempts.length - 1];
  const ok = last < 400;
  const reqId = (n) => `req_011CV${Math.floor(r() * 1e12).toString(36)}${n}`;
  const span = tracer.startSpan(`chat ${model}`, {
    kind: SpanKind.CLIENT,
    startTime: startMs,
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': model,
      'gen_ai.request.max_tokens': 1024,
      'gen_ai.request.stream': r() < 0.3,
      'server.address': 'api.anthropic.com',
      'server.port': 443,
      'http.request.method': 'POST',
      'url.path': '/v1/messages',
      'anthropic.operation': kind.name === 'unknown-400' ? 'messages.countTokens' : 'messages.create',
      'anthropic.platform': 'first_party',
      'anthropic.sdk.version': '1.13.0',
      'anthropic.outcome': ok ? 'success' : 'error',
      'anthropic.attempt.count': kind.attempts.length,
      'http.response.status_code': last,
      'anthropic.request.id': reqId(kind.attempts.length),
    },
  });
  let t = startMs;
  kind.attempts.forEach((status, i) => {
    const duration = status === 200 ? 300 + Math.floor(r() * 1500) : 20 + Math.floor(r() * 200);
    const attrs = {
      'anthropic.attempt.number': i + 1,
      'anthropic.attempt.outcome': status < 400 ? 'success' : 'error',
      'anthropic.attempt.start_ms': t - startMs,
      'anthropic.attempt.duration_ms': duration,
      'http.response.status_code': status,
      'anthropic.request.id': reqId(i + 1),
      'anthropic.ratelimit.requests.limit': 4000,
      'anthropic.ratelimit.requests.remaining': 3000 + Math.floor(r() * 999),
      'anthropic.ratelimit.tokens.limit': 400000,
      'anthropic.ratelimit.tokens.remaining': Math.floor(r() * 400000),
    };
    if (i > 0) attrs['anthropic.attempt.wait_ms'] = 500 * 2 ** (i - 1);
    if (status >= 400) {
      const [type, message] = ERRORS[status];
      attrs['error.type'] = type;
      attrs['anthropic.error.type'] = type;
      attrs['anthropic.error.message'] = kind.name === 'unknown-400' ? `messages: unexpected field 'x${Math.floor(r() * 50)}'` : message;
      attrs['anthropic.should_retry'] = status !== 400 && i < 2;
      if (status === 429) attrs['anthropic.retry_after_ms'] = 1000 + Math.floor(r() * 20) * 1000;
    }
    span.addEvent('anthropic.attempt', attrs, t);
    t += duration + (attrs['anthropic.attempt.wait_ms'] ?? 0);
  });
  if (ok) {
    span.setAttributes({
      'gen_ai.response.id': `msg_01${Math.floor(r() * 1e15).toString(36)}`,
      'gen_ai.response.model': model,
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.usage.input_tokens': 200 + Math.floor(r() * 4000),
      'gen_ai.usage.output_tokens': 50 + Math.floor(r() * 1000),
    });
    span.setStatus({ code: SpanStatusCode.OK });
  } else {
    const [type, message] = ERRORS[last];
    span.setAttributes({ 'error.type': type, 'anthropic.error.type': type, 'anthropic.error.message': message });
    span.addEvent('exception', { 'exception.type': `${last}`, 'exception.message': `${last} {"type":"error","error":{"type":"${type}","message":"${message}"}}` }, t);
    span.setStatus({ code: SpanStatusCode.ERROR, message });
  }
  span.end(t);
}

/** Rows the collector makes of a span: one call row plus one per attempt event. */
function rowsOf(readable) {
  const attempts = readable.events.filter((e) => e.name === 'anthropic.attempt').length;
  return 1 + Math.max(1, attempts);
}

function encode(service, emit) {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': service,
      'service.version': '2.4.1',
      'deployment.environment.name': 'production',
      'host.name': `${service}-7f9c8d-x2k4q`,
      'process.pid': 4242,
      'process.runtime.name': 'nodejs',
      'process.runtime.version': '20.19.0',
      'telemetry.sdk.language': 'nodejs',
      'telemetry.sdk.name': 'opentelemetry',
      'telemetry.sdk.version': '2.1.0',
    }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  emit(provider.getTracer(SCOPE, '0.1.0'));
  const spans = exporter.getFinishedSpans();
  const bytes = Buffer.from(ProtobufTraceSerializer.serializeRequest(spans));
  const traceOffsets = spans.map((s) => {
    const id = Buffer.from(s.spanContext().traceId, 'hex');
    const at = bytes.indexOf(id);
    if (at < 0 || bytes.indexOf(id, at + 1) >= 0) throw new Error('trace id not found exactly once in the encoded body');
    return at;
  });
  return { bytes, traceOffsets, spans: spans.length, rows: spans.reduce((n, s) => n + rowsOf(s), 0) };
}

/**
 * `count` template bodies of `spansPerRequest` spans each, spread over 8 services and 3 models,
 * with start times in the last minutes (so the API's default 24 h range holds them).
 */
export function buildTemplates({ count = 16, spansPerRequest = 500, now = Date.now() } = {}) {
  const templates = [];
  for (let b = 0; b < count; b++) {
    const r = rng(1000 + b);
    templates.push(
      encode(`checkout-${b % 8}`, (tracer) => {
        for (let i = 0; i < spansPerRequest; i++) emitCall(tracer, r, MODELS[Math.floor(r() * MODELS.length)], now - 600_000 + Math.floor(r() * 540_000), pickKind(r));
      }),
    );
  }
  return templates;
}

const SENTINEL_MS = 1_234_567_890_123;

/** The probe: one failed call (three 529s) in its own resource, start time rewritten per request. */
export function buildProbe() {
  const p = encode(PROBE_SERVICE, (tracer) => emitCall(tracer, rng(7), MODELS[0], SENTINEL_MS, KINDS.find((k) => k.name === 'overloaded')));
  const ns = (ms) => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(ms) * 1_000_000n);
    return b;
  };
  const startAt = p.bytes.indexOf(ns(SENTINEL_MS));
  if (startAt < 0) throw new Error('probe start time not found in the encoded body');
  return { ...p, startAt };
}

/**
 * The body of request `seq`: a copy of a template with every trace id's first 8 bytes set to
 * `seq`, plus (when `probeMs` is given) the probe resource with its start time set to `probeMs`.
 * Protobuf messages concatenate into one message, so the probe is simply appended.
 */
export function bodyFor(templates, probe, seq, probeMs) {
  const t = templates[seq % templates.length];
  const size = t.bytes.length + (probeMs === undefined ? 0 : probe.bytes.length);
  const out = Buffer.allocUnsafe(size);
  t.bytes.copy(out, 0);
  for (const at of t.traceOffsets) out.writeBigUInt64BE(BigInt(seq + 1), at);
  if (probeMs !== undefined) {
    probe.bytes.copy(out, t.bytes.length);
    const base = t.bytes.length;
    out.writeBigUInt64BE(BigInt(seq + 1), base + probe.traceOffsets[0]);
    out.writeBigUInt64LE(BigInt(Math.floor(probeMs)) * 1_000_000n, base + probe.startAt);
  }
  return out;
}

/** The probe's trace id in request `seq` (hex), as the API returns it. */
export function probeTraceId(probe, seq) {
  const id = Buffer.from(probe.bytes.subarray(probe.traceOffsets[0], probe.traceOffsets[0] + 16));
  id.writeBigUInt64BE(BigInt(seq + 1), 0);
  return id.toString('hex');
}
