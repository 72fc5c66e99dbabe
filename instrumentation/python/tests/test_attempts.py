"""Every HTTP attempt, the ones the SDK retried away included, with the real anthropic SDK."""

from __future__ import annotations

import asyncio
import socket

import anthropic
import pytest
from opentelemetry.trace import SpanKind, StatusCode

from claude_errors_instrumentation_anthropic import _semconv as S
from conftest import QUICK, attempts, error, only_call, overloaded, success

MESSAGES = [{"role": "user", "content": "a secret prompt"}]
KEY = "sk-ant-api03-python-test-key-000000"


def create(client: anthropic.Anthropic, **kw: object) -> object:
    return client.messages.create(model="claude-sonnet-4-5", max_tokens=64, messages=MESSAGES, **kw)  # type: ignore[arg-type]


def test_two_529s_then_200_are_three_attempts(api, spans, mode):
    api.enqueue(overloaded(**QUICK), overloaded(**QUICK), success())
    client = anthropic.Anthropic(api_key=KEY, base_url=api.url, max_retries=2)
    create(client)
    span = only_call(spans)
    ids = [r["requestId"] for r in api.requests()]
    got = attempts(span)
    assert [a[S.ATTEMPT_NUMBER] for a in got] == [1, 2, 3]
    assert [a[S.HTTP_RESPONSE_STATUS_CODE] for a in got] == [529, 529, 200]
    assert [a[S.ANTHROPIC_REQUEST_ID] for a in got] == ids
    assert [a[S.ATTEMPT_OUTCOME] for a in got] == ["error", "error", "success"]
    assert got[0][S.ERROR_TYPE] == "overloaded_error"
    assert got[0][S.ANTHROPIC_ERROR_TYPE] == "overloaded_error"
    assert got[0][S.ANTHROPIC_ERROR_MESSAGE] == "Overloaded"
    assert got[0][S.RETRY_AFTER_MS] == 5
    assert got[0][S.ATTEMPT_WAIT_MS] == 0 and got[1][S.ATTEMPT_WAIT_MS] >= 0
    assert got[2][S.ATTEMPT_START_MS] >= got[1][S.ATTEMPT_START_MS] >= got[0][S.ATTEMPT_START_MS]
    a = span.attributes
    assert a[S.ANTHROPIC_OUTCOME] == "success"
    assert a[S.ANTHROPIC_ATTEMPT_COUNT] == 3
    assert a[S.HTTP_RESPONSE_STATUS_CODE] == 200
    assert a[S.ANTHROPIC_REQUEST_ID] == ids[2]
    assert a[S.ANTHROPIC_OPERATION] == "messages.create"
    assert a[S.GEN_AI_REQUEST_MODEL] == "claude-sonnet-4-5"
    assert a[S.ANTHROPIC_PLATFORM] == "first_party"
    assert a[S.ANTHROPIC_SDK_VERSION] == anthropic.__version__
    assert span.kind == SpanKind.CLIENT
    if mode == "own":
        assert span.name == "chat claude-sonnet-4-5"
        assert span.instrumentation_scope.name == S.PYTHON_INSTRUMENTATION_NAME
        assert a[S.GEN_AI_RESPONSE_ID].startswith("msg_")
        assert a[S.GEN_AI_USAGE_OUTPUT_TOKENS] > 0
    else:
        assert a[S.ANTHROPIC_NATIVE_SPAN] is True
        assert span.instrumentation_scope.name != S.PYTHON_INSTRUMENTATION_NAME


