// Every SDK surface gets a call span with its operation name and per-attempt detail.
import { describe, expect, it } from 'vitest';
import { fates } from '@claude-errors/testkit/fake-api';
import { PARAMS, SDK_VERSIONS, attemptEvents, useHarness, type AnyClient } from './helpers.js';

const h = useHarness();

interface Surface {
  operation: string;
  genAi: string;
  available(c: AnyClient): boolean;
  call(c: AnyClient): Promise<unknown>;
}

const PROMPT = { model: 'claude-2.1', max_tokens_to_sample: 10, prompt: '\n\nHuman: hi\n\nAssistant:' };

const SURFACES: Surface[] = [
  { operation: 'messages.create', genAi: 'chat', available: () => true, call: (c) => c.messages.create(PARAMS) },
  {
    operation: 'messages.count_tokens',
    genAi: 'messages.count_tokens',
    available: (c) => typeof c.messages.countTokens === 'function',
    call: (c) => c.messages.countTokens(PARAMS),
  },
  {
    operation: 'messages.batches.create',
    genAi: 'messages.batches.create',
    available: (c) => typeof c.messages.batches?.create === 'function',
    call: (c) => c.messages.batches.create({ requests: [{ custom_id: 'a', params: PARAMS }] }),
  },
  {
    operation: 'messages.batches.list',
    genAi: 'messages.batches.list',
    available: (c) => typeof c.messages.batches?.list === 'function',
    call: (c) => c.messages.batches.list(),
  },
  {
    operation: 'messages.batches.retrieve',
    genAi: 'messages.batches.retrieve',
    available: (c) => typeof c.messages.batches?.retrieve === 'function',
    call: (c) => c.messages.batches.retrieve('msgbatch_011CabcDEF'),
  },
  {
    operation: 'messages.batches.cancel',
    genAi: 'messages.batches.cancel',
    available: (c) => typeof c.messages.batches?.cancel === 'function',
    call: (c) => c.messages.batches.cancel('msgbatch_011CabcDEF'),
  },
  { operation: 'models.list', genAi: 'models.list', available: (c) => typeof c.models?.list === 'function', call: (c) => c.models.list() },
  {
    operation: 'models.retrieve',
    genAi: 'models.retrieve',
    available: (c) => typeof c.models?.retrieve === 'function',
    call: (c) => c.models.retrieve('claude-haiku-4-5'),
  },
  {
    operation: 'completions.create',
    genAi: 'text_completion',
    available: (c) => typeof c.completions?.create === 'function',
    call: (c) => c.completions.create(PROMPT),
  },
  {
    operation: 'beta.messages.create',
    genAi: 'chat',
    available: (c) => typeof c.beta?.messages?.create === 'function',
    call: (c) => c.beta.messages.create({ ...PARAMS, betas: ['token-efficient-tools-2025-02-19'] }),
  },
  {
    operation: 'beta.messages.create',
    genAi: 'chat',
    available: (c) => typeof c.beta?.promptCaching?.messages?.create === 'function',
    call: (c) => c.beta.promptCaching.messages.create(PARAMS),
  },
];

describe.each(SDK_VERSIONS)('surfaces on SDK $label', (v) => {
  it.for(SURFACES.map((s) => [s.operation, s] as const))('%s: a 529 then success, on one call span', async ([, s], ctx) => {
    const client = await h.client(v);
    if (!s.available(client)) ctx.skip(`SDK ${v.version} has no ${s.operation} (recorded in the README table)`);
    h.api.enqueue(fates.overloaded({ retryAfterMs: 1 }));
    await s.call(client);
    const spans = await h.waitForSpans(1);
    expect(spans).toHaveLength(1);
    const span = spans[0]!;
    expect(span.attributes).toMatchObject({
      'anthropic.operation': s.operation,
      'gen_ai.operation.name': s.genAi,
      'anthropic.outcome': 'success',
      'anthropic.attempt.count': 2,
      'http.response.status_code': 200,
    });
    if (!v.nativeTracing) {
      const model = span.attributes['gen_ai.request.model'];
      expect(span.name).toBe(model !== undefined ? `${s.genAi} ${String(model)}` : `anthropic.${s.operation}`);
      expect(span.kind).toBe(2); // CLIENT
    }
    expect(attemptEvents(span).map((e) => [e['anthropic.attempt.number'], e['http.response.status_code'], e['error.type'] ?? null])).toEqual([
      [1, 529, 'overloaded_error'],
      [2, 200, null],
    ]);
  });

  it('the own call span follows the GenAI conventions (whole attribute map)', async () => {
    const client = await h.client(v);
    const msg = await client.messages.create(PARAMS);
    const [span] = await h.waitForSpans(1);
    if (v.nativeTracing) {
      expect(span!.name).toBe('anthropic.messages.create');
      expect(span!.attributes['anthropic.native_span']).toBe(true);
      return;
    }
    expect(span!.name).toBe('chat claude-haiku-4-5');
    expect(span!.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'claude-haiku-4-5',
      'gen_ai.request.max_tokens': 64,
      'gen_ai.request.stream': false,
      'gen_ai.response.id': msg.id,
      'gen_ai.response.model': 'claude-haiku-4-5',
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 7,
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(h.api.url).port),
      'anthropic.operation': 'messages.create',
      'anthropic.platform': 'first_party',
      'anthropic.sdk.version': v.version,
      'anthropic.outcome': 'success',
      'anthropic.attempt.count': 1,
      'anthropic.request.id': h.api.requests[0]!.requestId,
      'http.response.status_code': 200,
    });
  });
});
