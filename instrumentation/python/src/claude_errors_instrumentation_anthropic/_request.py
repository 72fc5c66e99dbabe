"""Facts about a call from the SDK's request options and client (duck-typed, any SDK version)."""

from __future__ import annotations

import re
import sys
from typing import Any, Dict, Mapping, Optional, Tuple

from . import _semconv as S

_ROUTES: Tuple[Tuple[str, "re.Pattern[str]", str], ...] = tuple(
    (method, re.compile(pattern), name)
    for method, pattern, name in (
        ("POST", r"^/v1/messages$", "messages.create"),
        ("POST", r"^/v1/messages/count_tokens$", "messages.count_tokens"),
        ("POST", r"^/v1/messages/batches$", "messages.batches.create"),
        ("GET", r"^/v1/messages/batches$", "messages.batches.list"),
        ("GET", r"^/v1/messages/batches/[^/]+$", "messages.batches.retrieve"),
        ("GET", r"^/v1/messages/batches/[^/]+/results$", "messages.batches.results"),
        ("POST", r"^/v1/messages/batches/[^/]+/cancel$", "messages.batches.cancel"),
        ("DELETE", r"^/v1/messages/batches/[^/]+$", "messages.batches.delete"),
        ("GET", r"^/v1/models$", "models.list"),
        ("GET", r"^/v1/models/[^/]+$", "models.retrieve"),
        ("POST", r"^/v1/complete$", "completions.create"),
    )
)


def operation_of(method: str, path: str, beta: bool, helper: Optional[str]) -> Tuple[str, str]:
    """(anthropic.operation, gen_ai.operation.name) for a request, as the Node package names them."""
    upper = method.upper()
    bare = path.split("?")[0]
    found = next((name for m, pattern, name in _ROUTES if m == upper and pattern.match(bare)), None)
    name = found or f"{upper.lower()} {bare}"
    if name == "messages.create" and helper == "stream":
        name = "messages.stream"
    if beta and found:
        name = f"beta.{name}"
    if name.endswith("messages.create") or name.endswith("messages.stream"):
        return name, "chat"
    return name, "text_completion" if name == "completions.create" else name


def _header(headers: Any, name: str) -> Optional[str]:
    if not isinstance(headers, Mapping):
        return None
    for key, value in headers.items():
        if isinstance(key, str) and key.lower() == name and isinstance(value, str):
            return value
    return None


class RequestInfo:
    """What the call's request options say: operation, model, max_tokens, stream."""

    __slots__ = ("operation", "gen_ai_operation", "model", "max_tokens", "stream")

    def __init__(self, options: Any, stream: bool) -> None:
        method = str(getattr(options, "method", "get"))
        path = str(getattr(options, "url", ""))
        body = getattr(options, "json_data", None)
        body = body if isinstance(body, Mapping) else {}
        headers = getattr(options, "headers", None)
        params = getattr(options, "params", None)
        beta = (
            "beta=" in path
            or (isinstance(params, Mapping) and "beta" in params)
            or _header(headers, "anthropic-beta") is not None
        )
        # messages.stream(): `x-stainless-helper-method: stream` (1.x and later), `x-stainless-stream-helper` (0.x)
        helper = "stream" if _header(headers, "x-stainless-stream-helper") else _header(headers, "x-stainless-helper-method")
        self.operation, self.gen_ai_operation = operation_of(method, path, beta, helper)
        self.stream = bool(stream) or body.get("stream") is True
        model = body.get("model")
        self.model: Optional[str] = model if isinstance(model, str) else None
        max_tokens = body.get("max_tokens")
        self.max_tokens: Optional[int] = max_tokens if isinstance(max_tokens, int) and not isinstance(max_tokens, bool) else None

    def span_name(self) -> str:
        if self.model is not None and self.gen_ai_operation in ("chat", "text_completion"):
            return f"{self.gen_ai_operation} {self.model}"
        return f"anthropic.{self.operation}"

    def start_attributes(self, client: Any) -> Dict[str, Any]:
        attrs: Dict[str, Any] = {
            S.GEN_AI_OPERATION_NAME: self.gen_ai_operation,
            S.GEN_AI_PROVIDER_NAME: S.PROVIDER_ANTHROPIC,
            S.ANTHROPIC_OPERATION: self.operation,
        }
        if self.model is not None:
            attrs[S.GEN_AI_REQUEST_MODEL] = self.model
        if self.max_tokens is not None:
            attrs[S.GEN_AI_REQUEST_MAX_TOKENS] = self.max_tokens
        if self.gen_ai_operation in ("chat", "text_completion"):
            attrs[S.GEN_AI_REQUEST_STREAM] = self.stream
        attrs.update(client_attributes(client))
        return attrs


def client_attributes(client: Any) -> Dict[str, Any]:
    """server.address/port, anthropic.platform and anthropic.sdk.version of a client."""
    attrs: Dict[str, Any] = {}
    base_url = getattr(client, "base_url", None)
    host = getattr(base_url, "host", None)
    if isinstance(host, str) and host:
        attrs[S.SERVER_ADDRESS] = host
        port = getattr(base_url, "port", None)
        attrs[S.SERVER_PORT] = port if isinstance(port, int) else 443 if getattr(base_url, "scheme", "") == "https" else 80
    attrs[S.ANTHROPIC_PLATFORM] = platform_of(type(client).__name__.lower(), str(base_url or ""))
    version = sdk_version(client)
    if version:
        attrs[S.ANTHROPIC_SDK_VERSION] = version
    return attrs


def platform_of(name: str, url: str) -> str:
    """anthropic.platform from the client's class name (lower case) or base URL, as the Node package
    names it: Bedrock Mantle (AnthropicBedrockMantle, bedrock-mantle.{region}.api.aws) before
    Bedrock, Microsoft Foundry (AnthropicFoundry, *.services.ai.azure.com) and Claude Platform on
    AWS (AnthropicAWS, aws-external-anthropic.{region}.api.aws)."""
    if "mantle" in name or "bedrock-mantle." in url:
        return "bedrock_mantle"
    if "bedrock" in name or "bedrock-runtime" in url:
        return "bedrock"
    if "vertex" in name or "aiplatform.googleapis.com" in url:
        return "vertex"
    if "foundry" in name or ".services.ai.azure.com" in url:
        return "foundry"
    if name.endswith("anthropicaws") or "aws-external-anthropic." in url:
        return "aws"
    return "first_party"


def sdk_version(client: Any) -> Optional[str]:
    """The version of the anthropic package the client's class comes from."""
    for cls in type(client).__mro__:
        root = cls.__module__.split(".")[0]
        if root == "anthropic":
            version = getattr(sys.modules.get("anthropic"), "__version__", None)
            return version if isinstance(version, str) else None
    return None