def test_retries_run_out(api, spans, mode):
    limits = {"tokens": {"limit": 1000, "remaining": 0, "reset": "2026-12-04T00:00:00Z"}}
    api.enqueue(*[error(429, "rate_limit_error", shouldRetry=True, rateLimits=limits, **QUICK)] * 2)
    client = anthropic.Anthropic(api_key=KEY, base_url=api.url, max_retries=1)
    with pytest.raises(anthropic.RateLimitError):
        create(client)
    span = only_call(spans)
    got = attempts(span)
    assert len(got) == 2
    assert got[1][S.SHOULD_RETRY] is True
    assert got[1][S.ratelimit_attribute("tokens", "limit")] == 1000
    assert got[1][S.ratelimit_attribute("tokens", "remaining")] == 0
    assert got[1][S.ratelimit_attribute("tokens", "reset")] == "2026-12-04T00:00:00Z"
    a = span.attributes
    assert a[S.ANTHROPIC_OUTCOME] == "error"
    assert a[S.ERROR_TYPE] == "rate_limit_error"
    assert a[S.EXCEPTION_TYPE] == "RateLimitError"
    assert a[S.HTTP_RESPONSE_STATUS_CODE] == 429
    assert a[S.ANTHROPIC_REQUEST_ID] == api.requests()[1]["requestId"]
    assert span.status.status_code == StatusCode.ERROR
    assert [e.name for e in span.events].count("exception") == 1


def test_error_messages_are_scrubbed_and_prompts_and_keys_never_recorded(api, spans, mode):
    api.enqueue(error(400, "invalid_request_error", message=f"bad key {KEY} and Bearer abcdefghijkl"))
    client = anthropic.Anthropic(api_key=KEY, base_url=api.url, max_retries=0)
    with pytest.raises(anthropic.BadRequestError):
        create(client)
    span = only_call(spans)
    assert span.attributes[S.ANTHROPIC_ERROR_MESSAGE] == "bad key [REDACTED:anthropic-key] and Bearer [REDACTED:bearer-token]"
    everything = repr([(s.attributes, [e.attributes for e in s.events]) for s in spans.get_finished_spans()])
    assert "python-test-key" not in everything
    assert "a secret prompt" not in everything


def test_async_client(api, spans, mode):
    api.enqueue(overloaded(**QUICK), success())

    async def run() -> None:
        client = anthropic.AsyncAnthropic(api_key=KEY, base_url=api.url, max_retries=2)
        await create(client)  # type: ignore[misc]

    asyncio.run(run())
    span = only_call(spans)
    assert [a[S.HTTP_RESPONSE_STATUS_CODE] for a in attempts(span)] == [529, 200]
    assert span.attributes[S.ANTHROPIC_OUTCOME] == "success"


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_connection_refused(spans, mode):
    client = anthropic.Anthropic(api_key=KEY, base_url=f"http://127.0.0.1:{_closed_port()}", max_retries=1)
    with pytest.raises(anthropic.APIConnectionError):
        create(client)
    span = only_call(spans)
    got = attempts(span)
    assert len(got) == 2
    for a in got:
        assert a[S.ATTEMPT_OUTCOME] == "error"
        assert a[S.ERROR_TYPE] == "connection_error"
        assert a[S.EXCEPTION_TYPE] == "ConnectError"
        assert a[S.ANTHROPIC_EXCEPTION_CAUSE_CODE] == "ECONNREFUSED"
    assert span.attributes[S.ERROR_TYPE] == "connection_error"
    assert span.attributes[S.EXCEPTION_TYPE] == "APIConnectionError"


def test_timeout(api, spans, mode):
    api.enqueue(success(delayMs=3000))
    client = anthropic.Anthropic(api_key=KEY, base_url=api.url, max_retries=0, timeout=0.3)
    with pytest.raises(anthropic.APITimeoutError):
        create(client)
    span = only_call(spans)
    (a,) = attempts(span)
    assert a[S.ERROR_TYPE] == "client_timeout_error"
    assert a[S.EXCEPTION_TYPE] == "ReadTimeout"
    assert span.attributes[S.ERROR_TYPE] == "client_timeout_error"
    assert span.attributes[S.EXCEPTION_TYPE] == "APITimeoutError"


