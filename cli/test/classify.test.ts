import { describe, expect, it } from 'vitest';
import { runCli as run } from './run-cli.js';

const jsonl = (rows: unknown[]): string => rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';
const parseLines = (out: string): Array<Record<string, unknown>> =>
  out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

// The shapes the issue names, with real messages (see test/fixtures/classifier/ for their sources).
const SHAPES: Array<[string, Record<string, unknown>, string]> = [
  ['JSON envelope', { message: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' }, 'overloaded'],
  [
    'TS SDK 400 {"type":"error",…}',
    { message: '400 {"type":"error","error":{"type":"invalid_request_error","message":"messages: text content blocks must be non-empty"}}' },
    'empty-text-block',
  ],
  [
    'TS SDK class prefix and request id',
    {
      message:
        'BadRequestError: 400 {"type":"error","error":{"type":"invalid_request_error","message":"messages.2: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_016stRu8dWd4rjmFSVxuJNpo. Each `tool_use` block must have a corresponding `tool_result` block in the next message."},"request_id":"req_011CSLmVyZCJ9sNjG5b8wKdZ"}',
    },
    'tool-result-missing',
  ],
  [
    "Python Error code: 400 - {'type': 'error', …}",
    { message: "Error code: 400 - {'type': 'error', 'error': {'type': 'invalid_request_error', 'message': 'prompt is too long: 208656 tokens > 200000 maximum'}}" },
    'context-window-exceeded',
  ],
  [
    'Python repr with the exception class',
    {
      exception: 'anthropic.RateLimitError',
      message: "Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error', 'message': 'Number of request tokens has exceeded your per-minute rate limit'}}",
    },
    'rate-limit-tokens',
  ],
  [
    'Bedrock botocore wording',
    { message: 'An error occurred (ThrottlingException) when calling the InvokeModel operation (reached max retries: 4): Too many requests, please wait before trying again.' },
    'rate-limit-requests',
  ],
  [
    'Bedrock on-demand throughput',
    {
      platform: 'bedrock',
      message:
        'ValidationException: Invocation of model ID anthropic.claude-3-5-sonnet-20241022-v2:0 with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.',
    },
    'bedrock-inference-profile-required',
  ],
  [
    'Vertex quota array',
    {
      platform: 'vertex',
      message:
        '429 [{"error":{"code":429,"message":"Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model with base model: anthropic-claude-3-5-sonnet-v2. Please submit a quota increase request.","status":"RESOURCE_EXHAUSTED"}}]',
    },
    'vertex-resource-exhausted',
  ],
  ['SSE error event after a 200', { status: 200, message: 'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' }, 'overloaded'],
  ['SSE api_error after a 200', { status: 200, error_type: 'api_error', message: 'Internal server error' }, 'internal-server-error'],
  ['status and error type only', { status: 529, error_type: 'overloaded_error' }, 'overloaded'],
  ['SDK timeout, no status', { exception: 'APIConnectionTimeoutError', message: 'Request timed out.' }, 'api-connection-timeout'],
  ['SDK abort, no status', { exception: 'APIUserAbortError', message: 'Request was aborted.' }, 'request-aborted'],
  ['fetch in an edge runtime', { sdk: 'typescript', message: 'TypeError: fetch failed' }, 'edge-fetch-failed'],
  ['connection dropped', { message: 'Error: socket hang up' }, 'socket-hang-up'],
  ['httpx pool exhausted', { sdk: 'python', exception: 'httpx.PoolTimeout', message: '' }, 'pool-timeout'],
  ['SDK not importable', { message: "ModuleNotFoundError: No module named 'anthropic'" }, 'import-error'],
  ['a wording no pattern knows, named by a cue', { message: 'apiKey not provided to the client' }, 'api-key-missing'],
  [
    'browser without opt-in',
    {
      message:
        "It looks like you're running in a browser-like environment.\n\nThis is disabled by default, as it risks exposing your secret API credentials to attackers.\nIf you understand the risks and have appropriate mitigations in place,\nyou can set the `dangerouslyAllowBrowser` option to `true`, e.g.,\n\nnew Anthropic({ apiKey, dangerouslyAllowBrowser: true });",
    },
    'browser-environment',
  ],
];

describe('claude-errors classify (built CLI)', () => {
  it('writes one line per input, in order, with catalog_id, title, fix, confidence and fingerprint', async () => {
    const r = await run(['classify'], jsonl(SHAPES.map(([, input]) => input)));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const out = parseLines(r.out);
    expect(out.map((o) => o['catalog_id'])).toEqual(SHAPES.map(([, , id]) => id));
    // guide rows roll up to themselves; pool-timeout and import-error are guide rows
    expect(out.find((o) => o['catalog_id'] === 'pool-timeout')?.['guide_id']).toBe('pool-timeout');
    // a refinement rolls up to the guide row it narrows
    expect(out.find((o) => o['catalog_id'] === 'bedrock-inference-profile-required')?.['guide_id']).toBe('invalid-model');
    for (const [i, o] of out.entries()) {
      const shape = SHAPES[i]![0];
      expect(Object.keys(o), shape).toEqual(expect.arrayContaining(['catalog_id', 'guide_id', 'title', 'fix', 'confidence', 'fingerprint']));
      expect(typeof o['title'], shape).toBe('string');
      expect((o['fix'] as string).length, shape).toBeGreaterThan(20);
      expect(o['confidence'] as number, shape).toBeGreaterThan(0);
      expect(o['confidence'] as number, shape).toBeLessThanOrEqual(1);
      expect(o['fingerprint'], shape).toBeNull();
    }
    // what named the cause: a message pattern, or a cue whose name is given
    expect(out.find((o) => o['catalog_id'] === 'socket-hang-up')).toMatchObject({ matched_by: 'message', cue: null });
    expect(out.find((o) => o['catalog_id'] === 'api-key-missing')).toMatchObject({ matched_by: 'cue', cue: 'api-key-not-set', confidence: 0.72 });
  });

  it('names an unknown error with confidence 0 and a fingerprint that masks ids, numbers and quoted values', async () => {
    const msg = (n: number, req: string, v: string) =>
      `Error code: 400 - {'type': 'error', 'error': {'type': 'invalid_request_error', 'message': 'widget ${n} of '${v}' is not frobnicable (request ${req})'}}`;
    const r = await run(['classify'], jsonl([{ message: msg(12, 'req_011CAbCdEfGhIjKlMnOpQrSt', 'blue') }, { message: msg(99, 'req_011CZyXwVuTsRqPoNmLkJiHg', 'green') }]));
    expect(r.code).toBe(0);
    const [a, b] = parseLines(r.out);
    expect(a).toMatchObject({ catalog_id: 'unknown', guide_id: null, title: 'Unknown error', confidence: 0 });
    expect(a!['fingerprint']).toBe(b!['fingerprint']);
    expect(a!['fingerprint']).toContain('is not frobnicable');
    expect(a!['fingerprint']).not.toMatch(/blue|req_|12/);
  });

  it('reads an error whose SDK is named as a Claude API call: a wording every client prints alike names its row', async () => {
    // the JDK's `Premature EOF` names a cut stream only when something ties it to Claude (catalog: stream-interrupted)
    const message = 'java.io.IOException: Premature EOF';
    const r = await run(['classify'], jsonl([{ message }, { message, sdk: 'anthropic-java' }]));
    expect(r.code).toBe(0);
    const [bare, named] = parseLines(r.out);
    expect(bare).toMatchObject({ catalog_id: 'unknown', guide_id: null });
    expect(named).toMatchObject({ catalog_id: 'stream-interrupted', guide_id: 'stream-interrupted' });
  });

  it('a malformed line gets an {"error"} line in its place, stderr names its line number, the rest goes on, exit 1', async () => {
    const input = [
      JSON.stringify({ status: 529, message: 'Overloaded' }),
      '{"status": 429, "message": ',
      '',
      '[1, 2, 3]',
      JSON.stringify({ status: 'soon', message: 'x' }),
      JSON.stringify({ message: 'Error: socket hang up' }),
    ].join('\n');
    const r = await run(['classify'], input + '\n');
    expect(r.code).toBe(1);
    const out = parseLines(r.out);
    expect(out).toHaveLength(5); // the blank line is skipped
    expect(out[0]!['catalog_id']).toBe('overloaded');
    expect(Object.keys(out[1]!)).toEqual(['error']);
    expect(out[1]!['error']).toMatch(/^line 2: invalid JSON/);
    expect(out[2]!['error']).toMatch(/^line 4: /);
    expect(out[3]!['error']).toMatch(/^line 5: .*status/);
    expect(out[4]!['catalog_id']).toBe('socket-hang-up');
    const errLines = r.err.split('\n').filter(Boolean);
    expect(errLines.filter((l) => /line 2\b/.test(l))).toHaveLength(1);
    expect(errLines.filter((l) => /line 4\b/.test(l))).toHaveLength(1);
    expect(errLines.filter((l) => /line 5\b/.test(l))).toHaveLength(1);
    expect(r.err).not.toMatch(/line [136]\b/);
  });

  it('keeps the order over many lines (output is written with backpressure)', async () => {
    const n = 20_000;
    const rows = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? { status: 529, message: `Overloaded ${i}` } : i % 3 === 1 ? { status: 429, message: `tokens per minute ${i}` } : { status: 400, message: `frob ${i}` }));
    const r = await run(['classify'], jsonl(rows));
    expect(r.code).toBe(0);
    const ids = parseLines(r.out).map((o) => o['catalog_id']);
    expect(ids).toHaveLength(n);
    expect(ids.every((id, i) => id === ['overloaded', 'rate-limit-tokens', 'unknown'][i % 3])).toBe(true);
  });

  it('rejects arguments with exit 2', async () => {
    const r = await run(['classify', 'errors.jsonl'], '');
    expect(r.code).toBe(2);
    expect(r.err).toContain("unexpected argument 'errors.jsonl'");
  });
});
