"""A Python app that sends its Claude API errors to claude-errors.

    pip install ./instrumentation/python anthropic opentelemetry-sdk opentelemetry-exporter-otlp-proto-http
    claude-errors serve                      # in another terminal: OTLP on :4318, dashboard on :8080
    python examples/python/app.py "Say hello"

Environment: ANTHROPIC_API_KEY (and ANTHROPIC_BASE_URL for a proxy or a fake API),
OTEL_EXPORTER_OTLP_ENDPOINT (default http://127.0.0.1:4318), OTEL_SERVICE_NAME (default python-example).
Prints one JSON line: what the SDK returned or raised.
"""

import json
import os
import sys

import anthropic
from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

from claude_errors_instrumentation_anthropic import AnthropicInstrumentor


def setup_tracing() -> TracerProvider:
    endpoint = os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318").rstrip("/")
    service = os.environ.get("OTEL_SERVICE_NAME", "python-example")
    provider = TracerProvider(resource=Resource.create({"service.name": service}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=f"{endpoint}/v1/traces")))
    trace.set_tracer_provider(provider)
    AnthropicInstrumentor().instrument()
    return provider


def main() -> int:
    provider = setup_tracing()
    client = anthropic.Anthropic()  # retries 529s and 429s twice by default
    prompt = sys.argv[1] if len(sys.argv) > 1 else "Say hello"
    try:
        message = client.messages.create(
            model="claude-sonnet-4-5",
            max_tokens=64,
            messages=[{"role": "user", "content": prompt}],
        )
        print(json.dumps({"ok": True, "id": message.id}), flush=True)
    except anthropic.APIStatusError as err:
        print(json.dumps({"ok": False, "status": err.status_code}), flush=True)
    finally:
        provider.shutdown()  # a short script flushes its batched spans before exit
    return 0


if __name__ == "__main__":
    sys.exit(main())
