"""Microsoft Foundry, Claude Platform on AWS and Bedrock Mantle clients of the anthropic SDK are
recorded with their platform, against the fake API (its /anthropic prefix stands for the Foundry and
Mantle base URLs)."""

from __future__ import annotations

import anthropic
import pytest

from claude_errors_instrumentation_anthropic import _semconv as S
from claude_errors_instrumentation_anthropic._request import platform_of
from conftest import QUICK, attempts, only_call, overloaded, success

MESSAGES = [{"role": "user", "content": "hi"}]


def clients(url: str):
    if not hasattr(anthropic, "AnthropicFoundry"):
        pytest.skip(f"anthropic {anthropic.__version__} has no Foundry, AWS or Mantle client")
    return [
        ("foundry", anthropic.AnthropicFoundry(api_key="foundry-key-SECRET", base_url=f"{url}/anthropic/", max_retries=1), "/anthropic/v1/messages"),
        ("aws", anthropic.AnthropicAWS(api_key="aws-key-SECRET", workspace_id="wrkspc_test", aws_region="us-west-2", base_url=url, max_retries=1), "/v1/messages"),
        ("bedrock_mantle", anthropic.AnthropicBedrockMantle(api_key="mantle-key-SECRET", aws_region="us-east-1", base_url=f"{url}/anthropic", max_retries=1), "/anthropic/v1/messages"),
    ]


def test_platform_clients_a_529_rescued_by_a_retry(api, spans, mode):
    for platform, client, path in clients(api.url):
        api.reset()
        spans.clear()
        api.enqueue(overloaded(**QUICK), success())
        client.messages.create(model="claude-haiku-4-5", max_tokens=16, messages=MESSAGES)  # type: ignore[arg-type]
        assert [r["url"] for r in api.requests()] == [path, path]
        span = only_call(spans)
        assert span.attributes[S.ANTHROPIC_PLATFORM] == platform
        assert span.attributes[S.ANTHROPIC_OUTCOME] == "success"
        assert [a[S.HTTP_RESPONSE_STATUS_CODE] for a in attempts(span)] == [529, 200]
        assert "SECRET" not in repr(dict(span.attributes)) + repr([e.attributes for e in span.events])


@pytest.mark.parametrize(
    "name, url, platform",
    [
        ("anthropicbedrockmantle", "", "bedrock_mantle"),
        ("anthropic", "https://bedrock-mantle.us-east-1.api.aws/anthropic", "bedrock_mantle"),
        ("anthropicbedrock", "", "bedrock"),
        ("asyncanthropicfoundry", "", "foundry"),
        ("anthropic", "https://res.services.ai.azure.com/anthropic/", "foundry"),
        ("asyncanthropicaws", "", "aws"),
        ("anthropic", "https://aws-external-anthropic.us-west-2.api.aws", "aws"),
        ("anthropic", "https://api.anthropic.com", "first_party"),
    ],
)
def test_platform_of(name, url, platform):
    assert platform_of(name, url) == platform
