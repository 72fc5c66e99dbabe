"""Streams: watched in the chunks the SDK reads. Mid-stream errors, cut streams, early close."""

from __future__ import annotations

import asyncio

import anthropic
import pytest
from opentelemetry.trace import StatusCode

from claude_errors_instrumentation_anthropic import _semconv as S
from conftest import QUICK, attempts, only_call, overloaded, success

MESSAGES = [{"role": "user", "content": "a secret prompt"}]
KEY = "sk-ant-api03-python-test-key-000000"
ARGS = dict(model="claude-sonnet-4-5", max_tokens=64, messages=MESSAGES)


def test_a_stream_after_a_retried_529(api, spans, mode):
    api.enqueue(overloaded(**QUICK), success(text="one two three", deltas=3))
    client = anthropic.Anthropic(api_key=KEY, base_url=api.url, max_retries=2)
    text = "".join(e.delta.text for e in client.messages.create(stream=True, **ARGS) if e.type == "content_block_delta")
    assert text == "one two three"
    span = only_call(spans)
    got = attempts(span)
    assert [(a[S.HTTP_RESPONSE_STATUS_CODE], a[S.ATTEMPT_OUTCOME]) for a in got] == [(529, "error"), (200, "success")]
    a = span.attributes
    assert a[S.ANTHROPIC_OUTCOME] == "success"
    assert a[S.ANTHROPIC_ATTEMPT_COUNT] == 2
    assert a[S.GEN_AI_REQUEST_STREAM] is True
    assert a[S.ANTHROPIC_STREAM_TTFT_MS] >= 0
    assert a[S.GEN_AI_RESPONSE_ID].startswith("msg_")
    assert tuple(a[S.GEN_AI_RESPONSE_FINISH_REASONS]) == ("end_turn",)


def test_messages_stream_helper(api, spans, mode):
    client = anthropic.Anthropic(api_key=KEY, base_url=api.url)
    with client.messages.stream(**ARGS) as stream:
        stream.get_final_message()
    span = only_call(spans)
    assert span.attributes[S.ANTHROPIC_OPERATION] == "messages.stream"
    assert span.attributes[S.ANTHROPIC_OUTCOME] == "success"


def test_mid_stream_error_event(api, spans, mode):
    api.enqueue({"kind": "stream-error", "type": "overloaded_error", "afterDeltas": 2})
    client = anthropic.Anthropic(api_key=KEY, base_url=api.url, max_retries=2)
    with pytest.raises(anthropic.APIError):
        for _ in client.messages.create(stream=True, **ARGS):
            pass
    span = only_call(spans)
    (att,) = attempts(span)
    assert att[S.ATTEMPT_OUTCOME] == "error"
    assert att[S.ERROR_TYPE] == "overloaded_error"
    a = span.attributes
    assert a[S.ANTHROPIC_OUTCOME] == "error"
    assert a[S.ERROR_TYPE] == "overloaded_error"
    assert a[S.HTTP_RESPONSE_STATUS_CODE] == 200
    assert span.status.status_code == StatusCode.ERROR


def test_cut_stream(api, spans, mode):
    api.enqueue({"kind": "stream-cut", "afterDeltas": 1})
    client = anthropic.Anthropic(api_key=KEY, base_url=api.url)
    try:
        for _ in client.messages.create(stream=True, **ARGS):
            pass
    except anthropic.APIError:
        pass  # newer SDKs raise on a stream without message_stop; older ones end quietly
    span = only_call(spans)
    assert span.attributes[S.ANTHROPIC_OUTCOME] == "error"
    assert span.attributes[S.ERROR_TYPE] == "stream_interrupted"
    assert attempts(span)[0][S.ERROR_TYPE] == "stream_interrupted"


def test_early_close_is_cancelled(api, spans, mode):
    api.enqueue(success(deltas=5, eventDelayMs=20))
    client = anthropic.Anthropic(api_key=KEY, base_url=api.url)
    stream = client.messages.create(stream=True, **ARGS)
    for event in stream:
        if event.type == "content_block_delta":
            break
    stream.close()
    span = only_call(spans)
    assert span.attributes[S.ANTHROPIC_OUTCOME] == "cancelled"
    assert S.ERROR_TYPE not in span.attributes
    assert span.status.status_code != StatusCode.ERROR
    assert attempts(span)[0][S.ATTEMPT_OUTCOME] == "cancelled"


def test_async_stream(api, spans, mode):
    api.enqueue({"kind": "stream-error", "type": "api_error"})

    async def run() -> None:
        client = anthropic.AsyncAnthropic(api_key=KEY, base_url=api.url)
        stream = await client.messages.create(stream=True, **ARGS)
        with pytest.raises(anthropic.APIError):
            async for _ in stream:
                pass

    asyncio.run(run())
    span = only_call(spans)
    assert span.attributes[S.ERROR_TYPE] == "api_error"


def test_a_stream_dropped_unread_ends_cancelled(api, spans, mode):
    import gc

    client = anthropic.Anthropic(api_key=KEY, base_url=api.url)
    stream = client.messages.create(stream=True, **ARGS)
    del stream
    gc.collect()
    span = only_call(spans)
    assert span.attributes[S.ANTHROPIC_OUTCOME] == "cancelled"


def test_the_response_keeps_its_elapsed_time(api, spans, mode):
    client = anthropic.Anthropic(api_key=KEY, base_url=api.url)
    raw = client.messages.with_raw_response.create(stream=True, **ARGS)
    for _ in raw.parse():
        pass
    assert raw.http_response.elapsed.total_seconds() >= 0
    assert only_call(spans).attributes[S.ANTHROPIC_OUTCOME] == "success"
