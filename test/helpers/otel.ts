import { trace, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, TracerProvider, type BatchSpanProcessorOptions, type SpanExporter } from '@opentelemetry/sdk-trace';

export interface TestTelemetry {
  provider: TracerProvider;
  tracer(name: string, version?: string): Tracer;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * A real OpenTelemetry SDK pipeline exporting OTLP/HTTP (protobuf or JSON) to `url`/v1/traces.
 * Not registered globally unless `global` is set, so tests do not leak into each other.
 * `timeoutMillis` is the exporter's budget per export, retries included (SDK default 10 s);
 * `batch` swaps the SimpleSpanProcessor for a BatchSpanProcessor with these options.
 */
export function otlpTelemetry(opts: {
  url: string;
  protocol?: 'protobuf' | 'json';
  service?: string;
  global?: boolean;
  headers?: Record<string, string>;
  timeoutMillis?: number;
  batch?: Omit<BatchSpanProcessorOptions, 'exporter'>;
}): TestTelemetry {
  const exporterOpts = { url: `${opts.url}/v1/traces`, headers: opts.headers ?? {}, ...(opts.timeoutMillis !== undefined ? { timeoutMillis: opts.timeoutMillis } : {}) };
  const exporter: SpanExporter = opts.protocol === 'json' ? new JsonExporter(exporterOpts) : new ProtoExporter(exporterOpts);
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': opts.service ?? 'test-app' }),
    spanProcessors: [opts.batch ? new BatchSpanProcessor({ exporter, ...opts.batch }) : new SimpleSpanProcessor({ exporter })],
  });
  if (opts.global) trace.setGlobalTracerProvider(provider);
  return {
    provider,
    tracer: (name, version) => provider.getTracer(name, version),
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
