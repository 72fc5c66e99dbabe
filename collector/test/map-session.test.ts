import { describe, expect, it } from 'vitest';
import { mapResourceSpans } from '@claude-errors/collector';
import { attrs, eventRow, INSTRUMENTATION_SCOPE, oneSpanBatch } from './helpers/otlp-batch.js';

const T0 = 1_767_225_600_000;

/** A sessions.events.stream span of this project's instrumentation with two session.error events. */
function sessionSpan() {
  const sessionError = (timeMs: number, o: Record<string, string>) => ({ name: 'anthropic.session.error', timeMs, attributes: attrs(o) });
  return oneSpanBatch({ 'service.name': 'agents' }, INSTRUMENTATION_SCOPE, {
    traceId: 'c'.repeat(32),
    spanId: 'd'.repeat(16),
    name: 'anthropic.beta.sessions.events.stream',
    startMs: T0,
    endMs: T0 + 500,
    attributes: attrs({
      'anthropic.operation': 'beta.sessions.events.stream',
      'anthropic.platform': 'aws',
      'anthropic.outcome': 'success',
      'anthropic.attempt.count': 1,
      'http.response.status_code': 200,
      'anthropic.session.id': 'sesn_1',
      'anthropic.session.errors': 2,
    }),
    events: [
      { name: 'anthropic.attempt', timeMs: T0, attributes: attrs({ 'anthropic.attempt.number': 1, 'anthropic.attempt.outcome': 'success', 'http.response.status_code': 200 }) },
      sessionError(T0 + 10, {
        'error.type': 'model_overloaded_error',
        'anthropic.error.type': 'model_overloaded_error',
        'anthropic.error.message': 'Overloaded',
        'anthropic.session.retry_status': 'exhausted',
        'anthropic.session.event.id': 'sevt_2',
      }),
      sessionError(T0 + 20, {
        'error.type': 'mcp_connection_failed_error',
        'anthropic.error.type': 'mcp_connection_failed_error',
        'anthropic.error.message': 'Could not connect',
        'anthropic.session.retry_status': 'retrying',
        'anthropic.mcp.server.name': 'tools',
        'anthropic.session.event.id': 'sevt_3',
      }),
      {
        name: 'anthropic.mcp.tool_error',
        timeMs: T0 + 30,
        attributes: attrs({
          'error.type': 'mcp_tool_error',
          'anthropic.mcp.tool_use.id': 'sevt_8',
          'anthropic.mcp.tool.name': 'lookup',
          'anthropic.mcp.server.name': 'crm',
          'anthropic.error.message': 'no such customer',
        }),
      },
    ],
  });
}

describe('Managed Agents session.error events and failed MCP tool results', () => {
  it('each is a call row with surface session (or mcp), a child of the stream span, its retry status, tool and MCP server kept', () => {
    const { records, rejected } = mapResourceSpans(sessionSpan() as never, { receivedAtMs: T0 + 1000 });
    expect(rejected).toBe(0);
    expect(records.map((r) => `${r.kind} ${r.surface ?? '-'} ${r.outcome} ${r.platform}`)).toEqual([
      'call - success aws',
      'attempt - success aws',
      'call session error aws',
      'call session error aws',
      'call mcp error aws',
    ]);
    expect(records[0]!.attributes).toMatchObject({ 'anthropic.session.errors': 2 });
    const [overloaded, mcp] = records.slice(2);
    expect(overloaded).toEqual(
      eventRow({
        time: T0 + 10,
        trace_id: 'c'.repeat(32),
        parent_span_id: 'd'.repeat(16),
        service: 'agents',
        platform: 'aws',
        operation: 'beta.sessions.events.stream',
        surface: 'session',
        error_type: 'model_overloaded_error',
        error_message: 'Overloaded',
        request_id: null,
        attributes: { 'anthropic.session.retry_status': 'exhausted', 'anthropic.session.event.id': 'sevt_2', 'anthropic.session.id': 'sesn_1' },
      }),
    );
    expect(mcp).toMatchObject({ error_type: 'mcp_connection_failed_error', attributes: { 'anthropic.mcp.server.name': 'tools', 'anthropic.session.retry_status': 'retrying' } });
    expect(overloaded!.span_id).not.toBe(mcp!.span_id);
    expect(records[4]).toMatchObject({
      surface: 'mcp',
      parent_span_id: 'd'.repeat(16),
      error_type: 'mcp_tool_error',
      error_message: 'no such customer',
      attributes: { 'anthropic.mcp.server.name': 'crm', 'anthropic.mcp.tool.name': 'lookup', 'anthropic.mcp.tool_use.id': 'sevt_8', 'anthropic.session.id': 'sesn_1' },
    });
    // A replayed span maps to the same ids.
    const again = mapResourceSpans(sessionSpan() as never, { receivedAtMs: T0 + 1000 }).records;
    expect(again.map((r) => r.span_id)).toEqual(records.map((r) => r.span_id));
  });
});
