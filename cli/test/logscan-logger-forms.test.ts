import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { scanPaths } from '../src/logscan/index.js';
import { detectShipperJson, unwrapShipperJson } from '../src/logscan/shipper-json.js';

/**
 * How applications log an error they caught (`npm run eval:analyze -- --logger-forms`): a JSON
 * record reads its message as a text line is read, the API's envelope is read wherever a record
 * carries it, and a shipper's JSON record around every line is read past.
 */

async function events(text: string): Promise<Array<[number, number | null, string]>> {
  const r = await scanPaths(['-'], { stdin: Readable.from([Buffer.from(text)]) });
  return r.events.map((e) => [e.line, e.status, e.catalog_id]);
}

const json = (o: unknown): string => JSON.stringify(o);
const ENVELOPE = { type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long: 211219 tokens > 200000 maximum' } };

describe('analyze: errors as loggers print them', () => {
  it("a record whose message is Claude Code's UI line has its context, as the line would", async () => {
    const line = 'API Error (Request timed out.) · Retrying in 1 seconds… (attempt 1/10)';
    expect(await events(line)).toEqual([[1, null, 'api-connection-timeout']]);
    expect(await events(json({ level: 50, time: 1740823200123, msg: line }))).toEqual([[1, null, 'api-connection-timeout']]);
    expect(await events(json({ level: 'ERROR', msg: 'request failed', err: line }))).toEqual([[1, null, 'api-connection-timeout']]);
  });

  it("the API's envelope is read under whatever key a record carries it, as an object or as JSON text", async () => {
    for (const [rec, status] of [
      [{ level: 'error', msg: 'request failed', error: ENVELOPE }, null],
      [{ level: 50, msg: 'upstream call failed', status: 400, response: { body: ENVELOPE } }, 400],
      [{ level: 'error', message: 'upstream error', data: JSON.stringify(ENVELOPE) }, null],
    ] as const) expect(await events(json(rec)), json(rec)).toEqual([[1, status, 'context-window-exceeded']]);
  });

  it("the API's 413 body is read by its type, the one whose name does not end in _error", async () => {
    const body = '{"type":"error","error":{"type":"request_too_large","message":"Request exceeds the maximum allowed number of bytes."}}';
    expect(await events(`Error: 413 ${body}`)).toEqual([[1, 413, 'request-too-large']]);
    expect(await events(json({ level: 'error', msg: body }))).toEqual([[1, null, 'request-too-large']]);
  });

  it("a status a record names beside the envelope that is not its type's is a wrapper's", async () => {
    const overloaded = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } };
    expect(await events(json({ level: 'error', code: 500, message: 'upstream error', data: JSON.stringify(overloaded) }))).toEqual([[1, 529, 'overloaded']]);
    expect(await events(json({ level: 'error', status: 529, msg: JSON.stringify(overloaded) }))).toEqual([[1, 529, 'overloaded']]);
  });

  it('the distinct bodies in one record are one event each, each with its own status and type', async () => {
    const over = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } };
    const rate = { type: 'error', error: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit' } };
    const line = `Anthropic call failed: ${json(over)}; fallback failed: ${json(rate)}`;
    const want = [[1, null, 'overloaded'], [1, null, 'rate-limit-tokens']];
    expect(await events(line)).toEqual(want);
    expect(await events(json({ level: 50, msg: line, err: { message: line, status: 529 } }))).toEqual(want);
  });

  it("an Anthropic SDK's own message in a record is Claude context, as in a line", async () => {
    const msg = 'Could not resolve authentication method. Expected either apiKey or authToken to be set.';
    expect(await events(json({ level: 'error', msg: 'request failed', err: { message: msg } }))).toEqual([[1, null, 'api-key-missing']]);
  });

  it("pino-pretty's error dump under a time of day is one log event: its message and its stack are one failure", async () => {
    const t = 'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}';
    const dump = ['    err: {', '      "type": "Error",', `      "message": ${json(t)},`, '      "stack":', `          Error: ${t}`, '              at call (/app/llm.js:42:11)', '      "status": 529', '    }'];
    expect(await events(['[10:00:00.123] ERROR (7 on web-1): request failed', ...dump].join('\n'))).toEqual([[4, 529, 'overloaded']]);
    expect(await events(['[2025-03-01 10:00:00.123 +0000] ERROR (7 on web-1): request failed', ...dump].join('\n'))).toEqual([[4, 529, 'overloaded']]);
  });

  it("a dump's stack head that repeats the message above it is that failure, when the message carries its own timestamp", async () => {
    const t = '2026-08-12T13:15:04.721Z [WARN] Stream connection error (ECONNRESET) — retrying streaming (1/10)';
    const dump = ['[10:00:00.123] ERROR (7 on web-1): request failed', '    err: {', '      "type": "Error",', `      "message": ${json(t)},`, '      "stack":', `          Error: ${t}`, '              at call (/app/llm.js:42:11)', '    }'];
    expect(await events(dump.join('\n'))).toEqual([[4, null, 'stream-interrupted']]); // a reset after the stream began
    // a message line whose string closes on it is one line, even when the body it quotes was cut open
    const ui = '⎿  API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"Unexpected value(s) for the anthropic-beta header';
    const cut = ['[10:00:00.123] ERROR (7 on web-1): request failed', '    err: {', `      "message": ${json(ui)},`, '      "stack":', `          Error: ${ui}`, '              at call (/app/llm.js:42:11)', '      "status": 400', '    }'];
    expect(await events(cut.join('\n'))).toHaveLength(1);
    // the same line logged twice, with no message above, is two failures
    expect(await events([`Error: ${t}`, '    at call (/app/llm.js:42:11)', `Error: ${t.replace('04.721', '09.950')}`].join('\n'))).toHaveLength(2);
  });

  it("Claude Code's Errors array after a logger's prefix, or quoted as a string, is read as at a line's start", async () => {
    const arr = json([
      { error: 'Error: Request was aborted.\n    at _ (B:/~BUN/root/src/entrypoints/cli.js:1206:12459)', timestamp: '2026-03-18T12:45:23.600Z' },
      { error: 'Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n    at x (cli.js:1:2)', timestamp: '2026-03-18T12:46:00.000Z' },
    ]);
    const want = [
      [1, null, 'request-aborted'],
      [1, 529, 'overloaded'],
    ];
    expect(await events(arr)).toEqual(want);
    for (const line of [`ERROR:app.llm:${arr}`, `2025-03-01 10:00:00,123 ERROR app: ${arr}`, `time=2025-03-01T10:00:00Z level=ERROR err=${json(arr)}`, `ERROR app.llm: request failed: RuntimeError('${arr.replace(/\\/g, '\\\\')}')`])
      expect(await events(line), line).toEqual(want);
    // the lines below the array are not its own: a cut last element does not take them in
    const cut = `Error: ${arr.slice(0, arr.lastIndexOf('{"error":"') + 15)}\n    at call (/app/llm.js:42:11) {\n  status: 400,\n}`;
    expect(await events(cut)).toEqual([[1, null, 'request-aborted']]);
  });

  it("a shipper's JSON record around every line is read as the line it carries", async () => {
    const lines = [
      '2025-03-01 10:00:00,123 - app.llm - ERROR - request failed',
      'Traceback (most recent call last):',
      '  File "/app/llm.py", line 42, in call',
      '    resp = client.messages.create(**kwargs)',
      "anthropic.RateLimitError: Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error', 'message': 'Number of request tokens has exceeded your per-minute rate limit'}}",
    ];
    const plain = await events(lines.join('\n'));
    expect(plain).toEqual([[5, 429, 'rate-limit-tokens']]);
    const docker = lines.map((l) => json({ log: `${l}\n`, stream: 'stderr', time: '2025-03-01T10:00:00.123456789Z' })).join('\n');
    expect(await events(docker)).toEqual(plain);
    const gcp = lines.map((l) => json({ textPayload: l, severity: 'ERROR', timestamp: '2025-03-01T10:00:00Z' })).join('\n');
    expect(await events(gcp)).toEqual(plain);
    // pieces cut anywhere, a record's line waiting for the next piece
    const r = await scanPaths(['-'], { stdin: Readable.from([Buffer.from(docker.slice(0, 97)), Buffer.from(docker.slice(97))]) });
    expect(r.events.map((e) => e.catalog_id)).toEqual(['rate-limit-tokens']);
  });

  it("a shipper is read only when most first lines are its records; other lines stay", () => {
    const rec = json({ log: 'ERROR boom\n', stream: 'stderr', time: 't' });
    expect(detectShipperJson(`${rec}\n${rec}\nplain`)).toBe('log');
    expect(detectShipperJson(json({ log: 'x', level: 'info' }))).toBeNull(); // an app's own `log` field, no shipper's mark
    expect(detectShipperJson('plain\nlines\n' + rec)).toBeNull();
    expect(unwrapShipperJson(`${rec}\nplain\n`, 'log')).toBe('ERROR boom\nplain\n');
  });

  it("other providers' errors, telemetry and successes logged the same ways are not reported", async () => {
    const others = [
      `openai.RateLimitError: Error code: 429 - {'error': {'message': 'Rate limit reached for gpt-4o', 'type': 'tokens', 'param': None, 'code': 'rate_limit_exceeded'}}`,
      `{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}`,
      'Failed to export spans. The request could not be executed. Full error message: Connection refused (status=503)',
      'HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 200 OK"',
    ];
    for (const t of others) {
      expect(await events(json({ level: 50, msg: t, err: { message: t } })), t).toEqual([]);
      expect(await events(json({ log: `ERROR ${t}\n`, stream: 'stderr', time: 't' })), t).toEqual([]);
    }
  });
});
