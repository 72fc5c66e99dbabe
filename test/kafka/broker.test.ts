import { afterAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import { startBroker, type KafkaBroker } from './broker.js';

// This file starts its own broker (the shared one from global-setup must never be killed).
describe('test Kafka broker', () => {
  let broker: KafkaBroker | undefined;
  afterAll(async () => broker?.stop());

  it('keeps acknowledged messages across kill -9 and restart on the same ports', async () => {
    broker = await startBroker();
    expect(broker.brokers[0]).toMatch(/^127\.0\.0\.1:\d+$/);
    const kafka = new Kafka({ brokers: broker.brokers, logLevel: logLevel.NOTHING, retry: { retries: 2 } });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'broker-test', numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic: 'broker-test', acks: -1, messages: [{ value: 'one' }, { value: 'two' }] });
    await producer.disconnect();

    const t0 = Date.now();
    await broker.kill();
    await expect(listTopics(kafka)).rejects.toThrow();
    await broker.restart();
    console.log(`kill -9 and restart: ${Date.now() - t0} ms`);

    // The restarted broker answers before it has re-elected the partition's leader and loaded the
    // group coordinator; a consumer that joins too early backs off for long. Wait for the leader,
    // then consume with the client's ordinary retries.
    await waitForLeader(kafka, 'broker-test', 30_000);
    const patient = new Kafka({ brokers: broker.brokers, logLevel: logLevel.NOTHING, retry: { retries: 10, initialRetryTime: 200 } });
    const consumer = patient.consumer({ groupId: 'broker-test' });
    await consumer.connect();
    await consumer.subscribe({ topic: 'broker-test', fromBeginning: true });
    const seen: string[] = [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          seen.push(message.value?.toString() ?? '');
          if (seen.length === 2) resolve();
        },
      });
    });
    await consumer.disconnect();
    expect(seen).toEqual(['one', 'two']);
  }, 120_000);
});

/** Resolves once the topic's partitions have a leader again; rejects after `timeoutMs`. */
async function waitForLeader(kafka: Kafka, topic: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const admin = kafka.admin({ retry: { retries: 0 } });
    try {
      await admin.connect();
      const meta = await admin.fetchTopicMetadata({ topics: [topic] });
      if (meta.topics[0]?.partitions.every((p) => p.leader >= 0)) return;
    } catch {
      // not ready yet
    } finally {
      await admin.disconnect().catch(() => {});
    }
    if (Date.now() > until) throw new Error(`no leader for ${topic} within ${timeoutMs} ms of the restart`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function listTopics(kafka: Kafka): Promise<string[]> {
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    return await admin.listTopics();
  } finally {
    await admin.disconnect().catch(() => {});
  }
}
