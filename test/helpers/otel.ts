import { trace, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor, TracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace';

export interface TestTelemetry {
  provider: TracerProvider;
  tracer(name: string, version?: string): Tracer;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * A real OpenTelemetry SDK pipeline exporting OTLP/HTTP (protobuf or JSON) to `url`/v1/traces.
 * Not registered globally unless `global` is set, so tests do not leak into each other.
 */
export function otlpTelemetry(opts: { url: string; protocol?: 'protobuf' | 'json'; service?: string; global?: boolean; headers?: Record<string, string> }): TestTelemetry {
  const exporterOpts = { url: `${opts.url}/v1/traces`, headers: opts.headers ?? {} };
  const exporter: SpanExporter = opts.protocol === 'json' ? new JsonExporter(exporterOpts) : new ProtoExporter(exporterOpts);
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': opts.service ?? 'test-app' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  if (opts.global) trace.setGlobalTracerProvider(provider);
  return {
    provider,
    tracer: (name, version) => provider.getTracer(name, version),
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
