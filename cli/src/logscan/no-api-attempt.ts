/**
 * Catalog entries whose failure is no attempt at the API: the request that failed was never sent to
 * it, or was sent to another server. `import-error`: an SDK that cannot be imported or a client that
 * cannot be constructed made no request. `mcp-request-failed`: an MCP client's request to an MCP
 * server (a JSON-RPC error from its MCP SDK, a server it cannot connect to or reach); the catalog's
 * cause says the connection to the Claude API was not involved, so Claude Code naming it on the
 * same line (`Connect to MCP server via Claude Code … receives page error:`) makes it no API error.
 * The API's own answer about an MCP server (its MCP connector's 400, with a status or an API error
 * type: `Error code: 400 - {"type":"error","error":{"type":"invalid_request_error","message":"Failed
 * to connect to MCP server …"}}`) is a failed API request, whatever entry the catalog reads it as.
 */
const NO_REQUEST_ENTRY = 'import-error';
const MCP_ENTRY = 'mcp-request-failed';

/** Whether the catalog entry a line was read as names a failure that no API request had (`apiAnswered`: the line shows a status or an API error type). */
export function noApiAttempt(catalogId: string, apiAnswered: boolean): boolean {
  return catalogId === NO_REQUEST_ENTRY || (catalogId === MCP_ENTRY && !apiAnswered);
}
