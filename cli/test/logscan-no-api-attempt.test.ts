import { describe, expect, it } from 'vitest';
import { catalogIds, tuningExcerpt as excerpt } from './logscan-corpus-text.js';

/**
 * Failures the catalog reads as no attempt at the API (no-api-attempt.ts): an MCP client's request
 * to an MCP server, however a Claude tool on the same line names itself. Texts from the analyze
 * corpus's tuning excerpts (by id) and written after them.
 */

describe('analyze: an MCP request is no API attempt', () => {
  it.each([
    // a remote MCP server's offline page met by Claude Code (GovAlta__ui-components-4090)
    [excerpt('GovAlta__ui-components-4090'), []],
    ['Claude Code: Connection to MCP server "asana" timed out after 5000ms', []],
    ['2025-07-10T14:58:42.412Z [claude-code] [error] McpError: MCP error -32001: Request timed out', []],
    // the API's own failures on a line that names MCP stay events
    ['API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}} while the MCP server was connected', ['overloaded']],
    ['Claude Code: API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}} (MCP server asana connected)', ['invalid-api-key']],
    // the API's own answer about an MCP server (its MCP connector's 400) is a failed API request
    ['anthropic.BadRequestError: Error code: 400 - {"type":"error","error":{"type":"invalid_request_error","message":"Failed to connect to MCP server example-mcp: connection refused"}}', ['mcp-request-failed']],
    ['API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"Could not connect to the MCP server"}}', ['mcp-request-failed']],
  ] as Array<[string, string[]]>)('%#: %j -> %j', async (text, want) => {
    expect(await catalogIds(text)).toEqual(want);
  });
});
