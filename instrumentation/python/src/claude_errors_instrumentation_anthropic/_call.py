"""The call span: one per SDK method call, covering every retry and the reading of a stream."""

from __future__ import annotations

import contextvars
import json
import logging
import time
from typing import Any, Callable, Dict, Optional, TypeVar

from opentelemetry.trace import Span, Status, StatusCode

from . import _semconv as S
from ._errors import as_dict

_logger = logging.getLogger(__name__)
T = TypeVar("T")
# The instrumentation scope of the anthropic SDK's own spans (its _tracing.INSTRUMENTATION_SCOPE).
SDK_SCOPE = "com.anthropic.sdk.python"


def safe(fn: Callable[..., T], *args: Any) -> Optional[T]:
    """Runs one hook step; a failure is logged (it is our bug) and never reaches the app."""
    try:
        return fn(*args)
    except Exception:
        _logger.error("claude-errors instrumentation: %s failed", getattr(fn, "__name__", fn), exc_info=True)
        return None


class Attempt:
    __slots__ = ("number", "start_ns", "wait_ms")

    def __init__(self, number: int, start_ns: int, wait_ms: int) -> None:
        self.number = number
        self.start_ns = start_ns
        self.wait_ms = wait_ms


def _ms(ns: int) -> int:
    return max(0, round(ns / 1_000_000))


