// Reads a topic back from the start with a kafkajs consumer, for the tests of the Kafka exporter.
import { Kafka, logLevel } from 'kafkajs';
import type { ErrorRecord } from '@claude-errors/schemas';

export interface Seen {
  key: string;
  partition: number;
  records: ErrorRecord[];
  /** The message value as the broker holds it. */
  value: Buffer;
}

/** Reads the topic from the start until `expectRecords` records arrived, or `until` holds. */
export async function readAll(brokerList: string[], topic: string, expectRecords: number, until?: (seen: Seen[]) => boolean): Promise<Seen[]> {
  const kafka = new Kafka({ brokers: brokerList, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `reader-${topic}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const seen: Seen[] = [];
  let count = 0;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`saw ${count} of ${expectRecords} records`)), 30_000);
    void consumer.run({
      eachMessage: async ({ partition, message }) => {
        const records = JSON.parse(message.value!.toString()) as ErrorRecord[];
        seen.push({ key: message.key!.toString(), partition, records, value: message.value! });
        count += records.length;
        if (until ? until(seen) : count >= expectRecords) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  return seen;
}
