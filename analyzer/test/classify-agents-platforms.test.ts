import { describe, expect, it } from 'vitest';
import { catalogEntry, classify, type ClassifyInput } from '../src/processor/classify/index.js';

describe('classifier: Managed Agents session errors, MCP and Microsoft Foundry', () => {
  it('a session error is named by its type, even when its message would match a generic entry', () => {
    const cases: Array<[ClassifyInput, string, string | null]> = [
      [{ error_type: 'model_overloaded_error', message: 'Overloaded' }, 'session-model-overloaded', 'overloaded'],
      [{ error_type: 'model_rate_limited_error', message: 'Too many requests' }, 'session-model-rate-limited', 'rate-limit-requests'],
      [{ error_type: 'model_request_failed_error', message: 'Internal server error' }, 'session-model-request-failed', null],
      [{ error_type: 'mcp_connection_failed_error', message: 'Connection refused' }, 'mcp-connection-failed', null],
      [{ error_type: 'mcp_authentication_failed_error', message: 'invalid x-api-key' }, 'mcp-authentication-failed', null],
      [{ error_type: 'mcp_tool_error', message: 'upstream timed out' }, 'mcp-tool-error', null],
    ];
    for (const [input, id, guide] of cases) {
      const r = classify(input);
      expect(r.catalog_id, input.error_type ?? '').toBe(id);
      expect(r.guide_id, id).toBe(guide);
      expect(catalogEntry(id)?.references.some((ref) => ref.url.includes('anthropic-sdk-typescript'))).toBe(true);
    }
  });

  it("Foundry's DeploymentNotFound, from its error type or Azure's wording", () => {
    expect(classify({ status: 404, error_type: 'DeploymentNotFound', platform: 'foundry' }).catalog_id).toBe('foundry-deployment-not-found');
    expect(classify({ status: 404, message: 'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.' }).catalog_id).toBe(
      'foundry-deployment-not-found',
    );
    expect(classify({ status: 404, platform: 'foundry' }).catalog_id).toBe('not-found');
  });
});
