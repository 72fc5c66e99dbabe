import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Component } from '@claude-errors/schemas';
import { buildAnalyzerApp } from './api/app.js';
import type { RulesView } from './api/context.js';
import type { ConnectInfo } from './api/routes/info.js';
import { StatusFeed } from './incidents/status-feed.js';
import { Ingest } from './ingest.js';
import { catalogEntry } from './processor/classify/index.js';
import { RuleEngine } from './rules/index.js';
import { RecordStore } from './store/record-store.js';

export interface AnalyzerOptions {
  dataDir: string;
  host?: string;
  port?: number;
  apiToken?: string | undefined;
  /** With apiToken: GET /metrics without it. */
  publicMetrics?: boolean | undefined;
  /** More Host names accepted on loopback without a token (DNS-rebinding guard). */
  allowedHosts?: readonly string[] | undefined;
  dashboardDir?: string | undefined;
  /** Alert rules YAML; absent -> the shipped defaults. `false` turns alerting off. */
  rulesFile?: string | false | undefined;
  logger?: Logger | undefined;
  /** A Statuspage v2 feed of provider incidents (GET /api/v1/incidents, trends, alerts); absent: none. */
  statusFeed?: { url: string; intervalMs?: number | undefined } | undefined;
  /** Where applications send spans, for GET /api/v1/info and the dashboard's connect panel. */
  connect?: (() => ConnectInfo) | undefined;
}

/**
 * The analyzer as one component. Start order: DuckDB store, rules engine (a bad rules file fails
 * here, before any port opens), attached components (receivers), then the HTTP API. Shutdown in
 * reverse: the API stops, receivers drain and commit, the rules engine stops, the store closes.
 */
export class Analyzer implements Component {
  readonly store: RecordStore;
  readonly ingest: Ingest;
  private readonly components: Component[] = [];
  private readonly names: string[] = [];
  private app: FastifyInstance | null = null;
  private address = '';
  private engine: RuleEngine | null = null;

  constructor(private readonly opts: AnalyzerOptions) {
    this.store = new RecordStore({ dataDir: opts.dataDir });
    this.ingest = new Ingest(this.store, opts.logger);
  }

  /** Adds a component started after the store and stopped before it (receivers). */
  attach(c: Component, name = `component${this.components.length}`): void {
    this.components.push(c);
    this.names.push(name);
  }

  get url(): string {
    return this.address;
  }

  get http(): FastifyInstance {
    if (!this.app) throw new Error('analyzer not started');
    return this.app;
  }

  /** The running rules engine (null when alerting is off or before start). */
  get rules(): RuleEngine | null {
    return this.engine;
  }

  async start(): Promise<void> {
    await this.store.start();
    if (this.opts.rulesFile !== false) {
      const engine = new RuleEngine({ connection: await this.store.connect(), rulesFile: this.opts.rulesFile, catalogEntry, logger: this.opts.logger });
      await engine.start();
      this.ingest.addObserver(engine);
      this.engine = engine;
    }
    if (this.opts.statusFeed) {
      const { url, intervalMs } = this.opts.statusFeed;
      this.attach(new StatusFeed({ url, intervalMs, connection: await this.store.connect(), logger: this.opts.logger }), 'status_feed');
    }
    for (const c of this.components) await c.start();
    const rules: RulesView | undefined = this.engine ?? undefined;
    this.app = await buildAnalyzerApp(
      { reader: this.store.reader, ingest: this.ingest, now: Date.now, rules, components: this.namedComponents(), connect: this.opts.connect },
      {
        apiToken: this.opts.apiToken,
        publicMetrics: this.opts.publicMetrics,
        host: this.opts.host ?? '127.0.0.1',
        allowedHosts: this.opts.allowedHosts,
        dashboardDir: this.opts.dashboardDir,
        logger: this.opts.logger,
      },
    );
    this.address = await this.app.listen({ host: this.opts.host ?? '127.0.0.1', port: this.opts.port ?? 4320 });
  }

  private namedComponents(): Record<string, unknown> {
    const out: Record<string, unknown> = Object.fromEntries(this.components.map((c, i) => [this.names[i]!, c]));
    if (this.engine) out.rules = this.engine;
    return out;
  }

  async shutdown(): Promise<void> {
    await this.app?.close();
    for (const c of [...this.components].reverse()) await c.shutdown();
    await this.engine?.shutdown();
    await this.store.shutdown();
  }
}
