// The MCP connector (servers a request names, failed mcp_tool_result blocks) and Managed Agents
// session event streams (session.error events), with the real SDK against the fake API.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { fates } from '@claude-errors/testkit/fake-api';
import { SDK_VERSIONS, useHarness, type AnyClient } from './helpers.js';

const h = useHarness();

const TOKEN = 'mcp-token-SECRET-0123456789abcdef';
const MCP_PARAMS = {
  model: 'claude-haiku-4-5',
  max_tokens: 64,
  messages: [{ role: 'user' as const, content: 'Look up the order' }],
  mcp_servers: [
    { type: 'url' as const, name: 'orders', url: 'https://user:pa55word@orders.example/mcp', authorization_token: TOKEN },
    { type: 'url' as const, name: 'search', url: 'https://search.example/mcp?key=abc' },
  ],
  betas: ['mcp-client-2025-04-04'],
};
const USE = { type: 'mcp_tool_use', id: 'mcptoolu_1', name: 'get_order', server_name: 'orders', input: { id: 42 } };
const FAILED = {
  type: 'mcp_tool_result',
  tool_use_id: 'mcptoolu_1',
  is_error: true,
  content: [{ type: 'text', text: 'upstream refused: Authorization: Bearer sk-ant-api03-LEAKEDKEY0123456789 is invalid' }],
};
const OK_RESULT = { type: 'mcp_tool_result', tool_use_id: 'mcptoolu_2', is_error: false, content: [{ type: 'text', text: 'fine' }] };
const message = (content: unknown[]) => ({
  id: 'msg_mcp',
  type: 'message',
  role: 'assistant',
  model: 'claude-haiku-4-5',
  content,
  stop_reason: 'end_turn',
  usage: { input_tokens: 5, output_tokens: 3 },
});

const events = (span: ReadableSpan, name: string) => span.events.filter((e) => e.name === name).map((e) => ({ ...e.attributes }));
const everything = (span: ReadableSpan) => JSON.stringify([span.attributes, span.events]);

/** The stream events of a message whose content is `blocks` (each sent whole in its content_block_start). */
function mcpStream(blocks: unknown[]) {
  return [
    { event: 'message_start', data: { type: 'message_start', message: { ...message([]), stop_reason: null } } },
    ...blocks.flatMap((block, index) => [
      { event: 'content_block_start', data: { type: 'content_block_start', index, content_block: block } },
      { event: 'content_block_stop', data: { type: 'content_block_stop', index } },
    ]),
    { event: 'message_delta', data: { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 3 } } },
    { event: 'message_stop', data: { type: 'message_stop' } },
  ];
}

describe.each([SDK_VERSIONS[2], SDK_VERSIONS[4]])('MCP connector, SDK $label', (version) => {
  let client: AnyClient;
  beforeAll(async () => {
    client = await h.client(version, { maxRetries: 0 });
  });

  it('the server names are recorded, never their URLs or tokens; a failed tool result is an event with its tool and server', async () => {
    h.api.enqueue(fates.success({ body: message([USE, FAILED, OK_RESULT, { type: 'text', text: 'Sorry.' }]) }));
    await client.beta.messages.create(MCP_PARAMS);
    const [span] = await h.waitForSpans(1);
    expect(span!.attributes['anthropic.mcp.servers']).toEqual(['orders', 'search']);
    expect(events(span!, 'anthropic.mcp.tool_error')).toEqual([
      {
        'error.type': 'mcp_tool_error',
        'anthropic.mcp.tool_use.id': 'mcptoolu_1',
        'anthropic.mcp.tool.name': 'get_order',
        'anthropic.mcp.server.name': 'orders',
        'anthropic.error.message': 'upstream refused: Authorization: Bearer [REDACTED:anthropic-key] is invalid',
      },
    ]);
    expect(span!.attributes['anthropic.outcome']).toBe('success');
    for (const secret of ['SECRET', 'pa55word', 'orders.example', 'key=abc', 'LEAKEDKEY']) expect(everything(span!)).not.toContain(secret);
  });

  it('a streamed response: the failed result is read from its content_block_start', async () => {
    h.api.enqueue(fates.success({ events: mcpStream([USE, FAILED, { type: 'text', text: '' }]) }));
    const stream = await client.beta.messages.create({ ...MCP_PARAMS, stream: true });
    for await (const _ of stream);
    const [span] = await h.waitForSpans(1);
    expect(span!.attributes).toMatchObject({ 'anthropic.mcp.servers': ['orders', 'search'], 'anthropic.outcome': 'success' });
    expect(events(span!, 'anthropic.mcp.tool_error')).toEqual([
      expect.objectContaining({ 'anthropic.mcp.tool.name': 'get_order', 'anthropic.mcp.server.name': 'orders', 'error.type': 'mcp_tool_error' }),
    ]);
    expect(everything(span!)).not.toContain('LEAKEDKEY');
  });

  it('a request without mcp_servers records neither', async () => {
    h.api.enqueue(fates.success({ body: message([USE, FAILED]) }));
    await client.beta.messages.create({ ...MCP_PARAMS, mcp_servers: undefined });
    const [span] = await h.waitForSpans(1);
    expect(span!.attributes['anthropic.mcp.servers']).toBeUndefined();
    expect(events(span!, 'anthropic.mcp.tool_error')).toEqual([]);
  });
});

