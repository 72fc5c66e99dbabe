"""The Python half of the cross-language parity test (python-node-parity.test.ts).

Makes the calls named on the command line against FAKE_API_URL with the anthropic SDK instrumented
by claude_errors_instrumentation_anthropic (the SDK's own tracing off, so the package makes the
call span, as the Node package does with native tracing off), and prints one JSON line per call
span: its name, attributes and events. The Node test scripts the fake API's fates beforehand.
"""

import json
import os
import sys

os.environ["ANTHROPIC_OPEN_TELEMETRY"] = "false"

import anthropic  # noqa: E402
from opentelemetry.sdk.trace import TracerProvider  # noqa: E402
from opentelemetry.sdk.trace.export import SimpleSpanProcessor  # noqa: E402
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter  # noqa: E402

from claude_errors_instrumentation_anthropic import AnthropicInstrumentor  # noqa: E402

ARGS = dict(model="claude-sonnet-4-5", max_tokens=64, messages=[{"role": "user", "content": "parity prompt"}])


def call(client: anthropic.Anthropic, name: str) -> None:
    try:
        if name.startswith("stream_"):
            for _ in client.messages.create(stream=True, **ARGS):
                pass
        else:
            client.messages.create(**ARGS)
    except anthropic.APIError:
        pass


def main() -> int:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    AnthropicInstrumentor().instrument(tracer_provider=provider)
    client = anthropic.Anthropic(api_key="sk-ant-api03-parity-secret-0000", base_url=os.environ["FAKE_API_URL"], max_retries=2)
    for name in sys.argv[1:]:
        exporter.clear()
        call(client, name)
        for span in exporter.get_finished_spans():
            events = [{"name": e.name, "attributes": dict(e.attributes or {})} for e in span.events]
            print(json.dumps({"call": name, "name": span.name, "attributes": dict(span.attributes or {}), "events": events}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
