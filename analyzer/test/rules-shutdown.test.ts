// RuleEngine.shutdown leaves nothing running on its connection: the analyzer closes the DuckDB
// instance right after it, and closing an instance under a running statement ends the process
// with SIGSEGV.
import { afterEach, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { RuleEngine } from '../src/rules/index.js';
import { clock, engine, overloadedStreakRule, rec, settle, startReceiver, tempDb, writeRules, type Receiver, type TempDb } from './rules-fixtures.js';

const RULE = overloadedStreakRule({ threshold: 3, successes: 1, severity: 'warning' });
const yaml = (url: string, rules = RULE, notifier = 'hook') => `
rules:
${rules}
notifiers:
  - { name: ${notifier}, type: webhook, url: "${url}/hook", format: json }
`;

/** The connection, counting its statements running and those started after `closed` was set. */
function traced(conn: DuckDBConnection) {
  const log = { running: 0, late: [] as string[], closed: false };
  const proxy = new Proxy(conn, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const out: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (!(out instanceof Promise)) return out;
        if (log.closed) log.late.push(`${String(prop)}: ${String(args[0]).slice(0, 60)}`);
        log.running++;
        return out.finally(() => log.running--);
      };
    },
  });
  return { conn: proxy, log };
}

describe('RuleEngine.shutdown', () => {
  const c = clock();
  let db: TempDb;
  let receiver: Receiver;
  const engines: RuleEngine[] = [];
  let release = (): void => undefined;

  async function setup(): Promise<void> {
    db = await tempDb();
    receiver = await startReceiver();
  }

  async function start(conn: DuckDBConnection, rules = RULE, notifier = 'hook'): Promise<RuleEngine> {
    const e = engine(db, { connection: conn, rulesFile: await writeRules(db.dir, yaml(receiver.url, rules, notifier)), now: c.now });
    engines.push(e);
    await e.start();
    return e;
  }

  /**
   * Shuts `e` down, answering the held webhook requests 100 ms later (a shutdown that does not wait
   * for them is over by then); what ran on the connection once it resolved, or started later.
   */
  async function shutdownClosing(e: RuleEngine, log: ReturnType<typeof traced>['log']): Promise<{ running: number; late: string[] }> {
    const stopping = e.shutdown();
    setTimeout(release, 100);
    await stopping;
    log.closed = true;
    const running = log.running;
    await settle(200);
    return { running, late: log.late };
  }

  const deliveries = async () =>
    (await db.connection.runAndReadAll(`SELECT rule, status, notifier, delivery FROM alerts WHERE notifier IS NOT NULL ORDER BY seq`)).getRowObjectsJS();

  const m529 = (time: number) => rec({ time, status: 529, model: 'm1' });

  afterEach(async () => {
    release();
    for (const e of engines.splice(0)) await e.shutdown();
    await receiver.close();
    await db.close();
  });

  it('waits for the delivery outcome of a request in flight, with no group left to save', async () => {
    await setup();
    const first = await start(db.connection);
    const t = c.now();
    await first.observe([m529(t), m529(t + 1), m529(t + 2)]);
    await receiver.waitFor(1);
    await first.shutdown();

    // The rule is renamed: on start the engine resolves the old alert, and has no group of its own.
    const held = receiver.hold();
    release = held.release;
    const { conn, log } = traced(db.connection);
    const e = await start(conn, RULE.replace('overloaded-streak', 'renamed-streak'));
    await held.arrived;
    expect(e.rules()[0]?.groups).toEqual([]);
    expect(await shutdownClosing(e, log)).toEqual({ running: 0, late: [] });
    expect(await deliveries()).toMatchObject([
      { rule: 'overloaded-streak', status: 'firing', delivery: 'sent' },
      { rule: 'overloaded-streak', status: 'resolved', delivery: 'sent' },
    ]);
  });

  it('waits for a notifier that a reload removed to finish its request', async () => {
    await setup();
    const { conn, log } = traced(db.connection);
    const e = await start(conn);
    const held = receiver.hold();
    release = held.release;
    const t = c.now();
    await e.observe([m529(t), m529(t + 1), m529(t + 2)]);
    await held.arrived;
    await writeRules(db.dir, yaml(receiver.url, RULE, 'other-hook'));
    expect(await e.reload()).toBe(true);
    expect(await shutdownClosing(e, log)).toEqual({ running: 0, late: [] });
    expect(await deliveries()).toMatchObject([{ status: 'firing', notifier: 'hook', delivery: 'sent' }]);
  });

  it('waits for an evaluation under way', async () => {
    await setup();
    const { conn, log } = traced(db.connection);
    const e = await start(conn);
    const t = c.now();
    const observing = e.observe([m529(t), m529(t + 1), m529(t + 2)]);
    expect(await shutdownClosing(e, log)).toEqual({ running: 0, late: [] });
    await observing;
    expect(await deliveries()).toMatchObject([{ status: 'firing', notifier: 'hook' }]);
  });
});
