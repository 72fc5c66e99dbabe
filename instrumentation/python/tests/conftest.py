"""Fixtures: the repo's fake Claude API and `claude-errors serve`, each a real process (Node, from
the repo's dist/; build with `npx tsc -b cli fake-api`), and spans captured in memory."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from claude_errors_instrumentation_anthropic import AnthropicInstrumentor
from claude_errors_instrumentation_anthropic import _semconv as S

REPO = Path(os.environ.get("CLAUDE_ERRORS_REPO", Path(__file__).resolve().parents[3]))
NODE = os.environ.get("NODE", shutil.which("node") or "node")


def _http(method: str, url: str, body: Any = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as res:
        return json.loads(res.read() or b"null")


class FakeApi:
    """The fake Claude API (fake-api/) as a process, scripted through its control port."""

    def __init__(self) -> None:
        cli = REPO / "fake-api" / "dist" / "cli.js"
        if not cli.exists():
            raise RuntimeError(f"{cli} is missing: build it with `npx tsc -b test`")
        self.proc = subprocess.Popen([NODE, str(cli)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline() if self.proc.stdout else ""
        if not line:
            raise RuntimeError("the fake API exited before it was ready")
        ready = json.loads(line)
        self.url: str = ready["url"]
        self.control: str = ready["control"]

    def enqueue(self, *fates: Dict[str, Any]) -> None:
        _http("POST", f"{self.control}/enqueue", list(fates))

    def reset(self) -> None:
        _http("POST", f"{self.control}/reset", {})

    def requests(self) -> List[Dict[str, Any]]:
        return _http("GET", f"{self.control}/requests")

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


# Shorthands as in fake-api/src/fates.ts.
def overloaded(**o: Any) -> Dict[str, Any]:
    return {"kind": "error", "status": 529, "type": "overloaded_error", "message": "Overloaded", **o}


def error(status: int, kind: str, **o: Any) -> Dict[str, Any]:
    return {"kind": "error", "status": status, "type": kind, **o}


def success(**o: Any) -> Dict[str, Any]:
    return {"kind": "success", **o}


QUICK = {"retryAfterMs": 5}


@pytest.fixture(scope="session")
def fake_api() -> Iterator[FakeApi]:
    api = FakeApi()
    yield api
    api.close()


@pytest.fixture
def api(fake_api: FakeApi) -> FakeApi:
    fake_api.reset()
    return fake_api


# One global provider for the session: the SDK's own spans (native tracing, SDK >= 1.14) go to it too.
_exporter = InMemorySpanExporter()
_provider = TracerProvider()
_provider.add_span_processor(SimpleSpanProcessor(_exporter))
trace.set_tracer_provider(_provider)


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    _exporter.clear()
    instrumentor = AnthropicInstrumentor()
    instrumentor.instrument(tracer_provider=_provider)
    yield _exporter
    instrumentor.uninstrument()
    _exporter.clear()


def has_native_tracing() -> bool:
    try:
        import anthropic._tracing  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(params=["own", "native"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """own: this package makes the call span; native: the SDK's own span (SDK >= 1.14) is enriched."""
    if request.param == "native":
        if not has_native_tracing():
            pytest.skip("this anthropic version has no native tracing")
        monkeypatch.delenv("ANTHROPIC_OPEN_TELEMETRY", raising=False)
    else:
        monkeypatch.setenv("ANTHROPIC_OPEN_TELEMETRY", "false")
    return str(request.param)


def call_spans(exporter: InMemorySpanExporter) -> List[ReadableSpan]:
    """The call spans: ours, or the SDK's enriched ones (never the HTTP client's)."""
    return [s for s in exporter.get_finished_spans() if S.ANTHROPIC_OUTCOME in (s.attributes or {})]


def only_call(exporter: InMemorySpanExporter, timeout: float = 5.0) -> ReadableSpan:
    deadline = time.time() + timeout
    while True:
        found = call_spans(exporter)
        if found or time.time() > deadline:
            break
        time.sleep(0.02)
    assert len(found) == 1, [s.name for s in exporter.get_finished_spans()]
    return found[0]


def attempts(span: ReadableSpan) -> List[Dict[str, Any]]:
    return [dict(e.attributes or {}) for e in span.events if e.name == S.ATTEMPT_EVENT]


class Serve:
    """`claude-errors serve` (collector + analyzer, embedded) as a process."""

    def __init__(self) -> None:
        self.data = tempfile.mkdtemp(prefix="ce-py-serve-")
        bin_ = REPO / "cli" / "bin" / "claude-errors.mjs"
        # Loopback only: no polling of the public status page from a test.
        env = {**os.environ, "CE_LOG_LEVEL": "warn", "CE_STATUS_FEED": "off"}
        self.proc = subprocess.Popen(
            [NODE, str(bin_), "serve", "--data", self.data, "--port", "0", "--otlp-port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
        )
        out = ""
        self.otlp: Optional[str] = None
        self.api: Optional[str] = None
        deadline = time.time() + 60
        while (self.otlp is None or self.api is None) and time.time() < deadline:
            line = self.proc.stdout.readline() if self.proc.stdout else ""
            if not line:
                raise RuntimeError(f"claude-errors serve exited:\n{out}")
            out += line
            m = re.search(r"OTLP/HTTP receiver: (http://\S+)/v1/traces", line)
            if m:
                self.otlp = m.group(1)
            m = re.search(r"API: +(http://\S+)/api/v1/summary", line)
            if m:
                self.api = m.group(1)
        if self.otlp is None or self.api is None:
            raise RuntimeError(f"claude-errors serve did not start:\n{out}")

    def get(self, path: str) -> Any:
        return _http("GET", f"{self.api}{path}")

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.data, ignore_errors=True)


@pytest.fixture(scope="session")
def serve() -> Iterator[Serve]:
    s = Serve()
    yield s
    s.close()
