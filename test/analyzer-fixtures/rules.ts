// Shared by the rules/notify/alerts tests (analyzer/test, cli/test): records, a real DuckDB file, a real HTTP receiver.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { ErrorRecord } from '@claude-errors/schemas';
import { RuleEngine, type RuleEngineOptions } from '@claude-errors/analyzer/rules';

export { overloadedStreakRule } from './rules-yaml.js';

let seq = 0;
const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

/** One call or attempt row. `status` null + no error_type = success. */
export function rec(opts: {
  time: number;
  kind?: 'call' | 'attempt';
  status?: number | null;
  model?: string;
  service?: string;
  attempt?: number;
  trace?: number;
  catalog_id?: string | null;
}): ErrorRecord {
  const kind = opts.kind ?? 'attempt';
  const status = opts.status ?? null;
  const failed = status !== null && status >= 400;
  const trace = opts.trace ?? ++seq;
  return {
    kind,
    time: opts.time,
    trace_id: hex(trace, 32),
    span_id: hex(trace, 16),
    attempt: kind === 'call' ? 0 : (opts.attempt ?? 1),
    service: opts.service ?? 'svc',
    source: 'claude-errors',
    platform: 'first_party',
    model: opts.model ?? 'claude-sonnet-4-5',
    outcome: failed ? 'error' : 'success',
    http_status: status ?? 200,
    error_type: status === 529 ? 'overloaded_error' : status === 500 ? 'api_error' : failed ? 'invalid_request_error' : null,
    catalog_id: opts.catalog_id !== undefined ? opts.catalog_id : status === 529 ? 'overloaded' : status === 500 ? 'api-error' : failed ? 'unknown' : null,
  };
}

/** The rows of one SDK call: its attempts (statuses in order) and the call row with the final outcome. */
export function call(time: number, statuses: number[], opts: { model?: string; service?: string } = {}): ErrorRecord[] {
  const trace = ++seq;
  const rows = statuses.map((status, i) => rec({ ...opts, time: time + i * 10, status, attempt: i + 1, trace }));
  rows.push(rec({ ...opts, time, kind: 'call', status: statuses[statuses.length - 1] ?? null, trace }));
  return rows;
}

export interface TempDb {
  dir: string;
  path: string;
  instance: DuckDBInstance;
  connection: DuckDBConnection;
  reopen(): Promise<void>;
  close(): Promise<void>;
}

export async function tempDb(): Promise<TempDb> {
  const dir = await mkdtemp(join(tmpdir(), 'ce-rules-'));
  const path = join(dir, 'analyzer.duckdb');
  const db: TempDb = {
    dir,
    path,
    instance: undefined as unknown as DuckDBInstance,
    connection: undefined as unknown as DuckDBConnection,
    async reopen() {
      db.connection?.closeSync();
      db.instance?.closeSync();
      db.instance = await DuckDBInstance.create(path);
      db.connection = await db.instance.connect();
    },
    async close() {
      db.connection.closeSync();
      db.instance.closeSync();
      await rm(dir, { recursive: true, force: true });
    },
  };
  await db.reopen();
  return db;
}

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/**
 * A real HTTP webhook receiver on 127.0.0.1. `failNext(n)` answers the next n requests with 503;
 * `hold()` keeps requests unanswered (and unrecorded) until its `release()`.
 */
