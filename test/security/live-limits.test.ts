// Issue 10 item 3: live-stream clients that stopped reading made the analyzer buffer every event
// for them (20 such clients and 60 records with 1 MB messages: 182 MB -> 3.9 GB), the 11th
// client raised MaxListenersExceededWarning, and /api/v1/errors?limit=500 answered 141 MB. Now
// messages in lists and live rows are cut to 2,000 characters, and a client with more than the
// bound unsent is disconnected and counted. Bounded by counts, not by time.
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzerApp, failedCall, type TestAnalyzer } from './analyzer-app.js';

const TOKEN = 'live-test-token';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const MAX_CHARS = 2000;
const BOUND = 256 * 1024;
const STALLED = 3;
const BIG = 'x'.repeat(100_000);
/** Longer than the cut, so every live row is as large as a row can be. */
const LONG = 'y'.repeat(3000);

let t: TestAnalyzer;
let base = '';
let seq = 1;
const warnings: Error[] = [];
const onWarning = (w: Error): void => void warnings.push(w);

beforeAll(async () => {
  process.on('warning', onWarning);
  t = await analyzerApp({ apiToken: TOKEN, live: { throttleMs: 1, maxBufferedBytes: BOUND } });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  process.off('warning', onWarning);
  await t?.close();
});

interface LiveClient {
  req: ClientRequest;
  res: IncomingMessage;
  /** `records` events received (a reading client only). */
  events: { count: number; errors: { message: string | null; message_truncated?: boolean }[] }[];
  closed: boolean;
}

/** Connects to the live stream; a stalled client never reads a byte after the headers. */
function connect(stalled: boolean): Promise<LiveClient> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/api/v1/live`, { headers: AUTH }, (res) => {
      const client: LiveClient = { req, res, events: [], closed: false };
      // The socket, not the response: a paused response never gets to 'end' and 'close'.
      res.socket.once('close', () => (client.closed = true));
      res.on('error', () => undefined);
      if (stalled) res.pause();
      else {
        let buf = '';
        res.setEncoding('utf8').on('data', (chunk: string) => {
          buf += chunk;
          let end: number;
          while ((end = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, end);
            buf = buf.slice(end + 2);
            const data = /^event: records\ndata: (.*)$/s.exec(block);
            if (data) client.events.push(JSON.parse(data[1]!));
          }
        });
      }
      resolve(client);
    });
    req.on('error', reject).end();
  });
}

async function metrics(): Promise<Record<string, number>> {
  const text = (await t.app.inject({ url: '/metrics', headers: AUTH })).body;
  return Object.fromEntries([...text.matchAll(/^(analyzer_live_\w+) (\d+)$/gm)].map((m) => [m[1]!, Number(m[2])]));
}

/** Resolves once `client` has received `n` events; the check runs on each chunk it reads. */
function eventsReceived(client: LiveClient, n: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (client.events.length >= n) done();
      else if (client.closed) done(new Error('the reading client was disconnected'));
    };
    const done = (err?: Error): void => {
      client.res.off('data', check);
      client.res.socket.off('close', check);
      if (err) reject(err);
      else resolve();
    };
    client.res.on('data', check);
    client.res.socket.on('close', check);
    check();
  });
}

function closed(client: LiveClient): Promise<void> {
  return new Promise((resolve) => (client.closed ? resolve() : client.res.socket.once('close', () => resolve())));
}

describe('live stream', () => {
  it('drops clients that stop reading once they pass the bound, keeps the one that reads, and cuts messages', async () => {
    const reader = await connect(false);
    const stalled = await Promise.all(Array.from({ length: STALLED }, () => connect(true)));
    let rounds = 0;
    // Each round ingests 25 failed calls (50 rows) with messages longer than the cut: one event of ~120 kB.
    // 400 rounds push ~48 MB at each client, far past kernel socket buffers plus the bound.
    while ((await metrics()).analyzer_live_dropped_clients_total! < STALLED && rounds < 400) {
      rounds++;
      const records = Array.from({ length: 25 }, () => failedCall(seq++, LONG)).flat();
      await t.ingest.ingest({ records });
      await eventsReceived(reader, rounds);
    }
    const m = await metrics();
    expect(m.analyzer_live_dropped_clients_total, `after ${rounds} rounds`).toBe(STALLED);
    expect(m.analyzer_live_clients).toBe(1);
    // The most any client held unsent: the bound plus one event at most.
    expect(m.analyzer_live_max_buffered_bytes).toBeLessThanOrEqual(BOUND + 200_000);
    expect(reader.closed).toBe(false);
    // The server let them go; a paused client cannot see it (its unread bytes sit in the kernel).
    for (const s of stalled) s.res.destroy();
    const rows = reader.events.flatMap((e) => e.errors);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.message!.length).toBe(MAX_CHARS);
      expect(row.message_truncated).toBe(true);
    }
    reader.req.destroy();
    await closed(reader);
  });

  it('serves many clients through one listener: no MaxListenersExceededWarning', async () => {
    const clients = await Promise.all(Array.from({ length: 15 }, () => connect(false)));
    expect((await metrics()).analyzer_live_clients).toBe(15);
    expect(t.ingest.listenerCount('records')).toBe(1);
    await t.ingest.ingest({ records: failedCall(seq++, 'one more') });
    await Promise.all(clients.map((c) => eventsReceived(c, 1)));
    for (const c of clients) c.req.destroy();
    await Promise.all(clients.map(closed));
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });
});

describe('list views', () => {
  it('cut messages to 2,000 characters; the detail route has the stored message whole', async () => {
    await t.ingest.ingest({ records: Array.from({ length: 250 }, () => failedCall(seq++, BIG)).flat() });
    const res = await t.app.inject({ url: '/api/v1/errors?limit=500&from=-1h', headers: AUTH });
    expect(res.statusCode).toBe(200);
    const rows = res.json().rows as { message: string; message_truncated: boolean; trace_id: string; span_id: string }[];
    expect(rows.length).toBe(500);
    // 500 rows of 100 kB messages were ~50 MB; cut, well under 2 MB.
    expect(res.rawPayload.length).toBeLessThan(2_000_000);
    const big = rows.filter((r) => r.message_truncated);
    expect(big.length).toBe(500);
    for (const r of big) expect(r.message.length).toBe(MAX_CHARS);
    const one = big[0]!;
    const detail = (await t.app.inject({ url: `/api/v1/errors/${one.trace_id}/${one.span_id}`, headers: AUTH })).json();
    expect(detail.call.message).toBe(BIG);
    expect(detail.call.message_truncated).toBe(false);
    const patterns = await t.app.inject({ url: '/api/v1/patterns', headers: AUTH });
    for (const p of patterns.json().patterns as { sample: string | null }[]) expect((p.sample ?? '').length).toBeLessThanOrEqual(MAX_CHARS);
  });
});