const sessionError = (id: string, type: string, retry: 'retrying' | 'exhausted' | 'terminal', message: string, extra: Record<string, unknown> = {}) => ({
  id,
  event: 'session.error',
  data: { id, type: 'session.error', processed_at: '2026-12-04T19:00:00Z', error: { type, message, retry_status: { type: retry }, ...extra } },
});
const status = (id: string, type: string, extra: Record<string, unknown> = {}) => ({ id, event: type, data: { id, type, processed_at: '2026-12-04T19:00:01Z', ...extra } });

describe('Managed Agents session event stream, SDK 1.17 (client.beta.sessions.events.stream)', () => {
  let client: AnyClient;
  beforeAll(async () => {
    client = await h.client(SDK_VERSIONS[4], { maxRetries: 0 });
  });

  it('each session.error is an event with its type, retry_status, scrubbed message and MCP server; the count on the call span', async () => {
    h.api.enqueue(
      fates.success({
        events: [
          status('sevt_1', 'session.status_running'),
          sessionError('sevt_2', 'model_overloaded_error', 'retrying', 'Overloaded'),
          sessionError('sevt_3', 'model_overloaded_error', 'exhausted', 'Overloaded'),
          sessionError('sevt_4', 'model_rate_limited_error', 'retrying', 'Rate limited'),
          sessionError('sevt_5', 'model_request_failed_error', 'exhausted', 'Model request failed'),
          sessionError('sevt_6', 'mcp_connection_failed_error', 'retrying', 'Could not reach https://user:hunter2@tools.example/mcp', { mcp_server_name: 'tools' }),
          sessionError('sevt_7', 'mcp_authentication_failed_error', 'terminal', 'token sk-ant-api03-SESSIONKEY0123456789 rejected', { mcp_server_name: 'crm' }),
          { id: 'sevt_8', event: 'agent.mcp_tool_use', data: { id: 'sevt_8', type: 'agent.mcp_tool_use', name: 'lookup', mcp_server_name: 'crm', input: {}, processed_at: 'x' } },
          { id: 'sevt_9', event: 'agent.mcp_tool_result', data: { id: 'sevt_9', type: 'agent.mcp_tool_result', mcp_tool_use_id: 'sevt_8', is_error: true, content: [{ type: 'text', text: 'no such customer' }], processed_at: 'x' } },
          status('sevt_10', 'session.status_idle', { stop_reason: { type: 'retries_exhausted' } }),
        ],
      }),
    );
    const stream = await client.beta.sessions.events.stream('sesn_test1');
    const seen: string[] = [];
    for await (const ev of stream) {
      seen.push(ev.type);
      if (ev.type === 'session.status_idle') break; // how an app leaves a session stream
    }
    expect(seen).toHaveLength(10);
    expect(h.api.requests[0]!.path).toBe('/v1/sessions/sesn_test1/events/stream');
    const [span] = await h.waitForSpans(1);
    expect(span!.attributes).toMatchObject({
      'anthropic.operation': 'beta.sessions.events.stream',
      'anthropic.session.id': 'sesn_test1',
      'anthropic.session.errors': 6,
      'anthropic.outcome': 'success',
    });
    const errors = events(span!, 'anthropic.session.error');
    expect(errors.map((e) => [e['error.type'], e['anthropic.session.retry_status']])).toEqual([
      ['model_overloaded_error', 'retrying'],
      ['model_overloaded_error', 'exhausted'],
      ['model_rate_limited_error', 'retrying'],
      ['model_request_failed_error', 'exhausted'],
      ['mcp_connection_failed_error', 'retrying'],
      ['mcp_authentication_failed_error', 'terminal'],
    ]);
    expect(errors[4]).toEqual({
      'error.type': 'mcp_connection_failed_error',
      'anthropic.error.type': 'mcp_connection_failed_error',
      'anthropic.error.message': 'Could not reach https://[REDACTED:url-credentials]@tools.example/mcp',
      'anthropic.session.retry_status': 'retrying',
      'anthropic.mcp.server.name': 'tools',
      'anthropic.session.event.id': 'sevt_6',
    });
    expect(events(span!, 'anthropic.mcp.tool_error')).toEqual([
      expect.objectContaining({ 'anthropic.mcp.tool.name': 'lookup', 'anthropic.mcp.server.name': 'crm', 'anthropic.error.message': 'no such customer' }),
    ]);
    for (const secret of ['hunter2', 'SESSIONKEY']) expect(everything(span!)).not.toContain(secret);
  });

  it('an app that stops reading while the session runs: cancelled, the errors read so far kept', async () => {
    h.api.enqueue(fates.success({ events: [status('sevt_1', 'session.status_running'), sessionError('sevt_2', 'model_overloaded_error', 'retrying', 'Overloaded'), status('sevt_3', 'session.status_running')] }));
    const stream = await client.beta.sessions.events.stream('sesn_test2');
    for await (const ev of stream) if (ev.type === 'session.error') break;
    const [span] = await h.waitForSpans(1);
    expect(span!.attributes).toMatchObject({ 'anthropic.outcome': 'cancelled', 'anthropic.session.errors': 1 });
    expect(events(span!, 'anthropic.session.error')).toHaveLength(1);
  });

  it('a stream the server ends is a success', async () => {
    h.api.enqueue(fates.success({ events: [status('sevt_1', 'session.status_running')] }));
    const stream = await client.beta.sessions.events.stream('sesn_test3');
    for await (const _ of stream);
    const [span] = await h.waitForSpans(1);
    expect(span!.attributes).toMatchObject({ 'anthropic.outcome': 'success', 'anthropic.session.errors': 0 });
  });
});

