"""CPU cost per call of this instrumentation, against the repository's fake Claude API.

    npx tsc -b test                                    # builds the fake API
    python instrumentation/python/bench/overhead.py [--rounds 15] [--calls 100] [--canned]

`--canned` answers from an in-process transport (the HTTP library's MockTransport) with canned
bodies instead of the fake API over a socket: no network, so a steadier view of this package's own
cost (the same idea as the Node package's bench/canned-fetch.mjs).

Modes, run in interleaved rounds (each round runs every mode once, in a rotated order, so drift
of the machine hits all modes alike): the bare SDK; this package making its own span; and on SDK
versions with their own tracing, the SDK's span alone and the SDK's span enriched by this package.
Spans go to a tracer provider whose exporter drops them, so the figure is the cost of recording,
not of exporting. The measure is this Python process's CPU time (the fake API runs in another
process), per call, the median over rounds, for non-streamed and streamed messages.create.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import anthropic
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor, SpanExporter, SpanExportResult

from claude_errors_instrumentation_anthropic import AnthropicInstrumentor

REPO = Path(__file__).resolve().parents[3]
ARGS = dict(model="claude-sonnet-4-5", max_tokens=64, messages=[{"role": "user", "content": "bench"}])


class DropExporter(SpanExporter):
    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        return SpanExportResult.SUCCESS


def start_fake_api() -> "tuple[Optional[subprocess.Popen[str]], str]":
    node = os.environ.get("NODE", shutil.which("node") or "node")
    proc = subprocess.Popen([node, str(REPO / "test" / "dist" / "fake-api" / "cli.js")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline() if proc.stdout else ""
    if not line:
        sys.exit("the fake API did not start: build it with `npx tsc -b test`")
    return proc, json.loads(line)["url"]


def has_native_tracing() -> bool:
    try:
        import anthropic._tracing  # noqa: F401
    except ImportError:
        return False
    return True


MESSAGE = json.dumps({
    "id": "msg_bench", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
    "content": [{"type": "text", "text": "Hello from the canned transport."}], "stop_reason": "end_turn",
    "stop_sequence": None, "usage": {"input_tokens": 12, "output_tokens": 8},
}).encode()


def _sse(event: str, data: Dict[str, object]) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n".encode()


STREAM = [
    _sse("message_start", {"type": "message_start", "message": {**json.loads(MESSAGE), "content": [], "stop_reason": None, "usage": {"input_tokens": 12, "output_tokens": 1}}}),
    _sse("content_block_start", {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}),
    *[_sse("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": t}}) for t in ("Hello ", "from ", "canned.")],
    _sse("content_block_stop", {"type": "content_block_stop", "index": 0}),
    _sse("message_delta", {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None}, "usage": {"output_tokens": 8}}),
    _sse("message_stop", {"type": "message_stop"}),
]


def canned_http_client() -> object:
    """An HTTP client of the SDK's own library whose transport answers in-process, one chunk per event."""
    try:
        import httpx2 as lib  # type: ignore[import-not-found]
    except ImportError:
        import httpx as lib

    def handle(request: object) -> object:
        body = json.loads(getattr(request, "content") or b"{}")
        headers = {"request-id": "req_bench", "anthropic-ratelimit-requests-remaining": "49"}
        if body.get("stream"):
            return lib.Response(200, headers={**headers, "content-type": "text/event-stream"}, content=iter(STREAM))
        return lib.Response(200, headers={**headers, "content-type": "application/json"}, content=MESSAGE)

    return lib.Client(transport=lib.MockTransport(handle))


def make_client(url: str, native: bool, canned: bool) -> anthropic.Anthropic:
    # The SDK reads ANTHROPIC_OPEN_TELEMETRY when a client is made.
    os.environ["ANTHROPIC_OPEN_TELEMETRY"] = "true" if native else "false"
    extra = {"http_client": canned_http_client()} if canned else {}
    return anthropic.Anthropic(api_key="sk-ant-api03-bench-0000", base_url=url, max_retries=0, **extra)  # type: ignore[arg-type]


def one_call(client: anthropic.Anthropic, stream: bool) -> None:
    if stream:
        for _ in client.messages.create(stream=True, **ARGS):  # type: ignore[call-overload]
            pass
    else:
        client.messages.create(**ARGS)  # type: ignore[call-overload]


def openllmetry() -> object:
    """OpenLLMetry's Anthropic instrumentor when it is installed (a peer to compare with), else None.

    Its content capture is turned off, as this package never records content."""
    os.environ.setdefault("TRACELOOP_TRACE_CONTENT", "false")
    try:
        from opentelemetry.instrumentation.anthropic import AnthropicInstrumentor as Peer  # type: ignore[import-not-found]
    except ImportError:
        return None
    return Peer()


def toggle(instrumentor: object, provider: TracerProvider, on: bool) -> None:
    if instrumentor is None:
        return
    if on:
        instrumentor.instrument(tracer_provider=provider)  # type: ignore[attr-defined]
    else:
        instrumentor.uninstrument()  # type: ignore[attr-defined]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--calls", type=int, default=100)
    parser.add_argument("--canned", action="store_true", help="in-process transport instead of the fake API")
    opts = parser.parse_args()

    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(DropExporter()))
    trace.set_tracer_provider(provider)
    instrumentor = AnthropicInstrumentor()
    proc, url = (None, "http://canned.invalid") if opts.canned else start_fake_api()

    modes: Dict[str, "tuple[bool, object]"] = {"bare SDK": (False, None), "this package (own span)": (False, instrumentor)}
    if has_native_tracing():
        modes["SDK's own tracing"] = (True, None)
        modes["SDK's own tracing + this package"] = (True, instrumentor)
    peer = openllmetry()
    if peer is not None:
        modes["OpenLLMetry (opentelemetry-instrumentation-anthropic)"] = (False, peer)
    clients = {name: make_client(url, native, opts.canned) for name, (native, _) in modes.items()}
    results: Dict[str, Dict[bool, List[float]]] = {name: {False: [], True: []} for name in modes}
    names = list(modes)
    try:
        for stream in (False, True):
            for name in names:  # warm-up
                toggle(modes[name][1], provider, True)
                for _ in range(20):
                    one_call(clients[name], stream)
                toggle(modes[name][1], provider, False)
            for r in range(opts.rounds):
                for name in names[r % len(names):] + names[: r % len(names)]:
                    toggle(modes[name][1], provider, True)
                    start = time.process_time()
                    for _ in range(opts.calls):
                        one_call(clients[name], stream)
                    results[name][stream].append((time.process_time() - start) / opts.calls * 1e6)
                    toggle(modes[name][1], provider, False)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait()

    print(f"anthropic {anthropic.__version__}, Python {platform.python_version()}, {platform.machine()}, "
          f"{os.cpu_count()} CPUs; {'canned transport' if opts.canned else 'fake API over a socket'}; "
          f"{opts.rounds} rounds x {opts.calls} calls per mode; median CPU µs per call\n")
    print("| mode | non-streamed | + vs bare | streamed (3 deltas) | + vs bare |")
    print("|---|---|---|---|---|")
    bare = {s: statistics.median(results["bare SDK"][s]) for s in (False, True)}
    for name in names:
        med = {s: statistics.median(results[name][s]) for s in (False, True)}
        print(f"| {name} | {med[False]:.0f} | {med[False] - bare[False]:+.0f} | {med[True]:.0f} | {med[True] - bare[True]:+.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