def test_hang_up(api, spans, mode):
    api.enqueue({"kind": "hang-up"}, {"kind": "hang-up", "reset": False})
    client = anthropic.Anthropic(api_key=KEY, base_url=api.url, max_retries=1)
    with pytest.raises(anthropic.APIConnectionError):
        create(client)
    span = only_call(spans)
    got = attempts(span)
    assert [a[S.ERROR_TYPE] for a in got] == ["connection_error", "connection_error"]
    assert got[0][S.ANTHROPIC_EXCEPTION_CAUSE_CODE] == "ECONNRESET"


def test_other_http_clients_are_left_alone(api, spans):
    try:
        import httpx2 as lib  # type: ignore[import-not-found]  # the SDK's HTTP library since 1.0
    except ImportError:
        import httpx as lib
    with lib.Client() as other:
        other.get(f"{api.url}/v1/models")
    assert spans.get_finished_spans() == ()


def test_uninstrument_restores_the_sdk(api):
    from claude_errors_instrumentation_anthropic import AnthropicInstrumentor

    instrumentor = AnthropicInstrumentor()
    instrumentor.instrument()
    instrumentor.uninstrument()
    from anthropic._base_client import SyncAPIClient

    assert not hasattr(SyncAPIClient.request, "__wrapped__")


def test_error_code_from_the_body(api, spans, mode):
    api.enqueue(error(400, "invalid_request_error", errorCode="enforced_spend_limit_reached", message="spend limit"))
    client = anthropic.Anthropic(api_key=KEY, base_url=api.url, max_retries=0)
    with pytest.raises(anthropic.BadRequestError):
        create(client)
    span = only_call(spans)
    assert attempts(span)[0][S.ANTHROPIC_ERROR_CODE] == "enforced_spend_limit_reached"
    assert span.attributes[S.ANTHROPIC_ERROR_CODE] == "enforced_spend_limit_reached"


def test_an_async_call_the_app_cancels_is_cancelled(api, spans, mode):
    api.enqueue(success(delayMs=3000))

    async def run() -> None:
        client = anthropic.AsyncAnthropic(api_key=KEY, base_url=api.url, max_retries=0)
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(create(client), timeout=0.3)  # type: ignore[arg-type]

    asyncio.run(run())
    span = only_call(spans)
    assert span.attributes[S.ANTHROPIC_OUTCOME] == "cancelled"
    assert S.ERROR_TYPE not in span.attributes
    assert span.status.status_code != StatusCode.ERROR
    (a,) = attempts(span)
    assert a[S.ATTEMPT_OUTCOME] == "cancelled"


def test_other_operations_are_named(api, spans, mode):
    client = anthropic.Anthropic(api_key=KEY, base_url=api.url)
    if not hasattr(client, "models"):
        pytest.skip("this anthropic version has no models API")
    client.models.list()
    span = only_call(spans)
    assert span.attributes[S.ANTHROPIC_OPERATION] == "models.list"
    assert span.attributes[S.GEN_AI_OPERATION_NAME] == "models.list"
    assert S.GEN_AI_REQUEST_STREAM not in span.attributes
    if mode == "own":
        assert span.name == "anthropic.models.list"


def test_a_request_without_an_sdk_span_gets_ours_never_the_apps(api, spans, mode):
    from opentelemetry import trace

    client = anthropic.Anthropic(api_key=KEY, base_url=api.url)
    with trace.get_tracer("the-app").start_as_current_span("app work"):
        client.get("/v1/models", cast_to=object)  # a raw route: the SDK's tracing makes no span for it
    (app_span,) = [s for s in spans.get_finished_spans() if s.name == "app work"]
    assert S.ANTHROPIC_OUTCOME not in app_span.attributes
    assert [e.name for e in app_span.events] == []
    span = only_call(spans)
    assert span.name == "anthropic.models.list"
    assert span.parent is not None and span.parent.span_id == app_span.context.span_id
    assert attempts(span)[0][S.HTTP_RESPONSE_STATUS_CODE] == 200
