"""One span event per HTTP attempt, recorded around the HTTP client's `send` as the SDK calls it."""

from __future__ import annotations

import contextlib
import email.utils
import time
from typing import Any, Callable, Dict, Iterator, Mapping, Optional, Tuple

from . import _semconv as S
from ._call import Attempt, CallState, call_for, safe
from ._errors import amazon_error_type, attempt_failure, body_facts, scrub
from ._stream import StreamScan

# anthropic-ratelimit-input-tokens-remaining -> (anthropic.ratelimit.input_tokens.remaining, is a reset time)
_RATELIMIT_HEADERS: Dict[str, Tuple[str, bool]] = {
    f"anthropic-ratelimit-{kind.replace('_', '-')}-{field}": (S.ratelimit_attribute(kind, field), field == "reset")
    for kind in S.RATELIMIT_KINDS
    for field in S.RATELIMIT_FIELDS
}


def _number(text: str) -> Optional[float]:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and value not in (float("inf"), float("-inf")) else None


def _int_if_whole(value: float) -> Any:
    return int(value) if value.is_integer() else value


def retry_after_ms(headers: Mapping[str, str]) -> Optional[Any]:
    """`retry-after-ms`, else `retry-after` (seconds or an HTTP date), in milliseconds."""
    ms = headers.get("retry-after-ms")
    if ms and _number(ms) is not None:
        return _int_if_whole(_number(ms))  # type: ignore[arg-type]
    after = headers.get("retry-after")
    if not after:
        return None
    seconds = _number(after)
    if seconds is not None:
        return _int_if_whole(seconds * 1000)
    try:
        date = email.utils.parsedate_to_datetime(after)
    except (TypeError, ValueError):
        return None
    return max(0, round(date.timestamp() * 1000 - time.time() * 1000))


def header_attributes(headers: Mapping[str, str], attrs: Dict[str, Any]) -> None:
    """request-id, retry hints and rate-limit state from one response's headers (never request headers)."""
    request_id = headers.get("request-id") or headers.get("x-amzn-requestid")
    if request_id:
        attrs[S.ANTHROPIC_REQUEST_ID] = request_id
    after = retry_after_ms(headers)
    if after is not None:
        attrs[S.RETRY_AFTER_MS] = after
    should = headers.get("x-should-retry")
    if should in ("true", "false"):
        attrs[S.SHOULD_RETRY] = should == "true"
    for name, value in headers.items():
        known = _RATELIMIT_HEADERS.get(name.lower())
        if known is None or value == "":
            continue
        key, is_reset = known
        number = None if is_reset else _number(value)
        attrs[key] = value if number is None else _int_if_whole(number)


class AttemptHooks:
    """The send wrappers for one httpx-like library (httpx for SDK 0.x, httpx2 for 1.x and later)."""

    def __init__(self, sync_stream_cls: type, async_stream_cls: type) -> None:
        self.sync_stream_cls = sync_stream_cls
        self.async_stream_cls = async_stream_cls

    def send(self, wrapped: Callable[..., Any], instance: Any, args: Any, kwargs: Any) -> Any:
        call = call_for(instance)
        if call is None:
            return wrapped(*args, **kwargs)
        with _attempt(call) as attempt:
            response = wrapped(*args, **kwargs)
        needs_body = safe(_responded, call, attempt, response, self.sync_stream_cls) if attempt is not None else None
        if needs_body:
            response.read()  # the error body; the SDK reads the same bytes from the response's cache
            safe(_error_body_read, call, attempt, response, needs_body)
        return response

    async def send_async(self, wrapped: Callable[..., Any], instance: Any, args: Any, kwargs: Any) -> Any:
        call = call_for(instance)
        if call is None:
            return await wrapped(*args, **kwargs)
        with _attempt(call) as attempt:
            response = await wrapped(*args, **kwargs)
        needs_body = safe(_responded, call, attempt, response, self.async_stream_cls) if attempt is not None else None
        if needs_body:
            await response.aread()
            safe(_error_body_read, call, attempt, response, needs_body)
        return response


