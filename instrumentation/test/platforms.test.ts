// Bedrock and Vertex clients (which extend the SDK's client) are recorded with their platform and their own failures.
import { beforeAll, describe, expect, it } from 'vitest';
import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import { AnthropicVertex } from '@anthropic-ai/vertex-sdk';
import { fates } from '@claude-errors/testkit/fake-api';
import { SDK_VERSIONS, attemptEvents, useHarness } from './helpers.js';

const h = useHarness();
beforeAll(async () => {
  await h.client(SDK_VERSIONS[2]); // patches @anthropic-ai/sdk 1.13, whose client both platform SDKs extend
});

const MESSAGE = { id: 'msg_bdrk', type: 'message', role: 'assistant', model: 'claude-haiku-4-5', content: [], stop_reason: 'end_turn', usage: { input_tokens: 3, output_tokens: 2 } };
const params = (model: string) => ({ model, max_tokens: 16, messages: [{ role: 'user' as const, content: 'hi' }] });

/** Google credentials for tests: a fixed token, never a metadata-server lookup. */
const staticAuth = { projectId: 'proj', getRequestHeaders: async () => new Headers({ authorization: 'Bearer ya29.test-token' }) };
const failingAuth = { getRequestHeaders: async () => Promise.reject(new Error('Could not load the default credentials.')) };

describe('Bedrock', () => {
  const bedrock = () => new AnthropicBedrock({ skipAuth: true, baseURL: h.api.url, awsRegion: 'us-east-1', maxRetries: 1, openTelemetry: false });

  it('ThrottlingException then success: platform bedrock, the AWS error type and request id on the attempt', async () => {
    h.api.enqueue(
      fates.error(429, 'unused', {
        rawBody: '{"message":"Too many requests, please wait before trying again."}',
        retryAfterMs: 1,
        headers: { 'x-amzn-errortype': 'ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/', 'x-amzn-requestid': 'aws-req-1' },
      }),
      fates.success({ body: MESSAGE }),
    );
    await bedrock().messages.create(params('anthropic.claude-haiku-4-5'));
    expect(h.api.requests.map((r) => r.path)).toEqual(['/model/anthropic.claude-haiku-4-5/invoke', '/model/anthropic.claude-haiku-4-5/invoke']);
    const [span] = await h.waitForSpans(1);
    expect(span!.attributes).toMatchObject({ 'anthropic.platform': 'bedrock', 'anthropic.operation': 'messages.create', 'anthropic.outcome': 'success', 'anthropic.attempt.count': 2 });
    // The request-id header of the fake API comes first; x-amzn-requestid is read when it is absent.
    expect(attemptEvents(span!)[0]).toMatchObject({
      'http.response.status_code': 429,
      'error.type': 'ThrottlingException',
      'anthropic.error.message': 'Too many requests, please wait before trying again.',
    });
  });

  it('ValidationException: the call fails with that type', async () => {
    h.api.enqueue(
      fates.error(400, 'unused', {
        rawBody: '{"message":"messages: final assistant content cannot end with trailing whitespace"}',
        headers: { 'x-amzn-errortype': 'ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/' },
      }),
    );
    await bedrock().messages.create(params('anthropic.claude-haiku-4-5')).catch(() => undefined);
    await h.errorSpan('ValidationException', {
      'anthropic.platform': 'bedrock',
      'anthropic.error.message': 'messages: final assistant content cannot end with trailing whitespace',
      'http.response.status_code': 400,
    });
  });
});

