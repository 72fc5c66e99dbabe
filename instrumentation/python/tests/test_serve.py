"""End to end: a Python app instrumented with AnthropicInstrumentor exports OTLP to `claude-errors serve`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from typing import Any, Callable

from conftest import QUICK, REPO, overloaded, success

APP = REPO / "examples" / "python" / "app.py"


def eventually(fetch: Callable[[], Any], ok: Callable[[Any], bool], timeout: float = 20.0) -> Any:
    deadline = time.time() + timeout
    value = fetch()
    while not ok(value) and time.time() < deadline:
        time.sleep(0.1)
        value = fetch()
    return value


def run_app(api, serve, service: str, *argv: str, cmd: Any = None) -> dict:
    env = {
        **os.environ,
        "ANTHROPIC_API_KEY": "sk-ant-api03-python-serve-secret-0000",
        "ANTHROPIC_BASE_URL": api.url,
        "OTEL_EXPORTER_OTLP_ENDPOINT": serve.otlp,
        "OTEL_SERVICE_NAME": service,
    }
    res = subprocess.run(cmd or [sys.executable, str(APP), *argv], env=env, capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stdout + res.stderr
    return json.loads(res.stdout.strip().splitlines()[-1])


def test_three_attempts_two_retried_away_reach_the_analyzer(api, serve):
    """The done-when scenario of issue 13: 529, 529, then 200 for one call."""
    api.enqueue(overloaded(**QUICK), overloaded(**QUICK), success())
    service = f"py-instr-{uuid.uuid4().hex[:8]}"
    assert run_app(api, serve, service, "a secret prompt")["ok"] is True
    request_ids = [r["requestId"] for r in api.requests()]
    assert len(request_ids) == 3

    q = f"from=-1h&service={service}"
    summary = eventually(lambda: serve.get(f"/api/v1/summary?{q}"), lambda s: s["total_attempts"] >= 3)
    assert summary["total_calls"] == 1
    assert summary["failed_calls"] == 0
    assert summary["total_attempts"] == 3
    assert summary["failed_attempts"] == 2  # the two 529s the SDK's retries rescued
    (overload,) = [c for c in summary["by_catalog"] if c["catalog_id"] == "overloaded"]
    assert (overload["failed_calls"], overload["failed_attempts"]) == (0, 2)

    failed = serve.get(f"/api/v1/errors?{q}&kind=attempt&limit=100")["rows"]
    assert sorted(r["request_id"] for r in failed) == sorted(request_ids[:2])
    for r in failed:
        assert (r["status"], r["error_type"], r["catalog_id"], r["source"], r["sdk"]) == (529, "overloaded_error", "overloaded", "claude-errors", "anthropic")
    detail = serve.get(f"/api/v1/errors/{failed[0]['trace_id']}/{failed[0]['span_id']}")
    assert [a["request_id"] for a in detail["attempts"]] == request_ids
    assert [a["status"] for a in detail["attempts"]] == [529, 529, 200]
    assert detail["call"]["outcome"] == "success"
    assert detail["call"]["attempts"] == 3
    everything = json.dumps([summary, failed, detail])
    assert "python-serve-secret" not in everything and "a secret prompt" not in everything


def test_opentelemetry_instrument_loads_it_from_the_entry_point(api, serve, tmp_path):
    """`opentelemetry-instrument python app.py`: no code change in the app, the entry point does it."""
    script = tmp_path / "plain_app.py"
    script.write_text(
        "import anthropic, json\n"
        "client = anthropic.Anthropic(max_retries=2)\n"
        "m = client.messages.create(model='claude-sonnet-4-5', max_tokens=8, messages=[{'role': 'user', 'content': 'hi'}])\n"
        "print(json.dumps({'ok': True, 'id': m.id}))\n"
    )
    api.enqueue(overloaded(**QUICK), success())
    service = f"py-auto-{uuid.uuid4().hex[:8]}"
    bindir = os.path.dirname(sys.executable)
    cmd = [os.path.join(bindir, "opentelemetry-instrument"), "--traces_exporter", "otlp_proto_http", "--metrics_exporter", "none",
           "--logs_exporter", "none", "--service_name", service, sys.executable, str(script)]
    assert run_app(api, serve, service, cmd=cmd)["ok"] is True
    q = f"from=-1h&service={service}"
    summary = eventually(lambda: serve.get(f"/api/v1/summary?{q}"), lambda s: s["total_attempts"] >= 2)
    assert (summary["total_calls"], summary["total_attempts"], summary["failed_attempts"]) == (1, 2, 1)
