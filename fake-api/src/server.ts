// The fake Claude API: a node:http server whose answer to each request is a scripted Fate.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { batchResultsJsonl, DEFAULT_MODEL, endedBatchBody, newId, successBody, type BatchResultSpec } from './bodies.js';
import { DEFAULT_ERROR_MESSAGES, type Fate, type SuccessFate } from './fates.js';
import { responseHeaders } from './headers.js';
import { chunkFrame, exceptionFrame } from './event-stream.js';
import { completionStream, encodeEvent, messageStream, partialMessageStream, type SseEvent } from './sse.js';

export interface RecordedRequest {
  method: string;
  /**
   * Path without the query string, e.g. /v1/messages. The `/anthropic` prefix of the Microsoft
   * Foundry and Bedrock Mantle base URLs (`https://{resource}.services.ai.azure.com/anthropic/`,
   * `https://bedrock-mantle.{region}.api.aws/anthropic`) is left off: both serve the Anthropic API
   * under it. `url` keeps it.
   */
  path: string;
  /** Path with the query string, e.g. /v1/messages?beta=true. */
  url: string;
  /** Request headers, names in lower case. */
  headers: Record<string, string>;
  /** Request body text ('' when none). */
  body: string;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  json: Record<string, unknown> | undefined;
  /** Epoch milliseconds when the request was received. */
  time: number;
  /** The request-id this request was answered with. */
  requestId: string;
}

export interface FakeApi {
  /** Base URL for the SDK, e.g. http://127.0.0.1:43123. */
  url: string;
  requests: RecordedRequest[];
  /** Fates consumed one per request, first in first out; an empty queue answers with success. */
  enqueue(...fates: Fate[]): void;
  /** A function that picks a request's fate; when it returns a Fate the queue is not consulted. */
  setHandler(fn: ((req: RecordedRequest) => Fate | undefined) | null): void;
  /**
   * Makes batch `id` an ended batch whose results are `results`: `GET /v1/messages/batches/:id`
   * answers `processing_status: ended` with the counts and a `results_url` on this server, and
   * `GET /v1/messages/batches/:id/results` answers the `.jsonl` (what `client.messages.batches.results(id)`
   * downloads). Fates still apply first: an error fate answers either request with that error.
   */
  setBatchResults(id: string, results: BatchResultSpec[]): void;
  /** Clears the recorded requests, the queue and the handler. */
  reset(): void;
  close(): Promise<void>;
}

interface State {
  queue: Fate[];
  handler: ((req: RecordedRequest) => Fate | undefined) | null;
  requests: RecordedRequest[];
  timers: Set<NodeJS.Timeout>;
  batches: Map<string, BatchResultSpec[]>;
  url: string;
}

function sleep(state: State, ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      state.timers.delete(t);
      resolve();
    }, ms);
    state.timers.add(t);
  });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function record(req: IncomingMessage, body: string): RecordedRequest {
  const url = req.url ?? '/';
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return {
    method: req.method ?? 'GET',
    path: (url.split('?')[0] ?? url).replace(/^\/anthropic(?=\/v1\/)/, ''),
    url,
    headers,
    body,
    json: parseJson(body),
    time: Date.now(),
    requestId: newId('req'),
  };
}

function pickFate(state: State, rec: RecordedRequest): Fate {
  const fromHandler = state.handler?.(rec);
  if (fromHandler) return fromHandler;
  return state.queue.shift() ?? { kind: 'success' };
}

/** Bedrock's streaming route; its answers use the AWS event-stream framing (event-stream.ts). */
const BEDROCK_STREAM = /^\/model\/([^/]+)\/invoke-with-response-stream$/;
const EVENT_STREAM = 'application/vnd.amazon.eventstream';

async function writeEvents(state: State, res: ServerResponse, events: SseEvent[], delayMs: number, bedrock = false): Promise<void> {
  for (const e of events) {
    if (res.destroyed) return;
    res.write(bedrock ? chunkFrame(e) : encodeEvent(e));
    await sleep(state, delayMs);
  }
}

function streamType(bedrock: boolean): string {
  return bedrock ? EVENT_STREAM : 'text/event-stream; charset=utf-8';
}

