// Issue 10 item 2: the collector checked the ingest token in the handler, after reading the whole
// body, so unauthenticated uploads cost memory (40 concurrent 15 MB ones: 121 -> 806 MB). The
// token is now checked in onRequest: the 401 comes back before the body is read. Real port.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collector, EmbeddedQueue } from '@claude-errors/collector';

const TOKEN = 'ingest-test-token';
const BODY_BYTES = 15 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x0a);

let collector: Collector;
let port = 0;
beforeAll(async () => {
  collector = new Collector({ exporter: new EmbeddedQueue({ maxRecords: 1000 }), port: 0, ingestToken: TOKEN, logger: false });
  await collector.start();
  port = Number(new URL(collector.url).port);
});
afterAll(() => collector?.shutdown());

/**
 * Announces a 15 MB body and sends it chunk by chunk, stopping as soon as the answer is in.
 * Resolves with the status and how many body bytes had been sent by then.
 */
function upload(path: string, headers: Record<string, string> = {}): Promise<{ status: number; sent: number }> {
  return new Promise((resolve, reject) => {
    let status = 0;
    let sent = 0;
    const req = request({ host: '127.0.0.1', port, method: 'POST', path, headers: { 'content-type': 'application/x-protobuf', 'content-length': String(BODY_BYTES), ...headers } });
    const answered = new Promise<number>((r) =>
      req.once('response', (res) => {
        status = res.statusCode ?? 0;
        res.resume().once('end', () => r(status));
      }),
    );
    req.on('error', (err) => (status ? undefined : reject(err)));
    req.flushHeaders();
    const next = (): void => {
      if (status) {
        req.destroy();
        return resolve({ status, sent });
      }
      if (sent >= BODY_BYTES) {
        req.end();
        return void answered.then((s) => resolve({ status: s, sent }));
      }
      sent += CHUNK.length;
      req.write(CHUNK, () => setImmediate(next));
    };
    next();
  });
}

describe('collector ingest token', () => {
  it.each(['/v1/traces', '/v1/logs'])('%s refuses a request without it before reading the body', async (path) => {
    for (const headers of [{}, { authorization: 'Bearer wrong' }]) {
      const { status, sent } = await upload(path, headers);
      expect(status).toBe(401);
      // The old handler answered only once all 15 MB had arrived.
      expect(sent).toBeLessThan(BODY_BYTES / 2);
    }
  });

  it('still reads the body of a request with it', async () => {
    const { status, sent } = await upload('/v1/traces', { authorization: `Bearer ${TOKEN}` });
    expect(sent).toBe(BODY_BYTES);
    expect(status).toBe(400); // 15 MB of newlines is not OTLP protobuf
  });
});
