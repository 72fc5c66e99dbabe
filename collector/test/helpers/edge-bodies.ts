import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import * as sc from '@claude-errors/instrumentation-anthropic/semconv';
import { attrs, fixed64, ld, ms, tag, varint, vint, type Any } from './protobuf-writer.js';

/**
 * Hand-built OTLP protobuf bodies with the shapes the realistic generator never produces, for the
 * golden-output test: every supported instrumentation's span shape, non-ASCII and invalid UTF-8
 * text, duplicate and empty keys, kvlist, array and bytes values inside kept attributes, secrets
 * of every masked shape, unknown fields, and malformed values in attributes nobody reads.
 */
const T0 = 1_767_225_600_000;
const s = (v: string | Buffer): Any => ({ s: v });
const i = (v: number | bigint): Any => ({ i: v });

const trace = (n: number): Buffer => Buffer.alloc(16, n);
const spanId = (n: number): Buffer => Buffer.alloc(8, n);

interface SpanSpec {
  trace?: Buffer;
  id?: Buffer;
  parent?: Buffer;
  name?: string | Buffer;
  start?: number;
  end?: number;
  attributes?: [string | Buffer, Any | null][];
  events?: { name: string; time: number; attributes: [string | Buffer, Any | null][] }[];
  status?: { code: number; message?: string | Buffer };
  extra?: Buffer;
}

function span(p: SpanSpec): Buffer {
  const parts = [ld(1, p.trace ?? trace(1)), ld(2, p.id ?? spanId(2))];
  if (p.parent) parts.push(ld(4, p.parent));
  parts.push(ld(5, p.name ?? 'chat claude-sonnet-4-5'), vint(6, 3), fixed64(7, ms(p.start ?? T0)), fixed64(8, ms(p.end ?? (p.start ?? T0) + 1234)));
  parts.push(attrs(9, p.attributes ?? []));
  for (const e of p.events ?? []) parts.push(ld(11, Buffer.concat([fixed64(1, ms(e.time)), ld(2, e.name), attrs(3, e.attributes)])));
  if (p.status) parts.push(ld(15, Buffer.concat([...(p.status.message !== undefined ? [ld(2, p.status.message)] : []), vint(3, p.status.code)])));
  if (p.extra) parts.push(p.extra);
  return Buffer.concat(parts);
}

function resourceSpans(resource: [string, Any | null][], scope: { name: string; version?: string }, spans: Buffer[]): Buffer {
  const scopeMsg = Buffer.concat([ld(1, scope.name), ...(scope.version ? [ld(2, scope.version)] : [])]);
  return ld(1, Buffer.concat([ld(1, attrs(1, resource)), ld(2, Buffer.concat([ld(1, scopeMsg), ...spans.map((x) => ld(2, x))]))]));
}

const SECRETS = [
  'sk-ant-api03-AbCdEf0123456789_-xyz',
  'sk-proj-abcdefghijklmnopqrstuvwxyz012',
  'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig',
  'basic dXNlcjpwYXNzd29yZA==',
  'AKIAIOSFODNN7EXAMPLE',
  'ASIAABCDEFGHIJKLMNOP',
  '{"x-api-key": "my-secret-key-123"}',
  "api_key='0123456789abcdef'",
  'apikey=zzzzzzzzzz',
];

const INVALID_UTF8 = Buffer.from([0x6d, 0x6f, 0x64, 0xff, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0xf0, 0x9f, 0x98, 0xe2, 0x82, 0xac, 0xc0, 0xaf]);

