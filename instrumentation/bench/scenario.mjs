// One benchmark scenario in a fresh process: `node scenario.mjs <name> <stream|plain> <url> <calls>`.
// Prints {"name","mode","cpuUsPerCall","wallUsPerCall","spans"} as JSON.
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

const [name, mode, url, callsArg] = process.argv.slice(2);
const calls = Number(callsArg ?? 2000);
const WARMUP = 300;

/** An exporter that only counts: the benchmark measures span making, not export. */
let exported = 0;
const countingExporter = {
  export(spans, done) {
    exported += spans.length;
    done({ code: 0 });
  },
  shutdown: async () => {},
  forceFlush: async () => {},
};
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: countingExporter })] });

const SCENARIOS = {
  'bare 1.13': { sdk: '@anthropic-ai/sdk', native: false, ours: false, openllmetry: false, telemetry: false },
  'native 1.13': { sdk: '@anthropic-ai/sdk', native: true, ours: false, openllmetry: false, telemetry: true },
  'ours 1.13': { sdk: '@anthropic-ai/sdk', native: false, ours: true, openllmetry: false, telemetry: true },
  'native+ours 1.13': { sdk: '@anthropic-ai/sdk', native: true, ours: true, openllmetry: false, telemetry: true },
  'bare 0.133': { sdk: 'anthropic-sdk-0-133', native: false, ours: false, openllmetry: false, telemetry: false },
  'ours 0.133': { sdk: 'anthropic-sdk-0-133', native: false, ours: true, openllmetry: false, telemetry: true },
  'openllmetry 0.133': { sdk: 'anthropic-sdk-0-133', native: false, ours: false, openllmetry: true, telemetry: true },
  // OpenLLMetry 0.27 does not install on 1.x (its patch reads Anthropic.Completions, gone in 1.x, and
  // the require throws); this wraps only messages.create with its own wrapper, to compare per call.
  'openllmetry* 1.13': { sdk: '@anthropic-ai/sdk', native: false, ours: false, openllmetry: 'messages-only', telemetry: true },
};
const s = SCENARIOS[name];
if (!s) throw new Error(`unknown scenario ${name}; known: ${Object.keys(SCENARIOS).join(', ')}`);
if (s.telemetry) {
  // What NodeSDK registers: every traced scenario pays for the same context manager.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
}

const mod = await import(s.sdk);
if (s.ours) {
  const { AnthropicInstrumentation } = await import('../dist/index.js');
  const inst = new AnthropicInstrumentation();
  inst.setTracerProvider(provider);
  inst.manuallyInstrument(mod);
}
if (s.openllmetry) {
  const { AnthropicInstrumentation } = await import('@traceloop/instrumentation-anthropic');
  const inst = new AnthropicInstrumentation({ traceContent: false });
  inst.setTracerProvider(provider);
  if (s.openllmetry === 'messages-only') inst._wrap(mod.Anthropic.Messages.prototype, 'create', inst.patchAnthropic('chat', mod));
  else inst.manuallyInstrument(mod);
}
const Anthropic = mod.default;
const otel = s.sdk === '@anthropic-ai/sdk' ? { openTelemetry: s.native ? { tracerProvider: provider } : false } : {};
const client = new Anthropic({ apiKey: 'sk-ant-bench', baseURL: url, maxRetries: 0, ...otel });
const params = { model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] };

async function one() {
  if (mode === 'stream') {
    const stream = await client.messages.create({ ...params, stream: true });
    for await (const _ of stream) {
      // read the whole stream
    }
  } else {
    await client.messages.create(params);
  }
}

for (let i = 0; i < WARMUP; i++) await one();
await new Promise((r) => setTimeout(r, 50));
exported = 0;
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
for (let i = 0; i < calls; i++) await one();
const cpu = process.cpuUsage(cpu0);
const wallUs = Number(process.hrtime.bigint() - t0) / 1000;
await new Promise((r) => setTimeout(r, 200)); // let the last spans end
process.stdout.write(
  JSON.stringify({
    name,
    mode,
    cpuUsPerCall: (cpu.user + cpu.system) / calls,
    wallUsPerCall: wallUs / calls,
    spans: exported,
  }) + '\n',
);
await provider.shutdown();