describe('Bedrock streams (AWS event-stream frames from the fake API, decoded by the Bedrock SDK)', () => {
  const bedrock = () => new AnthropicBedrock({ skipAuth: true, baseURL: h.api.url, awsRegion: 'us-east-1', maxRetries: 0, openTelemetry: false });
  const MODEL = 'anthropic.claude-haiku-4-5';
  const drain = async (stream: AsyncIterable<unknown>) => {
    for await (const _ of stream);
  };

  it('a whole stream is a success with the usage of its chunk events', async () => {
    await drain(await bedrock().messages.create({ ...params(MODEL), stream: true }));
    expect(h.api.requests[0]!.path).toBe(`/model/${MODEL}/invoke-with-response-stream`);
    const [span] = await h.waitForSpans(1);
    expect(span!.attributes).toMatchObject({ 'anthropic.platform': 'bedrock', 'anthropic.outcome': 'success', 'gen_ai.response.model': MODEL, 'gen_ai.usage.input_tokens': 12 });
    expect(span!.attributes['error.type']).toBeUndefined();
    expect(attemptEvents(span!)[0]).toMatchObject({ 'anthropic.attempt.outcome': 'success' });
  });

  it.each([
    ['modelStreamErrorException', 'ModelStreamErrorException'],
    ['throttlingException', 'ThrottlingException'],
    ['internalServerException', 'InternalServerException'],
    ['validationException', 'ValidationException'],
  ])('an exception frame %s after two deltas: the call and the attempt fail with %s', async (frameType, errorType) => {
    h.api.enqueue(fates.streamError(frameType, { message: 'Stream failed for key sk-ant-api03-SECRETKEY0123456789' }));
    const err = await drain(await bedrock().messages.create({ ...params(MODEL), stream: true })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    const [span] = await h.waitForSpans(1);
    const expected = {
      'error.type': errorType,
      'anthropic.error.type': errorType,
      'anthropic.error.message': 'Stream failed for key [REDACTED:anthropic-key]',
      'http.response.status_code': 200,
    };
    expect(span!.attributes).toMatchObject({ 'anthropic.platform': 'bedrock', 'anthropic.outcome': 'error', ...expected });
    expect(attemptEvents(span!)).toHaveLength(1);
    expect(attemptEvents(span!)[0]).toMatchObject({ 'anthropic.attempt.outcome': 'error', ...expected });
    expect(JSON.stringify(span!.attributes)).not.toContain('SECRETKEY');
  });

  it('frames that end before message_stop: stream_interrupted', async () => {
    h.api.enqueue(fates.streamCut());
    await drain(await bedrock().messages.create({ ...params(MODEL), stream: true })).catch(() => undefined);
    await h.errorSpan('stream_interrupted', { 'anthropic.platform': 'bedrock' });
  });
});

describe('Vertex', () => {
  it('RESOURCE_EXHAUSTED: platform vertex with the Google status as error type', async () => {
    h.api.enqueue(
      fates.error(429, 'unused', {
        shouldRetry: false,
        rawBody: '{"error":{"code":429,"message":"Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model","status":"RESOURCE_EXHAUSTED"}}',
      }),
    );
    const vertex = new AnthropicVertex({ baseURL: h.api.url, region: 'us-east5', projectId: 'proj', authClient: staticAuth as never, maxRetries: 0, openTelemetry: false });
    await vertex.messages.create(params('claude-haiku-4-5')).catch(() => undefined);
    const [span] = await h.waitForSpans(1);
    expect(h.api.requests[0]!.path).toContain(':rawPredict');
    expect(span!.attributes).toMatchObject({
      'anthropic.platform': 'vertex',
      'anthropic.outcome': 'error',
      'error.type': 'RESOURCE_EXHAUSTED',
      'anthropic.error.message': 'Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model',
    });
    expect(JSON.stringify(span!.attributes)).not.toContain('ya29');
  });

  it('a credential resolution failure is credentials_error, before any request leaves', async () => {
    const vertex = new AnthropicVertex({ baseURL: h.api.url, region: 'us-east5', projectId: 'proj', authClient: failingAuth as never, maxRetries: 0, openTelemetry: false });
    const err = await vertex.messages.create(params('claude-haiku-4-5')).catch((e: unknown) => e);
    expect((err as Error).message).toContain('credentials');
    expect(h.api.requests).toHaveLength(0);
    const span = await h.errorSpan('credentials_error', { 'anthropic.platform': 'vertex' });
    expect(attemptEvents(span)[0]).toMatchObject({ 'error.type': 'credentials_error' });
  });
});
