"""Watches a streamed (SSE) response in the chunks the SDK itself reads: no copy of the body.

The response's byte stream is replaced by a wrapper that hands every chunk on unchanged and scans
it on the way: `event:` lines, and the JSON of message_start, message_delta, error and completion
events only. The stream's outcome is known at message_stop (success), at an error event (error,
with its type), when the body ends or its read fails first (stream_interrupted), or when the app
closes the response before the end (cancelled).
"""

from __future__ import annotations

import json
import logging
import time
from types import TracebackType
from typing import Any, AsyncIterator, Callable, Dict, Iterator, List, Optional, Type

from . import _semconv as S
from ._errors import as_dict, cause_code, envelope_facts, is_cancel, scrub

_logger = logging.getLogger(__name__)
_WATCHED = (b"message_start", b"message_delta", b"error", b"completion")
_MAX_LINE = 1 << 20


class StreamScan:
    """The facts of one SSE body, fed chunk by chunk. `on_end(facts)` is called once."""

    __slots__ = ("_buf", "_event", "_data", "_on_end", "facts", "done")

    def __init__(self, on_end: Callable[[Dict[str, Any]], None]) -> None:
        self._buf = b""
        self._event = b""
        self._data: List[bytes] = []
        self._on_end = on_end
        self.facts: Dict[str, Any] = {}
        self.done = False

    def feed(self, chunk: bytes) -> None:
        if self.done:
            return
        try:
            self._feed(chunk)
        except Exception:  # the watch never reaches the app's read
            _logger.debug("claude-errors: could not scan a stream chunk", exc_info=True)

    def _feed(self, chunk: bytes) -> None:
        data = self._buf + chunk if self._buf else chunk
        lines = data.split(b"\n")
        self._buf = lines.pop()
        if len(self._buf) > _MAX_LINE:
            self._buf = b""
        for raw in lines:
            line = raw[:-1] if raw.endswith(b"\r") else raw
            if not line:
                self._dispatch()
            elif line.startswith(b"event:"):
                self._event = line[6:].strip()
            elif line.startswith(b"data:") and self._event in _WATCHED:
                self._data.append(line[5:].strip())
            if self.done:
                return

    def _dispatch(self) -> None:
        event, data = self._event, self._data
        self._event, self._data = b"", []
        f = self.facts
        if event == b"content_block_delta" or event == b"completion":
            f.setdefault("first_token_ns", time.time_ns())
        if event == b"message_stop":
            self.end("success")
            return
        if event not in _WATCHED or not data:
            return
        try:
            payload = json.loads(b"\n".join(data))
        except ValueError:
            payload = None
        payload = as_dict(payload)
        if event == b"message_start":
            message = as_dict(payload.get("message"))
            _take(f, "response_id", message.get("id"), str)
            _take(f, "response_model", message.get("model"), str)
            usage = as_dict(message.get("usage"))
            _take(f, "input_tokens", usage.get("input_tokens"), int)  # output tokens: from message_delta only
        elif event == b"message_delta":
            delta = as_dict(payload.get("delta"))
            _take(f, "stop_reason", delta.get("stop_reason"), str)
            usage = as_dict(payload.get("usage"))
            _take(f, "output_tokens", usage.get("output_tokens"), int)
        elif event == b"error":
            env = envelope_facts(payload)
            kind = env.get("type") or "api_error"
            f["error_type"] = kind
            f["anthropic_type"] = kind
            if "message" in env:
                f["message"] = scrub(env["message"])
            if "error_code" in env:
                f["error_code"] = env["error_code"]
            self.end("error")
        elif event == b"completion":
            _take(f, "stop_reason", payload.get("stop_reason"), str)
            _take(f, "response_model", payload.get("model"), str)
            if payload.get("stop_reason"):
                self.end("success")

    def end(self, outcome: str, err: Optional[BaseException] = None) -> None:
        """Records how the stream ended (once): success, error, cancelled, or stream_interrupted."""
        if self.done:
            return
        self.done = True
        f = self.facts
        if outcome == S.ERROR_TYPE_STREAM_INTERRUPTED:
            f["error_type"] = S.ERROR_TYPE_STREAM_INTERRUPTED
            f["message"] = scrub(str(err)) if err is not None else "The stream ended before message_stop"
            if err is not None:
                f["exception_type"] = type(err).__name__
                code = cause_code(err)
                if code is not None:
                    f["cause_code"] = code
            outcome = "error"
        f["outcome"] = outcome
        try:
            self._on_end(f)
        except Exception:
            _logger.error("claude-errors: recording the end of a stream failed", exc_info=True)


def _take(into: Dict[str, Any], key: str, value: Any, kind: type) -> None:
    if isinstance(value, kind) and not isinstance(value, bool):
        into[key] = value


class _Watched:
    """What the sync and async wrappers share: the wrapped stream, its scan, the end when dropped."""

    def __init__(self, inner: Any, scan: StreamScan) -> None:
        self._inner = inner
        self._scan = scan

    def __getattr__(self, name: str) -> Any:
        # Anything else is the wrapped stream's: httpx2's Response.elapsed reads `stream.elapsed`.
        if name in ("_inner", "_scan"):
            raise AttributeError(name)
        return getattr(self._inner, name)

    def _read_failed(self, err: BaseException) -> None:
        self._scan.end("cancelled" if is_cancel(err) else S.ERROR_TYPE_STREAM_INTERRUPTED, err)

    def _reading(self) -> "_Reading":
        return _Reading(self._scan, self._read_failed)

    def __del__(self) -> None:
        # The app dropped the response without reading it to its end or closing it.
        scan = self.__dict__.get("_scan")
        if scan is not None:
            scan.end("cancelled")


class _Reading:
    """The `with` around one read of the body, sync or async.

    A read that fails ends the scan (cancelled, or stream_interrupted with the error); a read to the
    body's end ends it as stream_interrupted (a no-op after message_stop or an error event). The app
    leaving the iteration (GeneratorExit) ends nothing here: close() or dropping the wrapper does.
    Exceptions always go on to the app.
    """

    __slots__ = ("_scan", "_failed")

    def __init__(self, scan: StreamScan, failed: Callable[[BaseException], None]) -> None:
        self._scan = scan
        self._failed = failed

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: Optional[Type[BaseException]], err: Optional[BaseException], tb: Optional[TracebackType]) -> None:
        if err is None:
            self._scan.end(S.ERROR_TYPE_STREAM_INTERRUPTED)
        elif not isinstance(err, GeneratorExit):
            self._failed(err)


def make_stream_classes(sync_base: type, async_base: type) -> "tuple[type, type]":
    """Wrappers of an httpx-like library's SyncByteStream and AsyncByteStream (httpx, httpx2)."""

    class WatchedSyncStream(_Watched, sync_base):  # type: ignore[misc]
        def __iter__(self) -> Iterator[bytes]:
            scan = self._scan
            with self._reading():
                for chunk in self._inner:
                    scan.feed(chunk)
                    yield chunk

        def close(self) -> None:
            self._scan.end("cancelled")
            self._inner.close()

    class WatchedAsyncStream(_Watched, async_base):  # type: ignore[misc]
        async def __aiter__(self) -> AsyncIterator[bytes]:
            scan = self._scan
            with self._reading():
                async for chunk in self._inner:
                    scan.feed(chunk)
                    yield chunk

        async def aclose(self) -> None:
            self._scan.end("cancelled")
            await self._inner.aclose()

    return WatchedSyncStream, WatchedAsyncStream
