// Sets a call up for the MCP connector (a Messages request naming `mcp_servers`) and for Managed
// Agents session event streams: what is recorded is described in mcp.ts and session-events.ts.
import * as S from './semconv.js';
import type { CallState } from './call.js';
import { McpToolResults, mcpServerNames } from './mcp.js';
import type { Obj } from './obj.js';
import { SessionEventScanner, sessionIdOf } from './session-events.js';
import { SseScanner } from './sse-scan.js';

export function watchMcpAndSessions(state: CallState, body: Obj | undefined, path: string, operation: string): void {
  const servers = mcpServerNames(body);
  if (servers !== undefined) {
    state.span.setAttribute(S.ANTHROPIC_MCP_SERVERS, servers);
    const mcp = new McpToolResults(state.span);
    state.mcp = mcp;
    state.scanner = () => new SseScanner(mcp.block);
    return;
  }
  if (!operation.endsWith('sessions.events.stream')) return;
  const span = state.span;
  const id = sessionIdOf(path);
  if (id !== undefined) span.setAttribute(S.SESSION_ID, id);
  const mcp = new McpToolResults(span);
  state.scanner = () => new SessionEventScanner(span, mcp);
}
