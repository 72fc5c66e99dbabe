/**
 * Runs the fake Claude API as a process, for tests in other languages (the Python
 * instrumentation's pytest suite) and demos:
 *
 *   node fake-api/dist/cli.js [--port 0] [--control-port 0]
 *
 * Prints one JSON line when ready: {"url": "<API base URL>", "control": "<control base URL>"}.
 * The control server (its own port, so it never shadows an API route) scripts the fake:
 *   POST /enqueue   body: a JSON array of fates (see fates.ts), appended to the queue
 *   POST /batch-results  body: {"id": "<batch id>", "results": [BatchResultSpec, …]} (see bodies.ts)
 *   POST /reset     clears recorded requests and the queue
 *   GET  /requests  the recorded requests as JSON (method, path, url, headers, json, requestId, time)
 * It exits on SIGTERM/SIGINT or when stdin closes (so a crashed parent never leaves it behind).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import { startFakeApi } from './server.js';
import type { Fate } from './fates.js';
import type { BatchResultSpec } from './bodies.js';

const { values } = parseArgs({ options: { port: { type: 'string' }, 'control-port': { type: 'string' } } });
const api = await startFakeApi({ port: Number(values.port ?? 0) });

async function bodyOf(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? undefined : JSON.parse(text);
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function control(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const route = `${req.method ?? 'GET'} ${(req.url ?? '/').split('?')[0]}`;
  if (route === 'POST /enqueue') {
    const fates = await bodyOf(req);
    if (!Array.isArray(fates)) return reply(res, 400, { error: 'the body must be a JSON array of fates' });
    api.enqueue(...(fates as Fate[]));
    return reply(res, 200, { queued: fates.length });
  }
  if (route === 'POST /batch-results') {
    const body = (await bodyOf(req)) as { id?: unknown; results?: unknown } | undefined;
    if (typeof body?.id !== 'string' || !Array.isArray(body.results)) return reply(res, 400, { error: 'the body must be {"id": string, "results": [...]}' });
    api.setBatchResults(body.id, body.results as BatchResultSpec[]);
    return reply(res, 200, { results: body.results.length });
  }
  if (route === 'POST /reset') {
    api.reset();
    return reply(res, 200, {});
  }
  if (route === 'GET /requests') return reply(res, 200, api.requests.map(({ body: _body, ...rest }) => rest));
  reply(res, 404, { error: `no control route ${route}` });
}

const server = createServer((req, res) => {
  control(req, res).catch((err: unknown) => reply(res, 400, { error: String(err) }));
});
await new Promise<void>((resolve) => server.listen(Number(values['control-port'] ?? 0), '127.0.0.1', resolve));
const addr = server.address();
const controlPort = typeof addr === 'object' && addr ? addr.port : 0;
console.log(JSON.stringify({ url: api.url, control: `http://127.0.0.1:${controlPort}` }));

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  server.close();
  await api.close();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
process.stdin.on('end', () => void stop());
process.stdin.resume();
