"""The project's one secret scrubber (instrumentation/src/secret-scrub.ts), ported to Python.

Every string this instrumentation records passes through ``scrub_secrets``, which replaces anything
shaped like a credential by ``[REDACTED:<kind>]``. The detectors, their order and their markers are
those of the TypeScript original; test/interop/python-instrumentation.test.ts runs one corpus through
both and fails when they disagree. Patterns are ASCII (as JavaScript's ``\\b`` and classes are) and
bounded, so each runs in linear time.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Callable, List, Pattern, Tuple

REDACTED_PREFIX = "[REDACTED:"
_A = re.ASCII


def _marker(kind: str) -> str:
    return f"{REDACTED_PREFIX}{kind}]"


_STRONG_WORDS = r"password|passwd|pwd|passphrase|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|authorization|cookie|credentials?"
_WEAK_WORDS = r"key|sig|signature|session|sessionid|session[_-]?id|auth|jwt"
_STRONG_NAME = re.compile(rf"(?:^|[_.-])(?:{_STRONG_WORDS})$", re.I | _A)
_STRONG_CAMEL = re.compile(r"[a-z0-9](?:Password|Passwd|Passphrase|Secret|Token|ApiKey|Apikey|AccessKey|PrivateKey|Authorization|Cookie|Credentials?)$", _A)
_WEAK_NAME = re.compile(rf"(?:^|[_.-])(?:{_WEAK_WORDS})$", re.I | _A)
_WEAK_CAMEL = re.compile(r"[a-z0-9](?:Key|Sig|Signature|Session|SessionId|Auth|Jwt)$", _A)


def is_strong_secret_name(name: str) -> bool:
    return bool(_STRONG_NAME.search(name) or _STRONG_CAMEL.search(name))


def is_secret_name(name: str) -> bool:
    return is_strong_secret_name(name) or bool(_WEAK_NAME.search(name) or _WEAK_CAMEL.search(name))


_PROSE_AFTER_SCHEME = re.compile(r"^(?:authentication|authorization|credentials?|required|expected|provided|instead)$", re.I | _A)


def _token_like(v: str) -> bool:
    if not re.fullmatch(r"[a-z]+", v):
        return True
    return len(v) >= 12 and not _PROSE_AFTER_SCHEME.match(v)


def _basic_like(v: str) -> bool:
    """Basic credentials are base64 of user:password (decoded as the browser's atob would)."""
    body = v.rstrip("=")
    if len(body) % 4 == 1 or "=" in body:
        return _token_like(v)
    try:
        return b":" in base64.b64decode(body + "=" * (-len(body) % 4), validate=True)
    except (binascii.Error, ValueError):
        return _token_like(v)


def _sub(pattern: Pattern[str], repl: Callable[["re.Match[str]"], str]) -> Callable[[str], str]:
    return lambda text: pattern.sub(repl, text)


def _fixed(pattern: str, kind: str, flags: int = 0) -> Callable[[str], str]:
    compiled = re.compile(pattern, flags | _A)
    return lambda text: compiled.sub(_marker(kind), text)


def _bearer(m: "re.Match[str]") -> str:
    scheme, space, value = m.group(1), m.group(2), m.group(3)
    basic = scheme.lower() == "basic"
    if not (_basic_like(value) if basic else _token_like(value)):
        return m.group(0)
    return f"{scheme}{space}{_marker('basic-credentials' if basic else 'bearer-token')}"


def _quoted(m: "re.Match[str]") -> str:
    opening, name, mid, value = m.group(1), m.group(2), m.group(3), m.group(4)
    # A bare "key" is left alone here: OTLP JSON and many maps are lists of {"key": "<name>", "value": ...}.
    if is_secret_name(name) and name.lower() != "key" and not value.startswith(REDACTED_PREFIX):
        return f"{opening}{name}{mid}{_marker('secret')}"
    return m.group(0)


_PAIR_NAMES = re.compile(r"\b([A-Za-z][A-Za-z0-9_.-]{0,63})(\s{0,4}[:=]\s{0,4}\\{0,4}[\"']?)", _A)
_QUERY_VALUE = re.compile(r"[^\s\"'\\,;&<>(){}\[\]]{1,4096}", _A)
_COLON_VALUE = re.compile(r"[^\s\"'\\,;<>(){}\[\]]{1,4096}", _A)
_SCHEME_WORD = re.compile(r"^(?:bearer|basic)$", re.I | _A)


def _scrub_pairs(text: str) -> str:
    """name=value and name: value pairs, judged by name; the scan moves on after each separator."""
    out: List[str] = []
    copied = 0
    pos = 0
    while True:
        m = _PAIR_NAMES.search(text, pos)
        if m is None:
            break
        pos = m.end() if m.end() > m.start() else m.start() + 1
        name, sep = m.group(1), m.group(2)
        value_at = m.end()
        query = "=" in sep
        if not (is_secret_name(name) if query else is_strong_secret_name(name)):
            continue
        v = (_QUERY_VALUE if query else _COLON_VALUE).match(text, value_at)
        if v is None or _SCHEME_WORD.match(v.group(0)):
            continue
        out.append(text[copied:value_at] + _marker("secret"))
        copied = value_at + len(v.group(0))
        pos = copied
    return text if copied == 0 else "".join(out) + text[copied:]


# The detectors of instrumentation/src/secret-scrub.ts, in its order: vendor formats first, then structural forms.
_DETECTORS: Tuple[Callable[[str], str], ...] = (
    _fixed(r"sk-ant-[A-Za-z0-9_-]{1,4096}", "anthropic-key"),
    _fixed(r"\bsk-[A-Za-z0-9_-]{20,4096}", "openai-key"),
    _fixed(r"\b(?:gh[opsur]_[A-Za-z0-9]{20,255}|github_pat_[A-Za-z0-9_]{20,255})", "github-token"),
    _fixed(r"\bxox[abeprs]-[A-Za-z0-9-]{8,255}", "slack-token"),
    _fixed(r"\bAIza[0-9A-Za-z_-]{35}", "google-api-key"),
    _fixed(r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b", "aws-access-key-id"),
    _fixed(r"\beyJ[A-Za-z0-9_-]{4,1024}\.eyJ[A-Za-z0-9_-]{4,8192}\.[A-Za-z0-9_-]{0,2048}", "jwt"),
    _sub(
        re.compile(r"\b([A-Za-z][A-Za-z0-9+.-]{0,31}://)[^\s/?#@\"'<>\\]{1,1024}@", _A),
        lambda m: f"{m.group(1)}{_marker('url-credentials')}@",
    ),
    _sub(re.compile(r"\b(Bearer|Basic)(\s{1,8})([A-Za-z0-9._~+/=-]{8,4096})", re.I | _A), _bearer),
    _sub(
        re.compile(r"\b(aws[_-]?secret[_-]?access[_-]?key|aws[_-]?secret[_-]?key|secret[_-]?access[_-]?key)([\s\"':=\\]{1,16})[A-Za-z0-9/+=]{16,128}", re.I | _A),
        lambda m: f"{m.group(1)}{m.group(2)}{_marker('aws-secret-key')}",
    ),
    _sub(re.compile(r"(\\{0,4}[\"'])([A-Za-z0-9_.-]{1,64})(\\{0,4}[\"']\s{0,8}:\s{0,8}\\{0,4}[\"'])([^\"'\\\n]{1,4096})", _A), _quoted),
    _scrub_pairs,
)

_MAYBE_SECRET_CHAR = re.compile(r"[-:=@\"'AJB]|gh[opsur]_|github_pat_|bearer|basic|secret", _A)
_MAYBE_SECRET = re.compile(
    r"sk-|AKIA|ASIA|AIza|gh[opsur]_|github_pat_|xox[abeprs]-|eyJ|bearer|basic|://[^\s/@]{1,1024}@|key|token|secret|pass|pwd|auth|session|cookie|credential|sig|jwt",
    re.I | _A,
)


def scrub_secrets(text: str) -> str:
    """``text`` with every detected secret replaced by its ``[REDACTED:<kind>]`` marker."""
    if not _MAYBE_SECRET_CHAR.search(text) or not _MAYBE_SECRET.search(text):
        return text
    for detector in _DETECTORS:
        text = detector(text)
    return text


def scrub_cut(text: str, max_chars: int) -> str:
    """Scrubbed, then cut to ``max_chars``; the scrub sees past the cut so no secret is left half."""
    if len(text) <= max_chars:
        return scrub_secrets(text)
    clean = scrub_secrets(text[: max_chars + 1024])
    return clean[:max_chars]

