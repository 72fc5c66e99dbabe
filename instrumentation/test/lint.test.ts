// Pre-flight lint: findings recorded on the span (lint: true) or thrown before sending (lint: 'throw').
import { afterEach, describe, expect, it } from 'vitest';
import { PARAMS, SDK_VERSIONS, harness, type Harness } from './helpers.js';
import { lintMessagesRequest, PreflightLintError } from '../src/index.js';

const BAD = {
  model: 'claude-3-haiku-20240307',
  max_tokens: 5_000,
  messages: [
    { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get', input: {} }] },
    { role: 'user', content: [{ type: 'text', text: '  ' }] },
  ],
  tools: [{ name: 'get', input_schema: { type: 'object', $defs: { a: { type: 'string' } }, properties: { x: { $ref: '#/$defs/a' } } } }],
};

describe('lintMessagesRequest', () => {
  it('finds each rule the catalog knows', () => {
    expect(lintMessagesRequest(BAD)).toEqual([
      'first_message_not_user: messages[0].role is "assistant"',
      'empty_text_block: messages[1].content[0] is empty',
      'tool_use_without_tool_result: toolu_1 in messages[0] has no tool_result in messages[1]',
      'max_tokens_above_model_limit: max_tokens 5000 > 4096 for claude-3-haiku-20240307',
      'tool_schema_ref: tool get input_schema uses $ref/$defs',
    ]);
  });

  it('finds nothing in a good request, including a matched tool_use and a trailing assistant prefill', () => {
    expect(
      lintMessagesRequest({
        ...PARAMS,
        messages: [
          { role: 'user', content: 'weather?' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'w', input: {} }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'sunny' }] },
          { role: 'assistant', content: 'It is' },
        ],
      }),
    ).toEqual([]);
  });
});

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe.each(SDK_VERSIONS)('lint on SDK $label', (v) => {
  it('lint: true records findings and still sends the request', async () => {
    h = await harness({ lint: true });
    h.api.setHandler(() => ({ kind: 'error', status: 400, type: 'invalid_request_error', message: 'messages: first message must use the "user" role' }));
    const client = await h.client(v);
    await client.messages.create(BAD).catch(() => undefined);
    const [span] = await h.waitForSpans(1);
    expect(h.api.requests).toHaveLength(1);
    expect(span!.attributes['anthropic.lint.findings']).toEqual(lintMessagesRequest(BAD));
  });

  it("lint: 'throw' rejects before sending, with a coded error, and records it", async () => {
    h = await harness({ lint: 'throw' });
    const client = await h.client(v);
    const err = await client.messages.create(BAD).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PreflightLintError);
    expect((err as PreflightLintError).code).toBe('CE_ERR_PREFLIGHT_LINT');
    expect(h.api.requests).toHaveLength(0);
    await h.errorSpan('preflight_lint_error', { 'anthropic.attempt.count': 0 });
    // A good request still goes through.
    await expect(client.messages.create(PARAMS)).resolves.toMatchObject({ type: 'message' });
  });

  it('lint is off by default', async () => {
    h = await harness();
    const client = await h.client(v);
    await client.messages.create(BAD).catch(() => undefined);
    const [span] = await h.waitForSpans(1);
    expect(span!.attributes['anthropic.lint.findings']).toBeUndefined();
  });
});
