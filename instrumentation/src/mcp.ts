// The MCP connector: which MCP servers a Messages request names, and the MCP tool results that failed.
//
// A request lists its servers in `mcp_servers` (`{type: 'url', url, name, authorization_token}`):
// only the names are recorded, never the URL (it may carry credentials) or the token. A response
// answers each call of an MCP tool with an `mcp_tool_use` block (`id`, `name`, `server_name`)
// and then an `mcp_tool_result` block (`tool_use_id`, `is_error`, `content`); a Managed Agents
// session stream sends the same pair as `agent.mcp_tool_use` (`id`, `name`, `mcp_server_name`) and
// `agent.mcp_tool_result` (`mcp_tool_use_id`, `is_error`, `content`) events. Each failed result
// becomes one span event, with the tool and server of its use block and its scrubbed text.
import type { Attributes, Span } from '@opentelemetry/api';
import * as S from './semconv.js';
import { safe } from './guard.js';
import { isObj, type Obj } from './obj.js';
import { scrubAndCap } from './scrub.js';

const MAX_MESSAGE_BYTES = 4096;
/** Tool uses remembered until their result: a response with more keeps the latest ones. */
const MAX_TOOL_USES = 256;
const MAX_SERVERS = 32;

/** The names of the MCP servers a request body lists (at most 32), or undefined when it lists none. */
export function mcpServerNames(body: Obj | undefined): string[] | undefined {
  const servers = body?.['mcp_servers'];
  if (!Array.isArray(servers) || servers.length === 0) return undefined;
  const names: string[] = [];
  for (const s of servers) {
    if (names.length >= MAX_SERVERS) break;
    if (isObj(s) && typeof s['name'] === 'string') names.push(scrubAndCap(s['name'], 256));
  }
  return names.length > 0 ? names : undefined;
}

/** The text of a tool result's content: a string, or the `text` of its text blocks. */
function resultText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const parts: string[] = [];
  for (const block of content) if (isObj(block) && typeof block['text'] === 'string') parts.push(block['text']);
  return parts.length > 0 ? parts.join('\n') : undefined;
}

export class McpToolResults {
  private readonly uses = new Map<string, { tool?: string; server?: string }>();
  errors = 0;

  constructor(private readonly span: Span) {}

  /** One content block of a Messages response, or one event of a session stream. */
  readonly block = (b: unknown): void => {
    if (!isObj(b)) return;
    const type = b['type'];
    if (type === 'mcp_tool_use' || type === 'agent.mcp_tool_use') this.use(b, type === 'mcp_tool_use' ? 'server_name' : 'mcp_server_name');
    else if (type === 'mcp_tool_result' || type === 'agent.mcp_tool_result') this.result(b, type === 'mcp_tool_result' ? 'tool_use_id' : 'mcp_tool_use_id');
  };

  /** Every block of a JSON Messages response (`content`). */
  response(body: unknown): void {
    const content = isObj(body) ? body['content'] : undefined;
    if (Array.isArray(content)) for (const b of content) this.block(b);
  }

  private use(b: Obj, serverKey: string): void {
    if (typeof b['id'] !== 'string') return;
    if (this.uses.size >= MAX_TOOL_USES) {
      const oldest = this.uses.keys().next();
      if (!oldest.done) this.uses.delete(oldest.value);
    }
    const entry: { tool?: string; server?: string } = {};
    if (typeof b['name'] === 'string') entry.tool = b['name'];
    if (typeof b[serverKey] === 'string') entry.server = b[serverKey];
    this.uses.set(b['id'], entry);
  }

  private result(b: Obj, idKey: string): void {
    if (b['is_error'] !== true) return;
    this.errors++;
    const id = typeof b[idKey] === 'string' ? b[idKey] : undefined;
    const use = id !== undefined ? this.uses.get(id) : undefined;
    const attrs: Attributes = { [S.ERROR_TYPE]: S.ERROR_TYPE_MCP_TOOL };
    if (id !== undefined) attrs[S.MCP_TOOL_USE_ID] = id;
    if (use?.tool !== undefined) attrs[S.MCP_TOOL_NAME] = use.tool;
    if (use?.server !== undefined) attrs[S.MCP_SERVER_NAME] = use.server;
    const text = resultText(b['content']);
    if (text !== undefined) attrs[S.ANTHROPIC_ERROR_MESSAGE] = scrubAndCap(text, MAX_MESSAGE_BYTES);
    safe(() => this.span.addEvent(S.MCP_TOOL_ERROR_EVENT, attrs));
  }
}