/** A body of spans from every instrumentation the mapper knows, with odd but valid contents. */
export function edgeTracesBody(): Buffer {
  const ours = [
    span({
      trace: trace(0xa1),
      id: spanId(0xb1),
      parent: spanId(0xc1),
      attributes: [
        [sc.GEN_AI_OPERATION_NAME, s('chat')],
        [sc.GEN_AI_PROVIDER_NAME, s('anthropic')],
        [sc.GEN_AI_REQUEST_MODEL, s('claude-ünïcödé-😀-模型')],
        [sc.GEN_AI_REQUEST_STREAM, s('true')],
        [sc.ANTHROPIC_OUTCOME, s('error')],
        [sc.ANTHROPIC_ERROR_MESSAGE, s(`529 ${SECRETS.join(' | ')} {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011CVabc"}`)],
        [sc.ANTHROPIC_REQUEST_ID, s('req_first')],
        [sc.ANTHROPIC_REQUEST_ID, s('req_second_wins sk-ant-api03-secretsecret')],
        ['', s('empty key is dropped')],
        [INVALID_UTF8, s('key with invalid utf-8')],
        ['server.address', { kv: [['deep', { arr: [s('x'), { bytes: Buffer.from([1, 2, 3]) }] }]] }],
        ['anthropic.ratelimit.tokens.remaining', s('123')],
        ['anthropic.ratelimit', s('no trailing dot: not kept')],
        ['anthropic.ratelimit.authorization', s('masked by its key')],
        ['anthropic.ratelimit.nested', { kv: [['api_key', s('abc')], ['inner', { kv: [['note', s('Bearer abcdefghijkl')], ['cookie', i(1)]] }], ['none', null]] }],
        ['anthropic.ratelimit.list', { arr: [s('sk-ant-abcdefg123'), i(-5), { d: 1.5 }, { b: false }, { arr: [] }, { kv: [] }] }],
        [sc.ANTHROPIC_LINT_FINDINGS, { arr: [s('max_tokens: too high'), s('prompt contains sk-ant-api03-leaked00')] }],
        ['anthropic.lint.', s('exact prefix')],
        [sc.ANTHROPIC_EXCEPTION_CAUSE_CODE, s('ECONNRESET')],
        [sc.ANTHROPIC_STREAM_TTFT_MS, i(-42)],
        [sc.GEN_AI_USAGE_INPUT_TOKENS, { d: 12.5 }],
        ['gen_ai.usage.input_tokens_extra', i(9007199254740993n)],
        [sc.GEN_AI_USAGE_OUTPUT_TOKENS, i(-9007199254740000n)],
        [sc.GEN_AI_RESPONSE_ID, { bytes: Buffer.from('cafebabe', 'hex') }],
        ['anthropic.ratelimit.invalid', s(INVALID_UTF8)],
        ['anthropic.ratelimit.nulled', null],
        ['anthropic.ratelimit.dup', i(1)],
        ['anthropic.ratelimit.order', i(2)],
        ['anthropic.ratelimit.dup', s('second')],
        ['anthropic.ratelimit.7', s('numeric-looking tail')],
      ],
      events: [
        {
          name: sc.ATTEMPT_EVENT,
          time: T0 + 1,
          attributes: [
            [sc.ATTEMPT_NUMBER, s('1')],
            [sc.HTTP_RESPONSE_STATUS_CODE, i(529)],
            [sc.ANTHROPIC_ERROR_MESSAGE, s('Overloaded: x-api-key=sk-ant-api03-abcdefghij')],
            [sc.RETRY_AFTER_MS, { d: 1500.25 }],
            [sc.SHOULD_RETRY, s('true')],
            [sc.ATTEMPT_WAIT_MS, i(0)],
            [sc.ATTEMPT_DURATION_MS, { d: 12.345 }],
            ['anthropic.ratelimit.requests.remaining', i(0)],
            ['anthropic.ratelimit.requests.reset', s('2026-01-01T00:00:00Z')],
            [sc.ATTEMPT_START_MS, { kv: [['unused', s('y')]] }],
          ],
        },
        {
          name: sc.ATTEMPT_EVENT,
          time: T0 + 900,
          attributes: [
            [sc.ATTEMPT_NUMBER, i(2)],
            [sc.ATTEMPT_OUTCOME, s('cancelled')],
            [sc.EXCEPTION_TYPE, s('APIUserAbortError')],
            [sc.EXCEPTION_MESSAGE, s('Request was aborted. Bearer abcdefghijklmnop')],
          ],
        },
        { name: 'exception', time: T0 + 1000, attributes: [[sc.EXCEPTION_TYPE, s('OverloadedError')], [sc.EXCEPTION_MESSAGE, s('ignored: the span message wins')]] },
      ],
      status: { code: 2, message: 'Overloaded' },
      // unknown span fields: trace_state (3), dropped counts (10, 12), flags (16, fixed32), an unknown varint (99)
      extra: Buffer.concat([ld(3, 'k=v'), vint(10, 3), vint(12, 1), tag(16, 5), Buffer.from([1, 0, 0, 0]), vint(99, 7)]),
    }),
    // success without attempt events: a synthesized attempt row; KeyValue with key and value twice
    span({
      trace: trace(0xa2),
      id: spanId(0xb2),
      name: INVALID_UTF8,
      attributes: [
        [sc.GEN_AI_REQUEST_MODEL, s('claude-haiku-4-5')],
        [sc.HTTP_REQUEST_RESEND_COUNT, i(2)],
        [sc.ANTHROPIC_PLATFORM, s('vertex')],
      ],
      extra: ld(9, Buffer.concat([ld(1, 'first.key'), ld(2, ld(1, 'v1')), ld(1, 'anthropic.ratelimit.twice'), ld(2, ld(1, 'v2')), ld(2, vint(3, 5))])),
    }),
    // invalid ids: rejected with a reason
    span({ trace: Buffer.alloc(15, 1), id: spanId(3), name: 'chat bad-id' }),
    span({ trace: Buffer.alloc(16, 0), id: spanId(4), name: 'chat zero-trace' }),
  ];
  const openllmetry = [
    span({
      trace: trace(0xa3),
      id: spanId(0xb3),
      name: 'anthropic.completion',
      attributes: [
        [sc.GEN_AI_SYSTEM, s('Anthropic')],
        ['llm.request.type', s('completion')],
        ['gen_ai.request.is_stream', { b: true }],
        [sc.ERROR_TYPE, s('anthropic.RateLimitError')],
        [sc.GEN_AI_RESPONSE_MODEL, s('claude-3-5-sonnet')],
        ['http.status_code', s('429')],
      ],
      events: [{ name: 'exception', time: T0 + 5, attributes: [[sc.EXCEPTION_TYPE, s('anthropic.RateLimitError')], [sc.EXCEPTION_MESSAGE, s("Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error', 'message': 'slow down'}, 'request_id': 'req_011CVpython'}")]] }],
      status: { code: 2, message: "Error code: 429 - {'type': 'error'}" },
    }),
  ];
  const openinference = [
    span({
      trace: trace(0xa4),
      id: spanId(0xb4),
      name: 'Messages',
      attributes: [
        ['llm.provider', s('anthropic')],
        ['llm.model_name', s('claude-opus-4-1')],
        ['llm.is_streaming', s('false')],
        [sc.GEN_AI_PROVIDER_NAME, s('aws.bedrock')],
      ],
      status: { code: 1 },
    }),
  ];
  const plain = [
    span({ trace: trace(0xa5), id: spanId(0xb5), name: 'GET /healthz', attributes: [['http.route', s('/healthz')]] }),
    span({ trace: trace(0xa6), id: spanId(0xb6), name: 'Anthropic messages', attributes: [['http.status_code', i(503)]], status: { code: 0, message: 'upstream 503 {"type":"error","error":{"type":"api_error"}}' } }),
    span({ trace: trace(0xa7), id: spanId(0xb7), name: 'llm call', attributes: [['gen_ai.system', s('ANTHROPIC-proxy')], [sc.ERROR_TYPE, s('_OTHER')]], status: { code: 2 } }),
  ];
  return Buffer.concat([
    resourceSpans(
      [
        ['service.name', s('edge-svc sk-ant-api03-inservicename')],
        ['telemetry.sdk.language', s('nodejs')],
        ['host.name', { kv: [['a', { arr: [s('b')] }]] }],
        ['process.pid', i(4242)],
      ],
      { name: sc.INSTRUMENTATION_NAME, version: '0.1.0' },
      ours,
    ),
    resourceSpans([['service.name', s('py-svc')], ['telemetry.sdk.language', s('python')]], { name: 'opentelemetry.instrumentation.anthropic', version: '0.40.0' }, openllmetry),
    resourceSpans([['service.name', i(7)]], { name: '@traceloop/instrumentation-anthropic' }, openllmetry.map((x) => Buffer.concat([x, ld(2, spanId(0xbb))]))),
    resourceSpans([], { name: 'openinference.instrumentation.anthropic' }, openinference),
    resourceSpans([['service.name', s('')]], { name: '@anthropic-ai/sdk', version: '0.65.0' }, [span({ trace: trace(0xa8), id: spanId(0xb8), name: 'anthropic.messages.create', attributes: [[sc.GEN_AI_REQUEST_MODEL, s('claude-sonnet-4-5')]] })]),
    resourceSpans([['service.name', s('other')], ['telemetry.sdk.language', s('python')]], { name: 'my-app' }, plain),
  ]);
}

