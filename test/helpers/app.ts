import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { AnthropicInstrumentation } from '@claude-errors/instrumentation-anthropic';

/**
 * An application as a user would set it up: the OpenTelemetry Node SDK with this project's
 * instrumentation, exporting OTLP protobuf to a collector, and the real @anthropic-ai/sdk.
 */
export async function instrumentedApp(collectorUrl: string, service = 'e2e-app') {
  const instrumentation = new AnthropicInstrumentation();
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${collectorUrl}/v1/traces` }) })],
    instrumentations: [instrumentation],
  });
  sdk.start();
  const mod = await import('@anthropic-ai/sdk');
  instrumentation.manuallyInstrument(mod); // ESM app: require hooks never see the import
  const Anthropic = mod.default;
  return {
    client: (baseURL: string, opts: { maxRetries?: number } = {}) => new Anthropic({ apiKey: 'sk-ant-api03-e2e-secret-key-000000', baseURL, ...opts }),
    shutdown: () => sdk.shutdown(),
  };
}
