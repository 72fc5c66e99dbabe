import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { Analyzer, EmbeddedReceiver } from '@claude-errors/analyzer';
import { Collector, EmbeddedQueue } from '@claude-errors/collector';
import { late } from './late.js';

export interface EmbeddedServe {
  analyzer: Analyzer;
  collector: Collector;
  shutdown(): Promise<void>;
}

/**
 * `serve` in embedded mode, in this process, as cli/src/services.ts wires it: the collector, the
 * embedded queue and the analyzer (a fresh DuckDB file, default rules), on ephemeral ports.
 */
export async function startEmbeddedServe(prefix = 'ce-serve-'): Promise<EmbeddedServe> {
  const queue = new EmbeddedQueue();
  const analyzer = new Analyzer({ dataDir: mkdtempSync(join(tmpdir(), prefix)), port: 0 });
  analyzer.attach(new EmbeddedReceiver(queue, analyzer.ingest), 'embedded');
  const collector = new Collector({ exporter: queue, port: 0, logger: false });
  await analyzer.start();
  await collector.start();
  return {
    analyzer,
    collector,
    async shutdown() {
      await collector.shutdown();
      await analyzer.shutdown();
    },
  };
}

/** `serve` in embedded mode (see startEmbeddedServe) for the tests of one file: started before them, shut down after. */
export function useEmbeddedServe(prefix?: string): { analyzer: Analyzer; collector: Collector } {
  let serve: EmbeddedServe | undefined;
  beforeAll(async () => {
    serve = await startEmbeddedServe(prefix);
  });
  afterAll(async () => {
    await serve?.shutdown();
  });
  return { analyzer: late('the analyzer', () => serve?.analyzer), collector: late('the collector', () => serve?.collector) };
}
