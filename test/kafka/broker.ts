import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, openSync, closeSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { log4jProperties, newClusterId, serverProperties, type BrokerPorts } from './config.js';
import { ensureKafkaLibs } from './libs.js';

export interface BrokerOptions {
  /** Folder for server.properties, the log and the Kafka data (default: a new temp folder, removed by stop()). */
  dir?: string;
  /** Fixed ports (default: free ports chosen on 127.0.0.1). */
  ports?: Partial<BrokerPorts>;
  /** JVM heap (default 512m). */
  heap?: string;
  /** How long to wait for the broker to answer a kafkajs admin (default 90 s). */
  readyTimeoutMs?: number;
}

/** A real single-node Apache Kafka (KRaft) running as a child JVM. */
export interface KafkaBroker {
  /** Bootstrap addresses, e.g. ['127.0.0.1:40123']. */
  readonly brokers: string[];
  readonly dir: string;
  /** The broker's log4j output (kept quiet: nothing goes to the console). */
  readonly logFile: string;
  /** SIGTERM, wait for a clean exit, then remove the folder if it was a temp folder. */
  stop(): Promise<void>;
  /** SIGKILL (for fault tests); data stays so restart() resumes the same cluster. */
  kill(): Promise<void>;
  /** SIGTERM and wait, keeping the data (a broker that is down until restart()). */
  halt(): Promise<void>;
  /** Starts the broker again on the same ports and data (stopping it first if it runs). */
  restart(): Promise<void>;
}

const MAX_PORT_ATTEMPTS = 3;

/** Brokers still running when this process exits are killed with it (no orphan JVMs). */
const liveChildren = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of liveChildren) child.kill('SIGKILL');
});

/**
 * Starts a real Apache Kafka broker from the jars Maven fetched into `.cache/kafka/libs`:
 * writes a single-node KRaft server.properties, formats the storage (`StorageTool format
 * --standalone`), starts `kafka.Kafka` and resolves once a kafkajs admin can list topics.
 */
export async function startBroker(opts: BrokerOptions = {}): Promise<KafkaBroker> {
  const libs = ensureKafkaLibs();
  for (let attempt = 1; ; attempt++) {
    const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'ce-kafka-'));
    const [free1, free2] = await freePorts(2);
    const ports: BrokerPorts = {
      broker: opts.ports?.broker ?? free1!,
      controller: opts.ports?.controller ?? free2!,
    };
    const node = new BrokerProcess(libs, dir, ports, opts);
    try {
      node.format();
      await node.launch();
      return node.handle(opts.dir === undefined);
    } catch (err) {
      await node.killNow();
      if (opts.dir === undefined) rmSync(dir, { recursive: true, force: true });
      // A port taken between freePorts() and the JVM's bind, or a JVM that exits during start-up
      // without saying why in its log (seen with several brokers starting at once): new ports, again.
      const retry = /Address already in use|exited during start-up/i.test(String(err));
      if (!retry || attempt >= MAX_PORT_ATTEMPTS || opts.ports) throw err;
    }
  }
}

class BrokerProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  readonly propsFile: string;
  readonly logFile: string;
  readonly brokers: string[];

  constructor(
    private readonly libs: string,
    readonly dir: string,
    private readonly ports: BrokerPorts,
    private readonly opts: BrokerOptions,
  ) {
    this.propsFile = join(dir, 'server.properties');
    this.logFile = join(dir, 'broker.log');
    this.brokers = [`127.0.0.1:${ports.broker}`];
  }

  private javaArgs(main: string, extra: string[]): string[] {
    return [
      `-Xmx${this.opts.heap ?? '512m'}`,
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${join(this.dir, 'log4j2.properties')}`,
      '-cp',
      join(this.libs, '*'),
      main,
      ...extra,
    ];
  }

  /** Writes the config files and formats the storage unless it is already formatted. */
  format(): void {
    mkdirSync(this.dir, { recursive: true });
    const dataDir = join(this.dir, 'data');
    writeFileSync(this.propsFile, serverProperties(this.ports, dataDir));
    writeFileSync(join(this.dir, 'log4j2.properties'), log4jProperties(this.logFile));
    if (existsSync(join(dataDir, 'meta.properties'))) return;
    // '--cluster-id=<id>' in one argument: an id may start with '-', which a separate argument would turn into an option.
    const args = ['format', '--standalone', `--cluster-id=${newClusterId()}`, '-c', this.propsFile];
    const res = spawnSync('java', this.javaArgs('kafka.tools.StorageTool', args), { encoding: 'utf8' });
    if (res.error) throw new Error(`cannot run java (is a JDK 17+ installed?): ${res.error.message}`);
    if (res.status !== 0) {
      throw new Error(`kafka StorageTool format failed (exit ${res.status}): ${res.stdout}${res.stderr}`.trim());
    }
  }

  /** Starts the JVM and waits until the broker answers; rejects with the log tail if it dies first. */
  async launch(): Promise<void> {
    const out = openSync(join(this.dir, 'stdout.log'), 'a');
    const child = spawn('java', this.javaArgs('kafka.Kafka', [this.propsFile]), { stdio: ['ignore', out, out] });
    closeSync(out);
    this.child = child;
    let died: (() => void) | undefined;
    const diedEarly = new Promise<never>((_, reject) => {
      died = () => reject(new Error(`Kafka broker exited during start-up; log tail:\n${this.logTail()}`));
    });
    diedEarly.catch(() => {});
    this.exited = new Promise((res) =>
      child.once('exit', () => {
        if (this.child === child) this.child = undefined;
        died?.();
        res();
      }),
    );
    liveChildren.add(child);
    child.once('exit', () => liveChildren.delete(child));
    await Promise.race([waitForAdmin(this.brokers, this.opts.readyTimeoutMs ?? 90_000, this.logTail), diedEarly]);
    died = undefined;
  }

  private readonly logTail = (): string => {
    const read = (f: string): string => (existsSync(f) ? readFileSync(f, 'utf8') : '');
    const text = read(this.logFile) + read(join(this.dir, 'stdout.log'));
    return text.split('\n').slice(-30).join('\n');
  };

  async signal(sig: NodeJS.Signals, graceMs: number): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill(sig);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  killNow(): Promise<void> {
    return this.signal('SIGKILL', 0);
  }

  handle(ownsDir: boolean): KafkaBroker {
    return {
      brokers: this.brokers,
      dir: this.dir,
      logFile: this.logFile,
      stop: async () => {
        await this.signal('SIGTERM', 30_000);
        if (ownsDir) rmSync(this.dir, { recursive: true, force: true });
      },
      kill: () => this.signal('SIGKILL', 0),
      halt: () => this.signal('SIGTERM', 30_000),
      restart: async () => {
        await this.signal('SIGTERM', 30_000);
        await this.launch();
      },
    };
  }
}

/** `count` distinct TCP ports that were free on 127.0.0.1 a moment ago (held open together). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<Server>((resolve, reject) => {
        const srv = createServer();
        srv.once('error', reject);
        srv.listen(0, '127.0.0.1', () => resolve(srv));
      }),
    ),
  );
  const ports = servers.map((srv) => {
    const addr = srv.address();
    return typeof addr === 'object' && addr ? addr.port : 0;
  });
  await Promise.all(servers.map((srv) => new Promise((r) => srv.close(r))));
  return ports;
}

/** Polls until a kafkajs admin client connects and lists topics. */
export async function waitForAdmin(brokers: string[], timeoutMs: number, logTail?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const kafka = new Kafka({ brokers, clientId: 'ce-broker-probe', logLevel: logLevel.NOTHING, retry: { retries: 0 } });
  let lastError: unknown;
  while (Date.now() < deadline) {
    const admin = kafka.admin({ retry: { retries: 0 } });
    try {
      await admin.connect();
      await admin.listTopics();
      return;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 250));
    } finally {
      await admin.disconnect().catch(() => {});
    }
  }
  const tail = logTail ? `\nlog tail:\n${logTail()}` : '';
  throw new Error(`Kafka at ${brokers.join(',')} not ready after ${timeoutMs} ms: ${String(lastError)}${tail}`);
}