class CallState:
    """One SDK method call: its span (ours, or the SDK's own when native tracing is on), its attempts."""

    def __init__(
        self,
        span: Optional[Span],
        native: bool,
        http_client: Any,
        start_attributes: Dict[str, Any],
        own_span: Optional[Callable[[int], Span]] = None,
    ) -> None:
        self.span = span
        self.own_span = own_span  # makes our own span (given the call's start) when no native one turns up
        self.native = native
        self.http_client = http_client
        self.start_attributes = start_attributes
        self.start_ns = time.time_ns()
        self.attempts = 0
        self.last_attempt_end_ns: Optional[int] = None
        self.last_status: Optional[int] = None
        self.last_request_id: Optional[str] = None
        self.last_response: Any = None
        self.stream_pending = False
        self.stream_facts: Optional[Dict[str, Any]] = None
        self.returned = False
        self.finished = False
        self.facts: Optional[Dict[str, Any]] = None
        self.scan: Any = None  # the StreamScan of a watched stream

    # --- attempts ---
    def begin_attempt(self) -> Attempt:
        if self.span is None and self.native:
            self._bind_native_span()
        start = time.time_ns()
        self.attempts += 1
        prev = self.last_attempt_end_ns
        return Attempt(self.attempts, start, 0 if prev is None else _ms(start - prev))

    def _bind_native_span(self) -> None:
        from opentelemetry import trace

        span = trace.get_current_span()
        scope = getattr(span, "instrumentation_scope", None)
        if span.is_recording() and getattr(scope, "name", None) == SDK_SCOPE:
            self.span = span
            span.set_attributes({**self.start_attributes, S.ANTHROPIC_NATIVE_SPAN: True})
            self._wrap_native_end(span)
        elif self.own_span is not None:
            # The SDK made no span for this request (a route without a span name, or its tracing
            # could not start one): never the app's span around the call, our own instead.
            self.native = False
            self.span = self.own_span(self.start_ns)

    def _wrap_native_end(self, span: Any) -> None:
        """Our facts go on the SDK's span when the SDK ends it, after its own (ours win where both set one)."""
        original = span.end

        def end(*args: Any, **kwargs: Any) -> Any:
            try:
                del span.end  # back to the class's method
            except AttributeError:
                pass
            safe(self._before_native_end, span)
            return original(*args, **kwargs)

        span.end = end

    def _before_native_end(self, span: Any) -> None:
        if self.scan is not None and not self.scan.done:
            # The SDK saw the stream closed before its end (its wrapper is outside ours).
            self.scan.end("cancelled")
        if self.facts is not None:
            self._apply(span, self.facts)

    def attempt_attributes(self, attempt: Attempt) -> Dict[str, Any]:
        end = time.time_ns()
        self.last_attempt_end_ns = end
        return {
            S.ATTEMPT_NUMBER: attempt.number,
            S.ATTEMPT_START_MS: _ms(attempt.start_ns - self.start_ns),
            S.ATTEMPT_WAIT_MS: attempt.wait_ms,
            S.ATTEMPT_DURATION_MS: _ms(end - attempt.start_ns),
        }

    def add_attempt_event(self, attempt: Attempt, attrs: Dict[str, Any]) -> None:
        if self.span is not None:
            self.span.add_event(S.ATTEMPT_EVENT, attrs, timestamp=attempt.start_ns)

    # --- the end of the call ---
    def stream_ended(self, facts: Dict[str, Any]) -> None:
        """The watched stream of the last attempt ended; the span ends if the call has returned."""
        self.stream_facts = facts
        if self.native or self.returned:
            self.finish(facts)

    def returned_normally(self) -> None:
        self.returned = True
        if self.stream_facts is not None:
            self.finish(self.stream_facts)
        elif not self.stream_pending:
            self.finish(self._success_facts())

    def _success_facts(self) -> Dict[str, Any]:
        facts: Dict[str, Any] = {"outcome": "success"}
        if self.native:
            return facts  # the SDK records the response on its own span
        try:
            body = json.loads(self.last_response.content) if self.last_response is not None else None
        except Exception:  # not read (raw response), or not JSON
            body = None
        if isinstance(body, dict):
            for key, field in (("response_id", "id"), ("response_model", "model"), ("stop_reason", "stop_reason")):
                if isinstance(body.get(field), str):
                    facts[key] = body[field]
            usage = as_dict(body.get("usage"))
            for key in ("input_tokens", "output_tokens"):
                if isinstance(usage.get(key), int):
                    facts[key] = usage[key]
        return facts

    def finish(self, facts: Dict[str, Any]) -> None:
        if self.finished:
            return
        self.finished = True
        self.facts = facts
        span = self.span
        if span is None or self.native or not span.is_recording():
            return  # a native span gets the facts when the SDK ends it (_wrap_native_end)
        safe(self._apply, span, facts)
        span.end()

    def _apply(self, span: Span, f: Dict[str, Any]) -> None:
        a: Dict[str, Any] = {S.ANTHROPIC_OUTCOME: f["outcome"], S.ANTHROPIC_ATTEMPT_COUNT: self.attempts}
        status = f.get("status", self.last_status)
        if status is not None:
            a[S.HTTP_RESPONSE_STATUS_CODE] = status
        request_id = f.get("request_id", self.last_request_id)
        if request_id is not None:
            a[S.ANTHROPIC_REQUEST_ID] = request_id
        failed = f["outcome"] != "success"
        for key, attr in (
            ("error_type", S.ERROR_TYPE),
            ("anthropic_type", S.ANTHROPIC_ERROR_TYPE),
            ("error_code", S.ANTHROPIC_ERROR_CODE),
            ("cause_code", S.ANTHROPIC_EXCEPTION_CAUSE_CODE),
            ("response_id", S.GEN_AI_RESPONSE_ID),
            ("response_model", S.GEN_AI_RESPONSE_MODEL),
            ("input_tokens", S.GEN_AI_USAGE_INPUT_TOKENS),
            ("output_tokens", S.GEN_AI_USAGE_OUTPUT_TOKENS),
        ):
            if f.get(key) is not None:
                a[attr] = f[key]
        if failed and f.get("message") is not None:
            a[S.ANTHROPIC_ERROR_MESSAGE] = f["message"]
        if failed and f.get("exception_type") is not None:
            a[S.EXCEPTION_TYPE] = f["exception_type"]
        if f.get("stop_reason") is not None:
            a[S.GEN_AI_RESPONSE_FINISH_REASONS] = [f["stop_reason"]]
        if f.get("first_token_ns") is not None:
            a[S.ANTHROPIC_STREAM_TTFT_MS] = _ms(f["first_token_ns"] - self.start_ns)
        span.set_attributes(a)
        if f["outcome"] == "error":
            span.set_status(Status(StatusCode.ERROR, f.get("message")))
            if f.get("exception_type") is not None:
                event = {S.EXCEPTION_TYPE: f["exception_type"]}
                if f.get("message") is not None:
                    event[S.EXCEPTION_MESSAGE] = f["message"]
                span.add_event("exception", event)


# The call in progress in this thread or task; attempts are recorded only on its own HTTP client.
current_call: "contextvars.ContextVar[Optional[CallState]]" = contextvars.ContextVar("claude_errors_anthropic_call", default=None)


def call_for(http_client: Any) -> Optional[CallState]:
    call = current_call.get()
    if call is None or call.finished or call.http_client is not http_client:
        return None
    return call
