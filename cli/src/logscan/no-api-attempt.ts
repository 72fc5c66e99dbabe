/**
 * Catalog entries whose failure is no attempt at the API: the request that failed was never sent to
 * it, or was sent to another server. `import-error`: an SDK that cannot be imported or a client that
 * cannot be constructed made no request. `mcp-request-failed`: an MCP client's request to an MCP
 * server (a JSON-RPC error from its MCP SDK, a server it cannot connect to or reach); the catalog's
 * cause says the connection to the Claude API was not involved, so Claude Code naming it on the
 * same line (`Connect to MCP server via Claude Code … receives page error:`) makes it no API error.
 */
const NO_API_ATTEMPT = new Set(['import-error', 'mcp-request-failed']);

/** Whether the catalog entry a line was read as names a failure that no API request had. */
export function noApiAttempt(catalogId: string): boolean {
  return NO_API_ATTEMPT.has(catalogId);
}
