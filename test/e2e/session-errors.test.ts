import { describe, expect, it } from 'vitest';
import { fates } from '@claude-errors/testkit/fake-api';
import { eventually } from '../helpers/cli.js';
import { useServedApp } from '../helpers/served-app.js';

/**
 * Managed Agents session errors end to end: the app streams a session's events with
 * client.beta.sessions.events.stream (real SDK, fake API), the instrumentation records each
 * session.error as an event, the collector makes each one a call row with surface=session, the
 * analyzer names it from the catalog and the summary counts it.
 */
const served = useServedApp('ce-e2e-session-', 'agent-app');

interface Row {
  surface: string;
  outcome: string;
  error_type: string | null;
  catalog_id: string | null;
  operation: string | null;
  attributes: Record<string, unknown> | null;
}

const sessionError = (id: string, type: string, retry: string, message: string, extra: Record<string, unknown> = {}) => ({
  id,
  event: 'session.error',
  data: { id, type: 'session.error', processed_at: '2026-12-04T19:00:00Z', error: { type, message, retry_status: { type: retry }, ...extra } },
});

describe('Session errors: instrumentation -> collector (surface=session) -> API', () => {
  it('each session.error is a session row, named from the catalog and counted by the summary', async () => {
    const client = served.client({ maxRetries: 0 });
    served.api.enqueue(
      fates.success({
        events: [
          sessionError('sevt_1', 'model_overloaded_error', 'retrying', 'Overloaded'),
          sessionError('sevt_2', 'model_rate_limited_error', 'exhausted', 'Rate limited'),
          sessionError('sevt_3', 'mcp_connection_failed_error', 'retrying', 'Failed to connect to MCP server', { mcp_server_name: 'tools' }),
          sessionError('sevt_4', 'mcp_authentication_failed_error', 'terminal', 'Authentication failed', { mcp_server_name: 'crm' }),
          sessionError('sevt_5', 'model_request_failed_error', 'exhausted', 'The model request failed'),
          { id: 'sevt_7', event: 'agent.mcp_tool_use', data: { id: 'sevt_7', type: 'agent.mcp_tool_use', name: 'lookup', mcp_server_name: 'crm', input: {}, processed_at: '2026-12-04T19:00:00Z' } },
          {
            id: 'sevt_8',
            event: 'agent.mcp_tool_result',
            data: { id: 'sevt_8', type: 'agent.mcp_tool_result', mcp_tool_use_id: 'sevt_7', is_error: true, content: [{ type: 'text', text: 'no such customer' }], processed_at: '2026-12-04T19:00:00Z' },
          },
          { id: 'sevt_6', event: 'session.status_terminated', data: { id: 'sevt_6', type: 'session.status_terminated', processed_at: '2026-12-04T19:00:01Z' } },
        ],
      }),
    );
    for await (const ev of await client.beta.sessions.events.stream('sesn_e2e')) if (ev.type === 'session.status_terminated') break;

    const rows = await eventually(
      () => served.get<{ rows: Row[] }>('/api/v1/errors?from=-1h&surface=session&limit=100'),
      (r) => r.rows.length >= 5,
    );
    expect(rows.rows.map((r) => `${r.outcome} ${r.error_type} ${r.catalog_id} ${String(r.attributes?.['anthropic.session.retry_status'])}`).sort()).toEqual([
      'error mcp_authentication_failed_error mcp-authentication-failed terminal',
      'error mcp_connection_failed_error mcp-connection-failed retrying',
      'error model_overloaded_error session-model-overloaded retrying',
      'error model_rate_limited_error session-model-rate-limited exhausted',
      'error model_request_failed_error session-model-request-failed exhausted',
    ]);
    for (const r of rows.rows) expect(r).toMatchObject({ surface: 'session', operation: 'beta.sessions.events.stream' });

    const summary = await served.get<Record<string, any>>('/api/v1/summary?from=-1h&surface=session');
    expect(summary).toMatchObject({ failed_calls: 5 });
    expect(summary.by_catalog.map((c: any) => c.catalog_id).sort()).toEqual([
      'mcp-authentication-failed',
      'mcp-connection-failed',
      'session-model-overloaded',
      'session-model-rate-limited',
      'session-model-request-failed',
    ]);
    // The stream's own call is a successful messages-surface call: no error row there.
    const messages = await served.get<{ rows: Row[] }>('/api/v1/errors?from=-1h&surface=messages&limit=100');
    expect(messages.rows).toEqual([]);
  });

  it('a failed MCP tool result, in a session or a Messages response, is an mcp row', async () => {
    const client = served.client({ maxRetries: 0 });
    served.api.enqueue(
      fates.success({
        body: {
          id: 'msg_mcp',
          type: 'message',
          role: 'assistant',
          model: 'claude-haiku-4-5',
          content: [
            { type: 'mcp_tool_use', id: 'mcptoolu_1', name: 'get_order', server_name: 'orders', input: {} },
            { type: 'mcp_tool_result', tool_use_id: 'mcptoolu_1', is_error: true, content: [{ type: 'text', text: 'order service timed out' }] },
          ],
          stop_reason: 'end_turn',
          usage: { input_tokens: 3, output_tokens: 2 },
        },
      }),
    );
    await client.beta.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 32,
      messages: [{ role: 'user', content: 'order 42?' }],
      mcp_servers: [{ type: 'url', name: 'orders', url: 'https://orders.example/mcp', authorization_token: 'tok-SECRET' }],
      betas: ['mcp-client-2025-04-04'],
    });
    const rows = await eventually(
      () => served.get<{ rows: Row[] }>('/api/v1/errors?from=-1h&surface=mcp&limit=100'),
      (r) => r.rows.length >= 2,
    );
    const mcp = rows.rows.map((r) => `${r.error_type} ${r.catalog_id} ${String(r.attributes?.['anthropic.mcp.server.name'])}/${String(r.attributes?.['anthropic.mcp.tool.name'])} ${r.operation}`).sort();
    expect(mcp).toEqual(['mcp_tool_error mcp-tool-error crm/lookup beta.sessions.events.stream', 'mcp_tool_error mcp-tool-error orders/get_order beta.messages.create']);
    const summary = await served.get<Record<string, any>>('/api/v1/summary?from=-1h&surface=mcp');
    expect(summary).toMatchObject({ failed_calls: 2 });
    expect(JSON.stringify(rows)).not.toContain('SECRET');
  });
});
