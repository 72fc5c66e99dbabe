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

    const consumer = kafka.consumer({ groupId: 'broker-test' });
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
  });
});

async function listTopics(kafka: Kafka): Promise<string[]> {
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    return await admin.listTopics();
  } finally {
    await admin.disconnect().catch(() => {});
  }
}
