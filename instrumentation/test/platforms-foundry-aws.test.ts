// Microsoft Foundry (@anthropic-ai/foundry-sdk), Claude Platform on AWS (@anthropic-ai/aws-sdk) and
// Bedrock Mantle (@anthropic-ai/bedrock-sdk's AnthropicBedrockMantle): clients that extend the SDK's
// client, recorded with their platform and their own failures, against the fake API on loopback.
import { beforeAll, describe, expect, it } from 'vitest';
import { AnthropicFoundry } from '@anthropic-ai/foundry-sdk';
import { AnthropicAws } from '@anthropic-ai/aws-sdk';
import { AnthropicBedrockMantle } from '@anthropic-ai/bedrock-sdk';
import { fates } from '@claude-errors/testkit/fake-api';
import { SDK_VERSIONS, attemptEvents, useHarness } from './helpers.js';

const h = useHarness();
beforeAll(async () => {
  await h.client(SDK_VERSIONS[2]); // patches @anthropic-ai/sdk 1.13, whose client the three platform SDKs extend
});

const params = { model: 'claude-haiku-4-5', max_tokens: 16, messages: [{ role: 'user' as const, content: 'hi' }] };
const drain = async (stream: AsyncIterable<unknown>) => {
  for await (const _ of stream);
};

describe('Microsoft Foundry', () => {
  // The Foundry base URL is https://{resource}.services.ai.azure.com/anthropic/; the fake API serves the same path.
  const foundry = (maxRetries = 0) => new AnthropicFoundry({ apiKey: 'foundry-key-SECRET123', baseURL: `${h.api.url}/anthropic/`, maxRetries, openTelemetry: false });

  it('a 529 rescued by a retry: platform foundry, the Anthropic path under /anthropic, the key never recorded', async () => {
    h.api.enqueue(fates.overloaded({ retryAfterMs: 1 }), fates.success());
    await foundry(1).messages.create(params);
    expect(h.api.requests.map((r) => r.url)).toEqual(['/anthropic/v1/messages', '/anthropic/v1/messages']);
    expect(h.api.requests[0]!.headers['x-api-key']).toBe('foundry-key-SECRET123');
    const [span] = await h.waitForSpans(1);
    expect(span!.attributes).toMatchObject({ 'anthropic.platform': 'foundry', 'anthropic.operation': 'messages.create', 'anthropic.outcome': 'success', 'anthropic.attempt.count': 2 });
    expect(attemptEvents(span!)[0]).toMatchObject({ 'http.response.status_code': 529, 'error.type': 'overloaded_error' });
    expect(JSON.stringify([span!.attributes, span!.events])).not.toContain('SECRET123');
  });

  it("Azure's gateway error body: a named code is the error type, a numeric one leaves the status", async () => {
    h.api.enqueue(
      fates.error(404, 'unused', { rawBody: '{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."}}' }),
    );
    await foundry().messages.create(params).catch(() => undefined);
    h.api.enqueue(
      fates.error(401, 'unused', { rawBody: '{"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."}}' }),
    );
    await foundry().messages.create(params).catch(() => undefined);
    const [notFound, denied] = await h.waitForSpans(2);
    expect(notFound!.attributes).toMatchObject({ 'anthropic.platform': 'foundry', 'anthropic.outcome': 'error', 'error.type': 'DeploymentNotFound', 'http.response.status_code': 404 });
    expect(String(notFound!.attributes['anthropic.error.message'])).toContain('The API deployment for this resource does not exist');
    expect(denied!.attributes).toMatchObject({ 'anthropic.platform': 'foundry', 'error.type': '401', 'http.response.status_code': 401 });
    expect(String(denied!.attributes['anthropic.error.message'])).toContain('Access denied due to invalid subscription key');
  });

  it('an Entra ID token provider that throws: credentials_error, nothing sent', async () => {
    const client = new AnthropicFoundry({
      azureADTokenProvider: async () => Promise.reject(new Error('DefaultAzureCredential failed to retrieve a token: no credential in the chain')),
      baseURL: `${h.api.url}/anthropic/`,
      maxRetries: 0,
      openTelemetry: false,
    });
    const err = await client.messages.create(params).catch((e: unknown) => e);
    expect((err as Error).message).toContain('azureADTokenProvider');
    expect(h.api.requests).toHaveLength(0);
    await h.errorSpan('credentials_error', { 'anthropic.platform': 'foundry' });
  });

  it("native tracing on: the SDK's own span (scope @anthropic-ai/sdk.foundry) is enriched, platform foundry", async () => {
    h.api.enqueue(fates.success());
    const client = new AnthropicFoundry({ apiKey: 'foundry-key-SECRET123', baseURL: `${h.api.url}/anthropic/`, maxRetries: 0, openTelemetry: { tracerProvider: h.provider } });
    await client.messages.create(params);
    const spans = await h.waitForSpans(1);
    expect(spans).toHaveLength(1);
    expect(spans[0]!.instrumentationScope.name).toMatch(/\.foundry$/);
    expect(spans[0]!.attributes).toMatchObject({ 'anthropic.platform': 'foundry', 'anthropic.native_span': true, 'anthropic.outcome': 'success' });
  });

  it('a stream with a mid-stream overloaded_error event', async () => {
    h.api.enqueue(fates.streamError('overloaded_error'));
    await drain(await foundry().messages.create({ ...params, stream: true })).catch(() => undefined);
    await h.errorSpan('overloaded_error', { 'anthropic.platform': 'foundry', 'http.response.status_code': 200 });
  });
});

