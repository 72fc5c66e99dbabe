"""OpenTelemetry instrumentation for the `anthropic` Python SDK that records every HTTP attempt.

Usage::

    from claude_errors_instrumentation_anthropic import AnthropicInstrumentor

    AnthropicInstrumentor().instrument()  # optional: tracer_provider=...

Each SDK method call gets one CLIENT span (or, when the SDK's own tracing is on, the SDK's span is
enriched instead), and each HTTP attempt, the retried ones included, one ``anthropic.attempt``
span event on it. Attribute names are in ``claude_errors_instrumentation_anthropic.semconv``.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
from typing import Any, Callable, Collection, Iterator, List, Optional, Tuple

from opentelemetry import trace
from opentelemetry.instrumentation.instrumentor import BaseInstrumentor  # type: ignore[attr-defined]
from opentelemetry.instrumentation.utils import unwrap
from opentelemetry.trace import Span, SpanKind
from wrapt import wrap_function_wrapper

from . import _semconv as semconv
from ._attempt import AttemptHooks
from ._call import CallState, current_call, safe
from ._errors import call_failure
from ._request import RequestInfo
from ._stream import make_stream_classes
from .package import _instruments
from .version import __version__

__all__ = ["AnthropicInstrumentor", "semconv", "__version__"]

_logger = logging.getLogger(__name__)
_BASE_CLIENT = "anthropic._base_client"
# The HTTP libraries the SDK sends with: httpx (0.x), httpx2 (1.x and later).
_HTTP_LIBRARIES = ("httpx", "httpx2")


def _options_and_stream(args: Tuple[Any, ...], kwargs: Any) -> Tuple[Any, bool]:
    options = args[1] if len(args) > 1 else kwargs.get("options")
    return options, bool(kwargs.get("stream", False))


class AnthropicInstrumentor(BaseInstrumentor):  # type: ignore[misc]
    """Records every call of the anthropic SDK and every HTTP attempt within it.

    ``instrument(tracer_provider=None)``: the spans go to ``tracer_provider``, else the global one.
    """

    def __init__(self) -> None:
        super().__init__()
        self._wrapped: List[Tuple[Any, str]] = []
        self._tracer: trace.Tracer = trace.get_tracer(semconv.PYTHON_INSTRUMENTATION_NAME, __version__)

    def instrumentation_dependencies(self) -> Collection[str]:
        return _instruments

    def _instrument(self, **kwargs: Any) -> None:
        self._tracer = trace.get_tracer(
            semconv.PYTHON_INSTRUMENTATION_NAME,
            __version__,
            tracer_provider=kwargs.get("tracer_provider"),
            schema_url="https://opentelemetry.io/schemas/1.28.0",
        )
        base = importlib.import_module(_BASE_CLIENT)
        self._wrap(base, "SyncAPIClient.request", self._request_sync)
        self._wrap(base, "AsyncAPIClient.request", self._request_async)
        if hasattr(base, "finish_api_call_span"):
            # SDK >= 1.14 with its own tracing: our facts go on its span before it ends it.
            self._wrap(base, "finish_api_call_span", self._native_finish)
        for name in _HTTP_LIBRARIES:
            try:
                lib = importlib.import_module(name)
            except ImportError:
                continue
            hooks = AttemptHooks(*make_stream_classes(lib.SyncByteStream, lib.AsyncByteStream))
            self._wrap(lib, "Client.send", hooks.send)
            self._wrap(lib, "AsyncClient.send", hooks.send_async)

    def _wrap(self, module: Any, name: str, wrapper: Callable[..., Any]) -> None:
        """Wraps one method; a failure (an SDK without it) is logged and leaves it as it was."""
        try:
            wrap_function_wrapper(module, name, wrapper)
        except Exception:
            _logger.error("claude-errors instrumentation: could not wrap %s.%s", module.__name__, name, exc_info=True)
            return
        owner_path, _, attr = name.rpartition(".")
        owner = getattr(module, owner_path) if owner_path else module
        self._wrapped.append((owner, attr))

    def _uninstrument(self, **kwargs: Any) -> None:
        while self._wrapped:
            owner, attr = self._wrapped.pop()
            unwrap(owner, attr)

    # --- the call ---
    def _start_call(self, instance: Any, args: Tuple[Any, ...], kwargs: Any) -> CallState:
        options, stream = _options_and_stream(args, kwargs)
        info = RequestInfo(options, stream)
        attributes = info.start_attributes(instance)
        http_client = getattr(instance, "_client", None)
        name = info.span_name()

        def own_span(start_ns: Optional[int] = None) -> Span:
            return self._tracer.start_span(name, kind=SpanKind.CLIENT, attributes=attributes, start_time=start_ns)

        if getattr(instance, "_tracer", None) is not None:
            # The SDK makes its own call span (native tracing on): it is enriched, not duplicated.
            return CallState(None, True, http_client, attributes, own_span)
        return CallState(own_span(), False, http_client, attributes)

    def _request_sync(self, wrapped: Callable[..., Any], instance: Any, args: Any, kwargs: Any) -> Any:
        call = safe(self._start_call, instance, args, kwargs)
        if call is None:
            return wrapped(*args, **kwargs)
        with _in_call(call):
            result = wrapped(*args, **kwargs)
        safe(call.returned_normally)
        return result

    async def _request_async(self, wrapped: Callable[..., Any], instance: Any, args: Any, kwargs: Any) -> Any:
        call = safe(self._start_call, instance, args, kwargs)
        if call is None:
            return await wrapped(*args, **kwargs)
        with _in_call(call):
            result = await wrapped(*args, **kwargs)
        safe(call.returned_normally)
        return result

    def _native_finish(self, wrapped: Callable[..., Any], instance: Any, args: Any, kwargs: Any) -> Any:
        call = current_call.get()
        if call is not None and call.native:
            safe(_native_result, call, args[2] if len(args) > 2 else kwargs.get("result"))
        return wrapped(*args, **kwargs)


@contextlib.contextmanager
def _in_call(call: CallState) -> Iterator[None]:
    """The SDK's call runs with `call` current (its attempts find it) and our span active."""
    token = current_call.set(call)
    try:
        if call.span is None:
            yield
        else:
            with trace.use_span(call.span, end_on_exit=False, record_exception=False, set_status_on_exception=False):
                yield
    except BaseException as err:
        safe(_call_failed, call, err)
        raise
    finally:
        current_call.reset(token)


def _call_failed(call: CallState, err: BaseException) -> None:
    call.returned = True
    call.finish(call_failure(err))


def _native_result(call: CallState, result: Any) -> None:
    """The SDK is about to record its call's result: ours goes on its span first."""
    error = getattr(result, "error", None)
    if error is not None:
        call.returned = True
        call.finish(call_failure(error))
    elif not call.stream_pending:
        call.returned = True
        call.finish({"outcome": "success"})