function sendJson(res: ServerResponse, status: number, headers: Record<string, string>, body: unknown): void {
  res.writeHead(status, headers);
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** The API's error body; `errorCode` becomes `error.details.error_code`, as the API sends it. */
function errorEnvelope(type: string, message: string | undefined, requestId: string, errorCode?: string): Record<string, unknown> {
  const error: Record<string, unknown> = { type, message: message ?? DEFAULT_ERROR_MESSAGES[type] ?? type };
  if (errorCode !== undefined) error['details'] = { error_code: errorCode };
  return { type: 'error', error, request_id: requestId };
}

async function answerSuccess(state: State, rec: RecordedRequest, fate: SuccessFate, res: ServerResponse): Promise<void> {
  const model = typeof rec.json?.['model'] === 'string' ? rec.json['model'] : DEFAULT_MODEL;
  const bedrock = BEDROCK_STREAM.exec(rec.path);
  if (bedrock) {
    res.writeHead(200, responseHeaders(fate, rec.requestId, EVENT_STREAM));
    await writeEvents(state, res, messageStream(decodeURIComponent(bedrock[1]!), fate), fate.eventDelayMs ?? 0, true);
    res.end();
    return;
  }
  if (rec.json?.['stream'] === true && (rec.path === '/v1/messages' || rec.path === '/v1/complete')) {
    res.writeHead(200, responseHeaders(fate, rec.requestId, 'text/event-stream; charset=utf-8'));
    const events = fate.events ?? (rec.path === '/v1/complete' ? completionStream(model, fate) : messageStream(model, fate));
    await writeEvents(state, res, events, fate.eventDelayMs ?? 0);
    res.end();
    return;
  }
  // A Managed Agents session event stream: the fate's events (none by default), then the body ends.
  if (rec.method === 'GET' && SESSION_STREAM.test(rec.path)) {
    res.writeHead(200, responseHeaders(fate, rec.requestId, 'text/event-stream; charset=utf-8'));
    await writeEvents(state, res, fate.events ?? [], fate.eventDelayMs ?? 0);
    res.end();
    return;
  }
  if (answerBatch(state, rec, fate, res)) return;
  const body = successBody(rec.method, rec.path, fate, rec.json ?? {});
  if (body === undefined) {
    const msg = `Not found: ${rec.method} ${rec.path}`;
    sendJson(res, 404, responseHeaders(fate, rec.requestId, 'application/json'), errorEnvelope('not_found_error', msg, rec.requestId));
    return;
  }
  sendJson(res, 200, responseHeaders(fate, rec.requestId, 'application/json'), body);
}

const BATCH = /^\/v1\/messages\/batches\/([^/]+)(\/results)?$/;
const SESSION_STREAM = /^\/v1\/sessions\/[^/]+\/events\/stream$/;

/** A batch set with setBatchResults: its ended state, or its results as JSONL. Returns whether it answered. */
function answerBatch(state: State, rec: RecordedRequest, fate: SuccessFate, res: ServerResponse): boolean {
  const m = rec.method === 'GET' ? BATCH.exec(rec.path) : null;
  const results = m ? state.batches.get(decodeURIComponent(m[1]!)) : undefined;
  if (!m || !results) return false;
  const id = decodeURIComponent(m[1]!);
  if (m[2] === undefined) {
    const body = endedBatchBody(id, results, `${state.url}/v1/messages/batches/${encodeURIComponent(id)}/results`);
    sendJson(res, 200, responseHeaders(fate, rec.requestId, 'application/json'), body);
    return true;
  }
  // The results file is sent as it is stored: bytes, not JSON (the SDK asks for application/binary).
  res.writeHead(200, responseHeaders(fate, rec.requestId, 'application/binary'));
  res.end(batchResultsJsonl(results));
  return true;
}

async function answer(state: State, rec: RecordedRequest, fate: Fate, res: ServerResponse): Promise<void> {
  await sleep(state, fate.delayMs ?? 0);
  if (res.destroyed) return;
  const bedrockRoute = BEDROCK_STREAM.exec(rec.path);
  const bedrock = bedrockRoute !== null;
  // Bedrock names the model in the path, not the body.
  const model = bedrockRoute ? decodeURIComponent(bedrockRoute[1]!) : typeof rec.json?.['model'] === 'string' ? rec.json['model'] : DEFAULT_MODEL;
  switch (fate.kind) {
    case 'success':
      return answerSuccess(state, rec, fate, res);
    case 'error': {
      const headers = responseHeaders(fate, rec.requestId, fate.rawBody === undefined ? 'application/json' : 'text/plain');
      sendJson(res, fate.status, headers, fate.rawBody ?? errorEnvelope(fate.type, fate.message, rec.requestId, fate.errorCode));
      return;
    }
    case 'stream-error': {
      res.writeHead(200, responseHeaders(fate, rec.requestId, streamType(bedrock)));
      const events = partialMessageStream(model, fate.afterDeltas ?? 2);
      if (!bedrock) events.push({ event: 'error', data: errorEnvelope(fate.type, fate.message, rec.requestId) });
      await writeEvents(state, res, events, fate.eventDelayMs ?? 0, bedrock);
      // Bedrock: an exception frame named by `type` (modelStreamErrorException, throttlingException, …).
      if (bedrock && !res.destroyed) res.write(exceptionFrame(fate.type, fate.message ?? DEFAULT_ERROR_MESSAGES[fate.type] ?? fate.type));
      res.end();
      return;
    }
    case 'stream-cut': {
      res.writeHead(200, responseHeaders(fate, rec.requestId, streamType(bedrock)));
      await writeEvents(state, res, partialMessageStream(model, fate.afterDeltas ?? 2), fate.eventDelayMs ?? 0, bedrock);
      res.end();
      return;
    }
    case 'hang-up': {
      const socket = res.socket;
      if (fate.reset === false) socket?.destroy();
      else socket?.resetAndDestroy();
      return;
    }
  }
}

/** Starts the fake API on 127.0.0.1 (a free port unless `port` is given). */
export async function startFakeApi(opts: { host?: string; port?: number } = {}): Promise<FakeApi> {
  const state: State = { queue: [], handler: null, requests: [], timers: new Set(), batches: new Map(), url: '' };
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    void (async () => {
      const rec = record(req, await readBody(req));
      state.requests.push(rec);
      await answer(state, rec, pickFate(state, rec), res);
    })().catch(() => res.destroy());
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  state.url = `http://${host}:${port}`;
  return {
    url: `http://${host}:${port}`,
    requests: state.requests,
    enqueue: (...fates) => void state.queue.push(...fates),
    setHandler: (fn) => void (state.handler = fn),
    setBatchResults: (id, results) => void state.batches.set(id, results),
    reset: () => {
      state.requests.length = 0;
      state.queue.length = 0;
      state.handler = null;
      state.batches.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of state.timers) clearTimeout(t);
        state.timers.clear();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