/**
 * Valid traces bodies with fields in orders the OpenTelemetry serializers never write, which a
 * decoder that walks a body span by span must still read as the whole-request decoder does: a
 * resource after its scope spans and a scope after its spans, both repeated (the last one wins),
 * no resource and no scope at all, and several resources whose spans interleave message keys
 * (service, model), with spans ignored (not Claude calls) and refused (bad ids) among them.
 */
export function reorderedTracesBodies(): Record<string, Buffer> {
  const scopeMsg = (name: string, version = ''): Buffer => Buffer.concat([ld(1, name), ...(version ? [ld(2, version)] : [])]);
  const resource = (service: string): Buffer => attrs(1, [['service.name', s(service)]]);
  const call = (n: number, model: string, extra: [string, Any | null][] = []): Buffer =>
    span({ trace: trace(0x10 + n), id: spanId(0x40 + n), start: T0 + n, attributes: [[sc.GEN_AI_REQUEST_MODEL, s(model)], ...extra] });
  const notClaude = (n: number): Buffer => span({ trace: trace(0x10 + n), id: spanId(0x40 + n), name: 'GET /health', attributes: [['http.route', s('/health')]] });
  const badIds = (n: number): Buffer => span({ trace: Buffer.alloc(16), id: spanId(0x40 + n), attributes: [[sc.GEN_AI_REQUEST_MODEL, s('m-a')]] });
  const failed = (n: number, model: string): Buffer =>
    call(n, model, [[sc.ANTHROPIC_OUTCOME, s('error')], [sc.ANTHROPIC_ERROR_MESSAGE, s(`429 rate limited, key ${SECRETS[0]}`)]]);
  const ours = scopeMsg(sc.INSTRUMENTATION_NAME, '0.1.0');
  const spans = (list: Buffer[]): Buffer[] => list.map((x) => ld(2, x));
  return {
    'resource after its scope spans, scope after its spans': ld(
      1,
      Buffer.concat([ld(2, Buffer.concat([...spans([call(1, 'm-a'), failed(2, 'm-b')]), ld(1, ours)])), ld(1, resource('late-svc'))]),
    ),
    'resource and scope repeated, the last one wins': ld(
      1,
      Buffer.concat([
        ld(1, resource('first-svc')),
        ld(2, Buffer.concat([ld(1, scopeMsg('my-app')), ...spans([call(3, 'm-a'), notClaude(4)]), ld(1, ours)])),
        ld(1, resource('second-svc')),
      ]),
    ),
    'no resource, no scope': ld(1, ld(2, Buffer.concat(spans([span({ trace: trace(0x20), id: spanId(0x50), name: 'anthropic.messages.create' })])))),
    'keys interleaved across resources, ignored and refused spans among them': Buffer.concat([
      ld(1, Buffer.concat([ld(1, resource('svc-1')), ld(2, Buffer.concat([ld(1, ours), ...spans([call(5, 'm-a'), call(6, 'm-b'), notClaude(7), call(8, 'm-a'), badIds(9), failed(10, 'm-b')])]))])),
      ld(1, Buffer.concat([ld(1, resource('svc-2')), ld(2, Buffer.concat([ld(1, ours), ...spans([call(11, 'm-b'), call(12, 'm-a')])])), ld(2, Buffer.concat([ld(1, scopeMsg('plain-app')), ...spans([notClaude(13)])]))])),
      ld(1, Buffer.concat([ld(1, resource('svc-1')), ld(2, Buffer.concat([ld(1, ours), ...spans([failed(14, 'm-a'), call(15, 'm-c')])]))])),
    ]),
  };
}

