// The analyzer's /metrics: each documented metric moves when its event happens, and each is
// declared as a counter or a gauge (never guessed from its name).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildAnalyzerApp, Ingest, RecordStore } from '@claude-errors/analyzer';
import { call, tempDir } from './helpers.js';

let store: RecordStore;
let ingest: Ingest;
let app: FastifyInstance;
// Components report their own numbers; these stand in for the Kafka receiver, the status feed and
// the rules engine (whose own tests check that they count).
const kafka = { consumedRecords: 0, consumedMessages: 0, deadLetters: 0, ingestBatches: 0, ingestFailures: 0, skippedMessages: 0, lag: 0, assignedPartitions: [0] };
const feed = { polls: 0, failedPolls: 0, notModified: 0, incidents: 0, skippedIncidents: 0, reachable: false };
const rules = { stats: { observed_records: 0, late_records: 0, future_records: 0, groups_refused: 0, persist_errors: 0, reloads: 0, reload_errors: 0, unknown_number: 3 } };

beforeAll(async () => {
  store = new RecordStore({ dataDir: tempDir() });
  await store.start();
  ingest = new Ingest(store);
  const components = { kafka: { stats: () => kafka }, status_feed: { stats: () => feed }, rules };
  app = await buildAnalyzerApp({ reader: store.reader, ingest, now: Date.now, components });
});
afterAll(async () => {
  await app.close();
  await store.shutdown();
});

/** The scrape's text, and its series as `name{labels}` → value. */
async function scrape(): Promise<{ values: Map<string, number>; text: string }> {
  const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  return { values: new Map([...text.matchAll(/^([^#\s]\S*) (\S+)$/gm)].map((m) => [m[1]!, Number(m[2])])), text };
}

describe('analyzer metrics', () => {
  it('count ingested batches, received, stored and duplicate records, dead letters, and show the lag', async () => {
    const before = (await scrape()).values;
    expect(before.get('analyzer_ingest_batches_total')).toBe(0);
    const rows = call([529, 200], { time: Date.now() - 60_000 });
    await ingest.ingest({ records: rows, deadLetters: [{ source: 'test', reason: 'not JSON', payload: 'x' }] });
    await ingest.ingest({ records: rows }); // a replay
    const { values } = await scrape();
    expect(Object.fromEntries(values)).toMatchObject({
      analyzer_ingest_batches_total: 2,
      analyzer_received_records_total: 2 * rows.length,
      analyzer_stored_records_total: rows.length,
      analyzer_duplicate_records_total: rows.length,
      analyzer_dead_letters_total: 1,
    });
    expect(values.get('analyzer_ingest_lag_seconds')).toBeGreaterThanOrEqual(59);
    expect(values.get('analyzer_commit_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('render the components\' numbers as of each scrape', async () => {
    Object.assign(kafka, { consumedRecords: 12, lag: 4 });
    Object.assign(feed, { polls: 3, failedPolls: 1, incidents: 2, reachable: true });
    Object.assign(rules.stats, { late_records: 5, future_records: 6 });
    let { values } = await scrape();
    expect(Object.fromEntries(values)).toMatchObject({
      analyzer_kafka_consumed_records: 12,
      analyzer_kafka_lag: 4,
      analyzer_status_feed_polls: 3,
      analyzer_status_feed_failed_polls: 1,
      analyzer_status_feed_reachable: 1,
      analyzer_rules_late_records: 5,
      analyzer_rules_future_records: 6,
    });
    Object.assign(kafka, { consumedRecords: 20, lag: 0 });
    rules.stats.late_records = 7;
    ({ values } = await scrape());
    expect(Object.fromEntries(values)).toMatchObject({
      analyzer_kafka_consumed_records: 20,
      analyzer_kafka_lag: 0,
      analyzer_rules_late_records: 7,
    });
  });

  it('declare each metric as a counter or a gauge, and render no undeclared number', async () => {
    expect((await app.inject({ method: 'GET', url: '/metrics' })).headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const { text } = await scrape();
    const counters = ['analyzer_ingest_batches_total', 'analyzer_received_records_total', 'analyzer_stored_records_total', 'analyzer_duplicate_records_total', 'analyzer_dead_letters_total', 'analyzer_live_dropped_clients_total', 'analyzer_kafka_consumed_records', 'analyzer_rules_late_records', 'analyzer_status_feed_polls'];
    const gauges = ['analyzer_ingest_lag_seconds', 'analyzer_commit_seconds', 'analyzer_live_clients', 'analyzer_live_max_buffered_bytes', 'analyzer_kafka_lag', 'analyzer_status_feed_incidents', 'analyzer_status_feed_reachable'];
    for (const name of counters) expect(text).toContain(`# TYPE ${name} counter\n`);
    for (const name of gauges) expect(text).toContain(`# TYPE ${name} gauge\n`);
    expect(text).not.toContain('unknown_number');
    expect(text).not.toContain('assigned_partitions');
  });
});