@contextlib.contextmanager
def _attempt(call: CallState) -> Iterator[Optional[Attempt]]:
    """Begins an attempt; one that raises (no response) is recorded as failed."""
    attempt = safe(call.begin_attempt)
    try:
        yield attempt
    except BaseException as err:
        if attempt is not None:
            safe(_failed, call, attempt, err)
        raise


def _failed(call: CallState, attempt: Attempt, err: BaseException) -> None:
    attrs = call.attempt_attributes(attempt)
    attrs.update(attempt_failure(err))
    call.add_attempt_event(attempt, attrs)


def _responded(call: CallState, attempt: Attempt, response: Any, stream_cls: type) -> Optional[Dict[str, Any]]:
    """Records a response. Returns the attempt's attributes when its error body is still to be read."""
    attrs = call.attempt_attributes(attempt)
    status = response.status_code
    attrs[S.HTTP_RESPONSE_STATUS_CODE] = status
    headers = response.headers
    header_attributes(headers, attrs)
    call.last_status = status
    call.last_request_id = attrs.get(S.ANTHROPIC_REQUEST_ID)
    call.last_response = response
    call.stream_pending = False
    if status < 200 or status > 299:
        attrs[S.ATTEMPT_OUTCOME] = "error"
        attrs[S.ERROR_TYPE] = amazon_error_type(headers) or str(status)
        if _is_read(response):
            _error_body_read(call, attempt, response, attrs)
            return None
        return attrs
    if "text/event-stream" in headers.get("content-type", ""):
        _watch_stream(call, attempt, response, attrs, stream_cls)
        return None
    attrs[S.ATTEMPT_OUTCOME] = "success"
    call.add_attempt_event(attempt, attrs)
    return None


def _is_read(response: Any) -> bool:
    try:
        response.content
    except Exception:
        return False
    return True


def _error_body_read(call: CallState, attempt: Attempt, response: Any, attrs: Dict[str, Any]) -> None:
    facts = body_facts(response.content)
    kind = facts.get("type") or amazon_error_type(response.headers)
    if kind:
        attrs[S.ERROR_TYPE] = kind
        attrs[S.ANTHROPIC_ERROR_TYPE] = kind
    if "message" in facts:
        attrs[S.ANTHROPIC_ERROR_MESSAGE] = scrub(facts["message"])
    if "error_code" in facts:
        attrs[S.ANTHROPIC_ERROR_CODE] = facts["error_code"]
    if S.ANTHROPIC_REQUEST_ID not in attrs and "request_id" in facts:
        attrs[S.ANTHROPIC_REQUEST_ID] = facts["request_id"]
        call.last_request_id = facts["request_id"]
    call.last_attempt_end_ns = time.time_ns()
    call.add_attempt_event(attempt, attrs)


def _watch_stream(call: CallState, attempt: Attempt, response: Any, attrs: Dict[str, Any], stream_cls: type) -> None:
    """The attempt event and the call wait for the stream's end, seen in the chunks the SDK reads."""

    def on_end(facts: Dict[str, Any]) -> None:
        attrs[S.ATTEMPT_OUTCOME] = facts["outcome"]
        if facts.get("error_type") is not None:
            attrs[S.ERROR_TYPE] = facts["error_type"]
        if facts.get("anthropic_type") is not None:
            attrs[S.ANTHROPIC_ERROR_TYPE] = facts["anthropic_type"]
        if facts["outcome"] == "error" and facts.get("message") is not None:
            attrs[S.ANTHROPIC_ERROR_MESSAGE] = facts["message"]
        if facts.get("cause_code") is not None:
            attrs[S.ANTHROPIC_EXCEPTION_CAUSE_CODE] = facts["cause_code"]
        if facts.get("error_code") is not None:
            attrs[S.ANTHROPIC_ERROR_CODE] = facts["error_code"]
        call.add_attempt_event(attempt, attrs)
        call.stream_ended(facts)

    scan = StreamScan(on_end)
    response.stream = stream_cls(response.stream, scan)
    call.scan = scan
    call.stream_pending = True
