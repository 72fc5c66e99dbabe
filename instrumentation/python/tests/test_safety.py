"""The app's result never changes: a broken span processor or a bug in a hook is logged, not raised."""

from __future__ import annotations

import logging

import anthropic
import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from claude_errors_instrumentation_anthropic import AnthropicInstrumentor, _attempt
from claude_errors_instrumentation_anthropic import _semconv as S
from conftest import QUICK, attempts, only_call, overloaded, success

KEY = "sk-ant-api03-python-test-key-000000"
ARGS = dict(model="claude-sonnet-4-5", max_tokens=64, messages=[{"role": "user", "content": "hi"}])


class Exploding(SimpleSpanProcessor):
    def __init__(self) -> None:
        super().__init__(InMemorySpanExporter())

    def on_start(self, span, parent_context=None):  # type: ignore[no-untyped-def]
        raise RuntimeError("processor on_start failed")

    def on_end(self, span):  # type: ignore[no-untyped-def]
        raise RuntimeError("processor on_end failed")


def test_a_throwing_span_processor_does_not_reach_the_app(api, monkeypatch):
    monkeypatch.setenv("ANTHROPIC_OPEN_TELEMETRY", "false")
    provider = TracerProvider()
    provider.add_span_processor(Exploding())
    instrumentor = AnthropicInstrumentor()
    instrumentor.instrument(tracer_provider=provider)
    try:
        api.enqueue(overloaded(**QUICK), success(text="fine"))
        client = anthropic.Anthropic(api_key=KEY, base_url=api.url, max_retries=2)
        message = client.messages.create(**ARGS)  # type: ignore[call-overload]
        assert message.content[0].text == "fine"
        api.enqueue({"kind": "error", "status": 400, "type": "invalid_request_error"})
        with pytest.raises(anthropic.BadRequestError):  # the SDK's own error, not ours
            client.messages.create(**ARGS)  # type: ignore[call-overload]
    finally:
        instrumentor.uninstrument()


def test_a_bug_in_a_hook_is_logged_and_the_call_goes_on(api, spans, mode, monkeypatch, caplog):
    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise ValueError("a bug in the attempt hook")

    monkeypatch.setattr(_attempt, "_responded", broken)
    api.enqueue(overloaded(**QUICK), success(text="still fine"))
    client = anthropic.Anthropic(api_key=KEY, base_url=api.url, max_retries=2)
    with caplog.at_level(logging.ERROR, logger="claude_errors_instrumentation_anthropic"):
        message = client.messages.create(**ARGS)  # type: ignore[call-overload]
    assert message.content[0].text == "still fine"
    assert "a bug in the attempt hook" in caplog.text
    span = only_call(spans)
    assert span.attributes[S.ANTHROPIC_ATTEMPT_COUNT] == 2
    assert attempts(span) == []  # the broken step recorded nothing, the rest did


def test_streams_reach_the_app_unchanged(api, spans, mode):
    api.enqueue(success(text="alpha beta gamma delta", deltas=4))
    client = anthropic.Anthropic(api_key=KEY, base_url=api.url)
    with client.messages.stream(**ARGS) as stream:  # type: ignore[arg-type]
        text = "".join(stream.text_stream)
    assert text == "alpha beta gamma delta"
    assert only_call(spans).attributes[S.ANTHROPIC_OUTCOME] == "success"
