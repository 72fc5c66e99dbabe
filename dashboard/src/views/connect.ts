import type { ServerInfo } from '../api/types.js';
import { copyable, copyableBlock } from '../components/copy.js';
import { h } from '../dom.js';

/** Shown when the collector runs as its own process and the analyzer does not know its address. */
const PLACEHOLDER = 'http://<collector-host>:4318';
const TOKEN = '<ingest token>';

/**
 * The collector's URL as this browser would reach it: a server bound to every address
 * (0.0.0.0, ::) is reached under the host name this page was loaded from.
 */
export function reachableOtlpUrl(info: ServerInfo, pageHost = location.hostname): string {
  if (!info.otlp_url) return PLACEHOLDER;
  const url = new URL(info.otlp_url);
  if (url.hostname === '0.0.0.0' || url.hostname === '[::]') url.hostname = pageHost;
  return url.origin;
}

interface Snippet {
  id: string;
  title: string;
  note: string;
  blocks: { label: string; code: string }[];
}

function nodeExporter(traces: string, token: boolean): string {
  return token ? `new OTLPTraceExporter({ url: '${traces}', headers: { Authorization: 'Bearer ${TOKEN}' } })` : `new OTLPTraceExporter({ url: '${traces}' })`;
}

const NOT_PUBLISHED = 'Until the package is on the npm registry, install it from a tarball made with npm pack in a clone (README, "Instrument your application").';
const NODE_INSTALL = 'npm install @claude-errors/instrumentation-anthropic @opentelemetry/sdk-node@^0.301.0 @opentelemetry/exporter-trace-otlp-proto@^0.301.1';

function snippets(base: string, token: boolean): Snippet[] {
  const traces = `${base}/v1/traces`;
  const exporter = nodeExporter(traces, token);
  const authEnv = token ? `\nexport OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer%20${TOKEN}"` : '';
  return [
    {
      id: 'node-cjs',
      title: 'Node.js, CommonJS',
      note: `Load it before the app: node --require ./tracing.cjs app.js. ${NOT_PUBLISHED}`,
      blocks: [
        { label: 'Node.js install command', code: NODE_INSTALL },
        {
          label: 'tracing.cjs',
          code: [
            "const { NodeSDK } = require('@opentelemetry/sdk-node');",
            "const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');",
            "const { AnthropicInstrumentation } = require('@claude-errors/instrumentation-anthropic');",
            '',
            `const sdk = new NodeSDK({ traceExporter: ${exporter}, instrumentations: [new AnthropicInstrumentation()] });`,
            'sdk.start();',
            "process.on('beforeExit', () => sdk.shutdown()); // short scripts: flush before exit",
          ].join('\n'),
        },
      ],
    },
    {
      id: 'node-esm',
      title: 'Node.js, ES modules',
      note: `Load it before the app: node --import ./telemetry.mjs app.mjs (the loader hook must come first). ${NOT_PUBLISHED}`,
      blocks: [
        { label: 'Node.js install command', code: NODE_INSTALL },
        {
          label: 'telemetry.mjs',
          code: [
            "import { register } from 'node:module';",
            "register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);",
            '',
            "const { NodeSDK } = await import('@opentelemetry/sdk-node');",
            "const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-proto');",
            "const { AnthropicInstrumentation } = await import('@claude-errors/instrumentation-anthropic');",
            `const sdk = new NodeSDK({ traceExporter: ${exporter}, instrumentations: [new AnthropicInstrumentation()] });`,
            'sdk.start();',
            "process.on('beforeExit', () => sdk.shutdown());",
          ].join('\n'),
        },
      ],
    },
    {
      id: 'python',
      title: 'Python',
      note: 'Run this once at start-up, before the first anthropic client is made. Until the package is on PyPI, install it from a clone: pip install ./instrumentation/python.',
      blocks: [
        { label: 'Python install command', code: 'pip install claude-errors-instrumentation-anthropic opentelemetry-sdk opentelemetry-exporter-otlp-proto-http' },
        {
          label: 'Python set-up',
          code: [
            'from opentelemetry import trace',
            'from opentelemetry.sdk.trace import TracerProvider',
            'from opentelemetry.sdk.trace.export import BatchSpanProcessor',
            'from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter',
            'from claude_errors_instrumentation_anthropic import AnthropicInstrumentor',
            '',
            'provider = TracerProvider()',
            `provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint="${traces}"${token ? `, headers={"Authorization": "Bearer ${TOKEN}"}` : ''})))`,
            'trace.set_tracer_provider(provider)',
            'AnthropicInstrumentor().instrument()',
          ].join('\n'),
        },
      ],
    },
    {
      id: 'env',
      title: 'Any OpenTelemetry SDK',
      note: 'OTLP over HTTP (protobuf or JSON; not gRPC). The SDK appends /v1/traces to the endpoint itself.',
      blocks: [
        {
          label: 'environment variables',
          code: `export OTEL_EXPORTER_OTLP_ENDPOINT="${base}"\nexport OTEL_EXPORTER_OTLP_PROTOCOL="http/protobuf"${authEnv}\nexport OTEL_SERVICE_NAME="my-app"`,
        },
      ],
    },
  ];
}

/** "Nothing has arrived yet": where to send spans, with this server's URL in every snippet. */
export function connectPanel(info: ServerInfo): HTMLElement {
  const base = reachableOtlpUrl(info);
  const token = info.ingest_token_required;
  return h(
    'section',
    { class: 'panel connect', 'aria-labelledby': 'ov-connect', 'data-testid': 'connect' },
    h('h2', { id: 'ov-connect' }, 'Connect an application'),
    h('p', null, 'No span has arrived yet. Send OpenTelemetry traces over OTLP/HTTP to ', copyable(`${base}/v1/traces`, 'OTLP traces URL'), token ? ' with the ingest token as a bearer token.' : '.'),
    info.otlp_url ? null : h('p', { class: 'muted' }, 'The collector runs as its own process: put its address in place of ', h('code', null, '<collector-host>'), '.'),
    snippets(base, token).map((s) =>
      h(
        'div',
        { class: 'connect-option', 'data-snippet': s.id },
        h('h3', null, s.title),
        s.blocks.map((b) => copyableBlock(b.code, b.label)),
        h('p', { class: 'muted' }, s.note),
      ),
    ),
    h('p', null, 'This page switches to the overview by itself when the first span lands. To check the set-up end to end: ', h('code', null, `npx claude-errors doctor --url ${location.origin}`), '.'),
  );
}