/**
 * Bodies with two faults, the first on the wire in a span or a scope's spans, the second in the
 * scope or resource that follows them: a decoder that reads a message's head before its list meets
 * the second first, the whole-request decoder the first; the answer must be the latter's.
 */
export function faultsBeforeTheirHeadBodies(): Record<string, Buffer> {
  const badScope = Buffer.from([0x0f]); // field 1, wire type 7
  const badSpan = span({ trace: trace(0x61), id: spanId(0x71), extra: vint(5, 1) });
  const scopeSpans = Buffer.concat([ld(2, badSpan), ld(1, badScope)]);
  return {
    'a bad span, then a bad scope': ld(1, Buffer.concat([ld(1, attrs(1, [['service.name', s('x')]])), ld(2, scopeSpans)])),
    'a bad scope spans, then a bad resource': ld(1, Buffer.concat([ld(2, scopeSpans), ld(1, attrs(1, [['host.name', { raw: vint(1, 1) }]]))])),
  };
}

/** A logs body: an SDK exception log, an error-envelope body, a kvlist body, and logs that are not Claude errors. */
export function edgeLogsBody(): Buffer {
  const log = (fields: Buffer[]): Buffer => ld(2, Buffer.concat(fields));
  const records = Buffer.concat([
    log([fixed64(1, ms(T0)), ld(3, 'ERROR'), attrs(6, [[sc.EXCEPTION_TYPE, s('anthropic.InternalServerError')], [sc.EXCEPTION_MESSAGE, s('Error code: 500 - api_error sk-ant-api03-inlogmessage')], [sc.GEN_AI_REQUEST_MODEL, s('claude-x')]]), ld(9, trace(0xd1)), ld(10, spanId(0xe1))]),
    log([fixed64(11, ms(T0 + 7)), ld(5, ld(1, '529 {"type":"error","error":{"type":"overloaded_error"},"request_id":"req_1"}'))]),
    log([fixed64(1, ms(T0 + 9)), ld(5, ld(6, Buffer.concat([ld(1, Buffer.concat([ld(1, 'type'), ld(2, ld(1, 'error'))])), ld(1, Buffer.concat([ld(1, 'msg'), ld(2, ld(1, 'anthropic said no'))]))]))), ld(12, 'ev')]),
    log([fixed64(1, ms(T0 + 10)), ld(5, ld(1, 'user logged in')), attrs(6, [['server.address', { arr: [{ kv: [['x', s('y')]] }] }]])]),
    log([fixed64(1, ms(T0 + 11)), ld(5, ld(1, INVALID_UTF8)), attrs(6, [[sc.EXCEPTION_MESSAGE, s(Buffer.concat([Buffer.from('overloaded_error '), INVALID_UTF8]))]])]),
  ]);
  return ld(1, Buffer.concat([ld(1, attrs(1, [['service.name', s('log-svc')], ['telemetry.sdk.language', s('python')]])), ld(2, Buffer.concat([ld(1, ld(1, 'py.logger')), records]))]));
}