describe('Claude Platform on AWS', () => {
  // The base URL is https://aws-external-anthropic.{region}.api.aws: the Anthropic API's own paths.
  const aws = (maxRetries = 0) =>
    new AnthropicAws({ apiKey: 'aws-key-SECRET456', workspaceId: 'wrkspc_test', awsRegion: 'us-west-2', baseURL: h.api.url, maxRetries, openTelemetry: false });

  it('a 429 rescued by a retry: platform aws, the workspace header sent, the key never recorded', async () => {
    h.api.enqueue(fates.rateLimited({ retryAfterMs: 1 }), fates.success());
    await aws(1).messages.create(params);
    expect(h.api.requests[0]!.path).toBe('/v1/messages');
    expect(h.api.requests[0]!.headers['anthropic-workspace-id']).toBe('wrkspc_test');
    const [span] = await h.waitForSpans(1);
    expect(span!.attributes).toMatchObject({ 'anthropic.platform': 'aws', 'anthropic.outcome': 'success', 'anthropic.attempt.count': 2 });
    expect(attemptEvents(span!)[0]).toMatchObject({ 'http.response.status_code': 429, 'error.type': 'rate_limit_error' });
    expect(JSON.stringify([span!.attributes, span!.events])).not.toContain('SECRET456');
  });

  it("an AWS-form refusal (x-amzn-errortype and {message}) is named by the AWS error type", async () => {
    h.api.enqueue(
      fates.error(403, 'unused', {
        rawBody: '{"message":"The request signature we calculated does not match the signature you provided."}',
        headers: { 'x-amzn-errortype': 'InvalidSignatureException', 'x-amzn-requestid': 'aws-req-9' },
      }),
    );
    await aws().messages.create(params).catch(() => undefined);
    await h.errorSpan('InvalidSignatureException', { 'anthropic.platform': 'aws', 'http.response.status_code': 403 });
  });
});

describe('Bedrock Mantle (AnthropicBedrockMantle)', () => {
  // https://bedrock-mantle.{region}.api.aws/anthropic: the Anthropic Messages API, SSE streams (no AWS event stream).
  const mantle = (maxRetries = 0) => new AnthropicBedrockMantle({ apiKey: 'mantle-key-SECRET789', baseURL: `${h.api.url}/anthropic`, maxRetries, openTelemetry: false });

  it('platform bedrock_mantle (not bedrock), the Anthropic error envelope, the bearer key never recorded', async () => {
    h.api.enqueue(fates.error(400, 'invalid_request_error', { message: 'max_tokens: Field required' }));
    await mantle().messages.create(params).catch(() => undefined);
    expect(h.api.requests[0]!.url).toBe('/anthropic/v1/messages');
    expect(h.api.requests[0]!.headers['authorization']).toBe('Bearer mantle-key-SECRET789');
    const span = await h.errorSpan('invalid_request_error', {
      'anthropic.platform': 'bedrock_mantle',
      'anthropic.error.message': 'max_tokens: Field required',
    });
    expect(JSON.stringify([span.attributes, span.events])).not.toContain('SECRET789');
  });

  it('an SSE stream cut before message_stop: stream_interrupted', async () => {
    h.api.enqueue(fates.streamCut());
    await drain(await mantle().messages.create({ ...params, stream: true })).catch(() => undefined);
    await h.errorSpan('stream_interrupted', { 'anthropic.platform': 'bedrock_mantle' });
  });
});
