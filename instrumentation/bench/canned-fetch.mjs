// Per-call CPU of the SDK with a canned `fetch` (no sockets, no fake API process): a steadier view of
// this instrumentation's own cost than overhead.mjs on a busy machine. Not part of bench:instrumentation.
// node instrumentation/bench/canned-fetch.mjs <native|own|bare> <on|off|ollm> <plain|stream> [calls]   (env CHUNKED=1: one chunk per event)
//   native: SDK 1.x native tracing on; own: off (SDK=anthropic-sdk-0-133 for 0.x); on = this instrumentation, ollm = OpenLLMetry.
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
const [kind, onoff, mode, callsArg] = process.argv.slice(2);
let spans = 0;
const exp = { export(s, d) { spans += s.length; d({ code: 0 }); }, shutdown: async () => {}, forceFlush: async () => {} };
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: exp })] });
if (kind !== 'bare') { context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()); trace.setGlobalTracerProvider(provider); }
const mod = await import(process.env.SDK ?? '@anthropic-ai/sdk');
if (onoff === 'on') { const { AnthropicInstrumentation } = await import('../dist/index.js'); const i = new AnthropicInstrumentation(); i.setTracerProvider(provider); i.manuallyInstrument(mod); }
if (onoff === 'ollm') { const { AnthropicInstrumentation } = await import('@traceloop/instrumentation-anthropic'); const i = new AnthropicInstrumentation({ traceContent: false }); i.setTracerProvider(provider); if (mod.Anthropic.Completions) i.manuallyInstrument(mod); else i._wrap(mod.Anthropic.Messages.prototype, 'create', i.patchAnthropic('chat', mod)); }
const msg = JSON.stringify({ id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-haiku-4-5', content: [{ type: 'text', text: 'Hello there' }], stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 12, output_tokens: 7 } });
const ev = (e, d) => `event: ${e}\ndata: ${JSON.stringify(d)}\n\n`;
const sse = ev('message_start', { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-haiku-4-5', content: [], stop_reason: null, usage: { input_tokens: 12, output_tokens: 1 } } }) + ev('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }) + ev('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } }) + ev('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: ' there' } }) + ev('content_block_stop', { type: 'content_block_stop', index: 0 }) + ev('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 7 } }) + ev('message_stop', { type: 'message_stop' });
const headers = { 'request-id': 'req_1', date: new Date().toUTCString(), 'anthropic-ratelimit-requests-limit': '50', 'anthropic-ratelimit-requests-remaining': '49', 'anthropic-ratelimit-requests-reset': '2026-01-01T00:00:00Z', 'anthropic-ratelimit-tokens-limit': '1000', 'anthropic-ratelimit-tokens-remaining': '900', 'anthropic-ratelimit-tokens-reset': '2026-01-01T00:00:00Z', 'anthropic-ratelimit-input-tokens-limit': '1000', 'anthropic-ratelimit-input-tokens-remaining': '900', 'anthropic-ratelimit-input-tokens-reset': '2026-01-01T00:00:00Z', 'anthropic-ratelimit-output-tokens-limit': '1000', 'anthropic-ratelimit-output-tokens-remaining': '900', 'anthropic-ratelimit-output-tokens-reset': '2026-01-01T00:00:00Z' };
// CHUNKED=1: the stream body arrives one event per chunk, as over a socket (default: one chunk).
const chunks = sse.split(/(?<=\n\n)/).map((e) => new TextEncoder().encode(e));
const sseBody = () => (process.env.CHUNKED ? new ReadableStream({ start(c) { for (const x of chunks) c.enqueue(x); c.close(); } }) : sse);
const fetch = async (url, init) => { const stream = typeof init?.body === 'string' && init.body.includes('"stream":true'); return new Response(stream ? sseBody() : msg, { status: 200, headers: { ...headers, 'content-type': stream ? 'text/event-stream' : 'application/json' } }); };
const otel = (process.env.SDK ?? '@anthropic-ai/sdk') === '@anthropic-ai/sdk' ? { openTelemetry: kind === 'native' ? { tracerProvider: provider } : false } : {};
const client = new mod.default({ apiKey: 'sk-ant-bench', baseURL: 'http://127.0.0.1:1', maxRetries: 0, fetch, ...otel });
const params = { model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] };
const one = async () => { if (mode === 'stream') { for await (const _ of await client.messages.create({ ...params, stream: true })); } else await client.messages.create(params); };
for (let i = 0; i < 500; i++) await one();
const calls = Number(callsArg ?? 5000);
const c0 = process.cpuUsage();
for (let i = 0; i < calls; i++) await one();
const c = process.cpuUsage(c0);
await new Promise((r) => setTimeout(r, 100));
console.log(JSON.stringify({ kind, onoff, mode, us: +((c.user + c.system) / calls).toFixed(1), spans }));