/** Bodies that must be refused (400), each with a malformed part somewhere a reader might skip. */
export function malformedTracesBodies(): Record<string, Buffer> {
  const one = (attributes: [string | Buffer, Any | null][], extra?: Buffer): Buffer =>
    resourceSpans([['service.name', s('m')]], { name: sc.INSTRUMENTATION_NAME }, [span({ trace: trace(0xf1), id: spanId(0xf2), attributes, ...(extra ? { extra } : {}) })]);
  const deep = (n: number): Any => (n === 0 ? s('x') : { arr: [deep(n - 1)] });
  const deepKv = (n: number): Any => (n === 0 ? s('x') : { kv: [['k', deepKv(n - 1)]] });
  return {
    'unread attribute, string_value with varint wire type': one([['server.address', { raw: vint(1, 5) }]]),
    'unread attribute, bool_value with length wire type': one([['url.path', { raw: ld(2, 'x') }]]),
    'unread attribute, int_value with fixed64 wire type': one([['server.port', { raw: fixed64(3, 1n) }]]),
    'unread attribute, double_value with varint wire type': one([['x.double', { raw: vint(4, 1) }]]),
    'unread attribute, array_value with varint wire type': one([['x.arr', { raw: vint(5, 1) }]]),
    'unread attribute, kvlist_value with varint wire type': one([['x.kv', { raw: vint(6, 1) }]]),
    'unread attribute, bytes_value with varint wire type': one([['x.bytes', { raw: vint(7, 1) }]]),
    'unread attribute, bad value inside an array': one([['x.arr', { arr: [s('ok'), { raw: vint(1, 1) }] }]]),
    'unread attribute, bad value inside a kvlist': one([['x.kv', { kv: [['a', { raw: ld(3, 'x') }]] }]]),
    'unread attribute, unsupported wire type inside the value': one([['x.v', { raw: Buffer.concat([tag(9, 3)]) }]]),
    'unread attribute, value length past its end': one([['x.v', { raw: Buffer.concat([tag(1, 2), varint(50), Buffer.from('short')]) }]]),
    'unread attribute, nested 65 arrays deep': one([['x.deep', deep(65)]]),
    'unread attribute, nested 65 kvlists deep': one([['x.deep', deepKv(65)]]),
    'unread attribute, truncated varint in value': one([['x.v', { raw: Buffer.from([0x18, 0xff, 0xff]) }]]),
    'unread attribute, double past the end': one([['x.v', { raw: Buffer.from([0x21, 1, 2, 3]) }]]),
    'read attribute, string_value with varint wire type': one([[sc.GEN_AI_REQUEST_MODEL, { raw: vint(1, 5) }]]),
    'kept attribute, nested 65 arrays deep': one([['anthropic.ratelimit.deep', deep(65)]]),
    'resource attribute, bad value': resourceSpans([['service.name', s('m')], ['host.name', { raw: vint(1, 1) }]], { name: 'x' }, []),
    'event attribute, bad value': one([], ld(11, Buffer.concat([ld(2, sc.ATTEMPT_EVENT), attrs(3, [[sc.ATTEMPT_START_MS, { raw: vint(7, 1) }]])]))),
    'span attribute key with varint wire type then truncated': one([], ld(9, Buffer.from([0x08, 0x80]))),
    'span.name with varint wire type': one([], vint(5, 1)),
  };
}

