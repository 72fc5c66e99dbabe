"""A Python application as a user would set it up: the real `anthropic` SDK, OpenLLMetry's
Anthropic instrumentation and opentelemetry-python exporting OTLP/HTTP protobuf.

Environment: FAKE_API_URL (the fake Claude API), OTLP_URL (collector base URL), SERVICE_NAME and
TRACING: `openllmetry` (OpenLLMetry's instrumentation; the SDK's own spans switched off with
ANTHROPIC_OPEN_TELEMETRY=false by the caller) or `native` (only the spans the anthropic SDK makes
itself since 2.x). Makes the calls named on the command line (ok, overloaded, rate_limited,
invalid) one after the other and prints one JSON line per call with what the SDK returned or raised.
"""
import json
import os
import sys

import anthropic
from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.anthropic import AnthropicInstrumentor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor


def main() -> int:
    provider = TracerProvider(resource=Resource.create({"service.name": os.environ["SERVICE_NAME"]}))
    exporter = OTLPSpanExporter(endpoint=os.environ["OTLP_URL"].rstrip("/") + "/v1/traces")
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    if os.environ["TRACING"] == "openllmetry":
        AnthropicInstrumentor().instrument()

    client = anthropic.Anthropic(
        api_key="sk-ant-api03-python-interop-secret-000000",
        base_url=os.environ["FAKE_API_URL"],
        max_retries=2,
    )
    for name in sys.argv[1:]:
        try:
            msg = client.messages.create(
                model="claude-sonnet-4-5",
                max_tokens=32,
                messages=[{"role": "user", "content": f"interop prompt {name}"}],
            )
            print(json.dumps({"call": name, "ok": True, "type": msg.type}), flush=True)
        except anthropic.APIStatusError as e:
            print(json.dumps({"call": name, "ok": False, "status": e.status_code}), flush=True)
    provider.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
