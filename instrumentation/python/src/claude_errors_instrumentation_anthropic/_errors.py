"""Turns what a call or an attempt failed with into recorded facts (duck-typed: works for every SDK version)."""

from __future__ import annotations

import asyncio
import errno
import json
from typing import Any, Dict, Mapping, Optional

from . import _semconv as S
from ._scrub import scrub_secrets

RAW_BODY_CHARS = 512


def scrub(text: str) -> str:
    """Removes credentials with the project's one secret scrubber (_scrub.py)."""
    return scrub_secrets(text)


def as_dict(value: Any) -> Dict[str, Any]:
    """``value`` when it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}


def envelope_facts(body: Any) -> Dict[str, str]:
    """The Anthropic error envelope {"type":"error","error":{"type","message","details":{"error_code"}},"request_id"},
    Vertex's {"error":{"status","message"}} or Bedrock's {"message"}: type, message, error_code, request_id."""
    out: Dict[str, str] = {}
    if not isinstance(body, dict):
        return out
    inner = body.get("error")
    inner = inner if isinstance(inner, dict) else {}
    if isinstance(inner.get("type"), str):
        out["type"] = inner["type"]
    elif isinstance(inner.get("status"), str):
        out["type"] = inner["status"]
    details = inner.get("details")
    if isinstance(details, dict) and isinstance(details.get("error_code"), str):
        out["error_code"] = details["error_code"]
    for holder, key in ((inner, "message"), (body, "message"), (body, "Message")):
        if isinstance(holder.get(key), str):
            out["message"] = holder[key]
            break
    if isinstance(body.get("request_id"), str):
        out["request_id"] = body["request_id"]
    return out


def body_facts(content: bytes) -> Dict[str, str]:
    """Facts from an error body: its envelope, else its first 512 characters as the message."""
    text = content.decode("utf-8", "replace")
    try:
        facts = envelope_facts(json.loads(text))
    except ValueError:
        facts = {}
    if "message" not in facts and text:
        facts["message"] = text[:RAW_BODY_CHARS]
    return facts


def amazon_error_type(headers: Mapping[str, str]) -> Optional[str]:
    """Bedrock's `x-amzn-errortype: ThrottlingException:http://…` → ThrottlingException."""
    value = headers.get("x-amzn-errortype")
    return value.split(":")[0] if value else None


def cause_code(err: BaseException) -> Optional[str]:
    """The first errno name along the cause chain: ECONNREFUSED, ECONNRESET, ETIMEDOUT, …"""
    seen = 0
    e: Optional[BaseException] = err
    while e is not None and seen < 8:
        if isinstance(e, OSError) and isinstance(e.errno, int) and e.errno in errno.errorcode:
            return errno.errorcode[e.errno]
        e = e.__cause__ or e.__context__
        seen += 1
    return None


def _is_timeout(err: BaseException) -> bool:
    name = type(err).__name__
    return name in ("APITimeoutError", "TimeoutError") or name.endswith("Timeout") or name == "TimeoutException"


def is_cancel(err: BaseException) -> bool:
    return isinstance(err, (asyncio.CancelledError, KeyboardInterrupt, GeneratorExit))


def attempt_failure(err: BaseException) -> Dict[str, Any]:
    """Attributes of an attempt that got no response: refused, reset, timed out, cancelled."""
    attrs: Dict[str, Any] = {S.EXCEPTION_TYPE: type(err).__name__, S.EXCEPTION_MESSAGE: scrub(str(err))}
    if is_cancel(err):
        attrs[S.ATTEMPT_OUTCOME] = "cancelled"
    else:
        attrs[S.ATTEMPT_OUTCOME] = "error"
        attrs[S.ERROR_TYPE] = S.ERROR_TYPE_TIMEOUT if _is_timeout(err) else S.ERROR_TYPE_CONNECTION
    code = cause_code(err)
    if code is not None:
        attrs[S.ANTHROPIC_EXCEPTION_CAUSE_CODE] = code
    return attrs


def call_failure(err: BaseException) -> Dict[str, Any]:
    """Facts of the error a call raised: outcome, error_type, anthropic_type, message, status, request_id,
    exception_type, cause_code (keys as in CallFacts)."""
    facts: Dict[str, Any] = {"exception_type": type(err).__name__}
    if is_cancel(err):
        facts["outcome"] = "cancelled"
        return facts
    facts["outcome"] = "error"
    code = cause_code(err)
    if code is not None:
        facts["cause_code"] = code
    status = getattr(err, "status_code", None)
    response = getattr(err, "response", None)
    if isinstance(status, int):
        facts["status"] = status
        env = envelope_facts(getattr(err, "body", None))
        headers = getattr(response, "headers", None) or {}
        request_id = headers.get("request-id") or headers.get("x-amzn-requestid") or env.get("request_id")
        if request_id:
            facts["request_id"] = request_id
        kind = env.get("type") or amazon_error_type(headers)
        if kind:
            facts["anthropic_type"] = kind
        code = getattr(err, "error_code", None) or env.get("error_code")  # APIError.error_code: SDK >= 2.x
        if isinstance(code, str):
            facts["error_code"] = code
        facts["error_type"] = kind or str(status)
        facts["message"] = scrub(env.get("message") or str(getattr(err, "message", err)))
        return facts
    facts["message"] = scrub(str(getattr(err, "message", None) or err))
    if _is_timeout(err):
        facts["error_type"] = S.ERROR_TYPE_TIMEOUT
    elif type(err).__name__ == "APIConnectionError":
        facts["error_type"] = S.ERROR_TYPE_CONNECTION
    elif "credential" in str(err).lower():
        facts["error_type"] = S.ERROR_TYPE_CREDENTIALS
    else:
        facts["error_type"] = S.ERROR_TYPE_CLIENT
    return facts