export async function startReceiver() {
  const received: Received[] = [];
  let failures = 0;
  let failStatus = 503;
  let held: { requests: (() => void)[]; arrived: () => void } | undefined;
  const waiters: { n: number; resolve: () => void }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (held) {
        held.requests.push(answer);
        held.arrived();
      } else answer();
    });
    function answer(): void {
      if (failures > 0) {
        failures--;
        res.writeHead(failStatus).end('receiver down');
        return;
      }
      received.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> });
      res.writeHead(200).end('ok');
      for (const w of waiters.splice(0)) {
        if (received.length >= w.n) w.resolve();
        else waiters.push(w);
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    failNext(n: number, status = 503) {
      failures = n;
      failStatus = status;
    },
    /** Holds the requests from now on: `arrived` resolves with the first, `release()` answers them all and stops holding. */
    hold(): { arrived: Promise<void>; release(): void } {
      let arrived!: () => void;
      const first = new Promise<void>((resolve) => (arrived = resolve));
      const h = { requests: [] as (() => void)[], arrived };
      held = h;
      return {
        arrived: first,
        release() {
          if (held === h) held = undefined;
          for (const answer of h.requests.splice(0)) answer();
        },
      };
    },
    waitFor(n: number, timeoutMs = 10_000): Promise<void> {
      if (received.length >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`expected ${n} notifications, got ${received.length}`)), timeoutMs);
        waiters.push({ n, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A controllable clock for the engine. */
export function clock(start = Date.UTC(2026, 0, 1, 12)) {
  const c = { t: start, now: () => c.t, advance: (ms: number) => (c.t += ms) };
  return c;
}

export async function writeRules(dir: string, yaml: string, name = 'rules.yaml'): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, yaml);
  return file;
}

export function engine(db: TempDb, opts: Partial<RuleEngineOptions> = {}): RuleEngine {
  return new RuleEngine({ connection: db.connection, tickIntervalMs: 0, watch: false, notify: { backoffBaseMs: 50, backoffMaxMs: 200 }, ...opts });
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
export type Clock = ReturnType<typeof clock>;

export interface RulesEngineFixture<A extends unknown[]> {
  /** The running test's DuckDB file. */
  readonly db: TempDb;
  /** The running test's webhook receiver. */
  readonly receiver: Receiver;
  /** The engine `start` made last in the running test. */
  readonly engine: RuleEngine;
  /** The rules file `start` wrote last in the running test. */
  readonly file: string;
  /** The engines' clock, one for all the tests of the block. */
  readonly clock: Clock;
  /** Writes `yaml(receiver url, ...args)` as the rules file and starts an engine on it (shutting down the previous one). */
  start(...args: A): Promise<RuleEngine>;
  /** Shuts down the running engine, if any (the next `start` makes a new one on the same file and DuckDB file). */
  stop(): Promise<void>;
}

/**
 * A rule engine per test, for the tests of one describe block: before each test a fresh DuckDB file
 * and webhook receiver (and with `startEach` an engine already started on `yaml(receiver url)`);
 * after each test the engine, the receiver and the DuckDB file are shut down and removed.
 * `options` go to every engine, after the test defaults of `engine()` and the shared clock.
 */
export function useRulesEngine<A extends unknown[] = []>(
  yaml: (receiverUrl: string, ...args: A) => string,
  opts: { startEach?: boolean; options?: Partial<RuleEngineOptions> } = {},
): RulesEngineFixture<A> {
  const c = clock();
  let current: { db: TempDb; receiver: Receiver; engine?: RuleEngine; file?: string } | undefined;
  const now = () => {
    if (!current) throw new Error('useRulesEngine: only inside a test of its describe block');
    return current;
  };
  const fixture: RulesEngineFixture<A> = {
    get db() {
      return now().db;
    },
    get receiver() {
      return now().receiver;
    },
    get engine() {
      const e = now().engine;
      if (!e) throw new Error('useRulesEngine: no engine started in this test');
      return e;
    },
    get file() {
      const f = now().file;
      if (!f) throw new Error('useRulesEngine: no rules file written in this test');
      return f;
    },
    clock: c,
    async start(...args) {
      const t = now();
      await t.engine?.shutdown();
      t.file = await writeRules(t.db.dir, yaml(t.receiver.url, ...args));
      t.engine = engine(t.db, { rulesFile: t.file, now: c.now, ...opts.options });
      await t.engine.start();
      return t.engine;
    },
    async stop() {
      await now().engine?.shutdown();
    },
  };
  beforeEach(async () => {
    current = { db: await tempDb(), receiver: await startReceiver() };
    if (opts.startEach) await fixture.start(...([] as unknown[] as A));
  });
  afterEach(async () => {
    const t = current;
    current = undefined;
    await t?.engine?.shutdown();
    await t?.receiver.close();
    await t?.db.close();
  });
  return fixture;
}

/** Lets queued notifications go out (the engine never awaits them). */
export const settle = (ms = 100): Promise<void> => new Promise((r) => setTimeout(r, ms));