describe('Managed Agents on Amazon Bedrock (@anthropic-ai/bedrock-sdk 1.2: AnthropicBedrock.beta.sessions.events.stream)', () => {
  it('session errors are recorded on a bedrock client; the stream is SSE here (what the fake API sends)', async () => {
    // bedrock-sdk 1.2 needs @anthropic-ai/sdk >= 1.16: it gets its own copy (1.17), patched here.
    const { createRequire } = await import('node:module');
    const { dirname, join } = await import('node:path');
    const { pathToFileURL } = await import('node:url');
    const require = createRequire(import.meta.url);
    const sdkDir = dirname(require.resolve('@anthropic-ai/sdk', { paths: [dirname(require.resolve('anthropic-bedrock-sdk-1-2'))] }));
    h.instrumentation.manuallyInstrument(await import(pathToFileURL(join(sdkDir, 'index.mjs')).href));
    const { AnthropicBedrock } = (await import('anthropic-bedrock-sdk-1-2')) as unknown as { AnthropicBedrock: new (o: Record<string, unknown>) => AnyClient };
    const bedrock = new AnthropicBedrock({ skipAuth: true, awsRegion: 'us-east-1', baseURL: h.api.url, maxRetries: 0, openTelemetry: false });
    h.api.enqueue(
      fates.success({
        events: [
          sessionError('sevt_1', 'model_overloaded_error', 'exhausted', 'Overloaded'),
          status('sevt_2', 'session.status_idle', { stop_reason: { type: 'retries_exhausted' } }),
        ],
      }),
    );
    for await (const ev of await bedrock.beta.sessions.events.stream('sesn_bdrk')) if (ev.type === 'session.status_idle') break;
    expect(h.api.requests[0]!.path).toBe('/v1/sessions/sesn_bdrk/events/stream');
    const [span] = await h.waitForSpans(1);
    expect(span!.attributes).toMatchObject({ 'anthropic.platform': 'bedrock', 'anthropic.session.id': 'sesn_bdrk', 'anthropic.session.errors': 1, 'anthropic.outcome': 'success' });
    expect(events(span!, 'anthropic.session.error')).toEqual([expect.objectContaining({ 'error.type': 'model_overloaded_error', 'anthropic.session.retry_status': 'exhausted' })]);
  });
});

describe('a session stream the app aborts', () => {
  it("with the stream's controller mid-read: cancelled, the session errors read so far and their count kept", async () => {
    const client = await h.client(SDK_VERSIONS[4], { maxRetries: 0 });
    h.api.enqueue(fates.success({ events: [sessionError('sevt_1', 'mcp_connection_failed_error', 'retrying', 'down', { mcp_server_name: 'tools' }), status('sevt_2', 'session.status_running')] }));
    const stream = await client.beta.sessions.events.stream('sesn_abort');
    for await (const ev of stream) if (ev.type === 'session.error') stream.controller.abort();
    const [span] = await h.waitForSpans(1);
    expect(span!.attributes).toMatchObject({ 'anthropic.outcome': 'cancelled', 'anthropic.session.errors': 1 });
    expect(events(span!, 'anthropic.session.error')).toEqual([expect.objectContaining({ 'error.type': 'mcp_connection_failed_error', 'anthropic.mcp.server.name': 'tools' })]);
  });
});
