import { INSTRUMENTATION_NAME, ATTEMPT_EVENT, PYTHON_INSTRUMENTATION_NAME } from '@claude-errors/instrumentation-anthropic/semconv';
import type { Attributes, OtlpScope, OtlpSpan } from '../../receiver/otlp-http/otlp-model.js';

/**
 * Which instrumentation produced a span, or null when the span is not a Claude API call.
 * See docs/collector.md for the mapping table.
 */
export type Source = 'claude-errors' | 'anthropic-sdk' | 'openllmetry' | 'openinference' | 'python-otel' | 'genai';

export function detectSource(span: OtlpSpan, scope: OtlpScope, resource: Attributes): Source | null {
  const a = span.attributes;
  const scopeName = scope.name;
  if (scopeName === INSTRUMENTATION_NAME || scopeName === PYTHON_INSTRUMENTATION_NAME || span.events.some((e) => e.name === ATTEMPT_EVENT)) {
    return 'claude-errors';
  }
  if (scopeName.startsWith('@anthropic-ai/')) return 'anthropic-sdk';
  const lang = resource.get('telemetry.sdk.language');
  if (scopeName.startsWith('@traceloop/') || scopeName.startsWith('opentelemetry.instrumentation.anthropic')) {
    return lang === 'python' ? 'python-otel' : 'openllmetry';
  }
  if (scopeName.startsWith('openinference.') || scopeName.startsWith('@arizeai/')) return 'openinference';
  const provider = lowerStr(a.get('gen_ai.provider.name')) ?? lowerStr(a.get('gen_ai.system'));
  if (provider !== null && (provider === 'anthropic' || provider.includes('anthropic'))) {
    return lang === 'python' ? 'python-otel' : 'genai';
  }
  if (lowerStr(a.get('llm.provider')) === 'anthropic' || lowerStr(a.get('llm.system')) === 'anthropic') return 'openinference';
  if (/^anthropic[. ]/i.test(span.name)) return lang === 'python' ? 'python-otel' : 'genai';
  return null;
}

function lowerStr(v: unknown): string | null {
  return typeof v === 'string' ? v.toLowerCase() : null;
}