/**
 * OTLP/JSON bodies: spans from the real OpenTelemetry SDK serialized by its JSON serializer (the
 * one exporter-trace-otlp-http uses), and hand-written bodies with the older exporters' quirks
 * (snake_case, instrumentationLibrarySpans, base64 ids, enum names, int64 as numbers), odd values
 * and refusals. Ids are drawn from Math.random: call inside a seeded Math.random for stable output.
 */
export function jsonBodies(): Record<string, Buffer> {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'json-svc', 'telemetry.sdk.language': 'nodejs', 'host.name': 'h1' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer(sc.INSTRUMENTATION_NAME, '0.1.0');
  for (let n = 0; n < 6; n++) {
    const failed = n % 3 === 2;
    const span = tracer.startSpan(`chat claude-${n}`, {
      kind: SpanKind.CLIENT,
      startTime: T0 + n * 1000,
      attributes: {
        [sc.GEN_AI_OPERATION_NAME]: 'chat',
        [sc.GEN_AI_PROVIDER_NAME]: 'anthropic',
        [sc.GEN_AI_REQUEST_MODEL]: n % 2 ? 'claude-sonnet-4-5' : 'claude-ünï-😀',
        [sc.GEN_AI_REQUEST_STREAM]: n % 2 === 0,
        [sc.ANTHROPIC_OUTCOME]: failed ? 'error' : 'success',
        [sc.ANTHROPIC_ATTEMPT_COUNT]: failed ? 2 : 1,
        [sc.HTTP_RESPONSE_STATUS_CODE]: failed ? 529 : 200,
        [sc.ANTHROPIC_REQUEST_ID]: `req_json_${n}`,
        [sc.GEN_AI_USAGE_INPUT_TOKENS]: 100 + n,
        [sc.ANTHROPIC_LINT_FINDINGS]: ['a: b', 'sk-ant-api03-jsonsecret0'],
        'server.address': 'api.anthropic.com',
      },
    });
    span.addEvent(sc.ATTEMPT_EVENT, { [sc.ATTEMPT_NUMBER]: 1, [sc.HTTP_RESPONSE_STATUS_CODE]: failed ? 529 : 200, 'anthropic.ratelimit.tokens.remaining': 1000 + n, [sc.RETRY_AFTER_MS]: 1.5 }, T0 + n * 1000 + 1);
    if (failed) {
      span.addEvent(sc.ATTEMPT_EVENT, { [sc.ATTEMPT_NUMBER]: 2, [sc.HTTP_RESPONSE_STATUS_CODE]: 529, [sc.ANTHROPIC_ERROR_MESSAGE]: 'Overloaded Bearer abcdefghijklmnop' }, T0 + n * 1000 + 500);
      span.addEvent('exception', { [sc.EXCEPTION_TYPE]: 'OverloadedError', [sc.EXCEPTION_MESSAGE]: '529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' }, T0 + n * 1000 + 900);
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'Overloaded' });
    }
    span.end(T0 + n * 1000 + 1200);
  }
  const sdk = Buffer.from(JsonTraceSerializer.serializeRequest(exporter.getFinishedSpans())!);
  const id = (n: number, bytes: number): string => Buffer.alloc(bytes, n).toString('hex');
  const legacy = {
    resource_spans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { string_value: 'legacy' } }, { key: '', value: { stringValue: 'empty key is kept from JSON' } }] },
        instrumentation_library_spans: [
          {
            instrumentation_library: { name: '@traceloop/instrumentation-anthropic', version: '0.1' },
            spans: [
              {
                trace_id: Buffer.alloc(16, 0xc1).toString('base64'),
                span_id: Buffer.alloc(8, 0xc2).toString('base64'),
                name: 'anthropic.chat',
                kind: 'SPAN_KIND_CLIENT',
                start_time_unix_nano: T0 * 1e6,
                end_time_unix_nano: String(BigInt(T0 + 5) * 1_000_000n + 123n),
                attributes: [
                  { key: sc.GEN_AI_SYSTEM, value: { stringValue: 'Anthropic' } },
                  { key: 'gen_ai.request.model', value: { stringValue: 'claude-legacy' } },
                  { key: 'http.status_code', value: { intValue: 429 } },
                  { key: 'gen_ai.usage.output_tokens', value: { int_value: '9007199254740993' } },
                  { key: 'anthropic.ratelimit.kv', value: { kvlist_value: { values: [{ key: 'api_key', value: { stringValue: 'x' } }, { key: 'n', value: { doubleValue: '2.5' } }] } } },
                  { key: 'anthropic.ratelimit.arr', value: { arrayValue: { values: [{ boolValue: true }, { bytesValue: Buffer.from([1, 2]).toString('base64') }, {}] } } },
                  { key: 'anthropic.ratelimit.dup', value: { stringValue: 'first' } },
                  { key: 'anthropic.ratelimit.dup', value: { stringValue: 'second' } },
                  { key: 'anthropic.ratelimit.novalue' },
                ],
                events: [{ name: 'exception', time_unix_nano: String(BigInt(T0 + 4) * 1_000_000n), attributes: [{ key: 'exception.message', value: { stringValue: "Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error'}}" } }] }],
                status: { code: 'STATUS_CODE_ERROR', message: 'rate limited' },
              },
              { traceId: id(0xc3, 16).toUpperCase(), spanId: id(0xc4, 8), name: 'GET /', kind: 2 },
            ],
          },
        ],
      },
    ],
  };
  const logs = {
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'json-logs' } }] },
        scopeLogs: [
          {
            logRecords: [
              { timeUnixNano: String(BigInt(T0) * 1_000_000n), body: { stringValue: 'anthropic.RateLimitError: 429 rate_limit_error' }, attributes: [{ key: 'gen_ai.request.model', value: { stringValue: 'm' } }] },
              { observedTimeUnixNano: String(BigInt(T0 + 1) * 1_000_000n), body: { kvlistValue: { values: [{ key: 'type', value: { stringValue: 'error' } }] } }, traceId: id(0xd1, 16), spanId: id(0xd2, 8) },
              { timeUnixNano: String(BigInt(T0 + 2) * 1_000_000n), body: { stringValue: 'unrelated' } },
            ],
          },
        ],
      },
    ],
  };
  const deep = (n: number): unknown => (n === 0 ? { stringValue: 'x' } : { arrayValue: { values: [deep(n - 1)] } });
  const oneSpan = (attributes: unknown[]): Buffer =>
    Buffer.from(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ scope: { name: sc.INSTRUMENTATION_NAME }, spans: [{ traceId: id(0xe1, 16), spanId: id(0xe2, 8), name: 'chat', attributes }] }] }] }));
  return {
    'sdk-json-serializer': sdk,
    'legacy-quirks': Buffer.from(JSON.stringify(legacy)),
    'logs:json-logs': Buffer.from(JSON.stringify(logs)),
    'refused: intValue not a number, unread attribute': oneSpan([{ key: 'server.port', value: { intValue: 'abc' } }]),
    'refused: nested 65 arrays deep, unread attribute': oneSpan([{ key: 'x.deep', value: deep(65) }]),
    'refused: attribute key not a string': oneSpan([{ key: 7, value: { stringValue: 'x' } }]),
    'refused: bad trace id': Buffer.from(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'xyz', spanId: id(1, 8) }] }] }] })),
  };
}
