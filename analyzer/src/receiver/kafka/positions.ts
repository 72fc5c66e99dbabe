import type { Admin } from 'kafkajs';
import type { IngestSink } from '../../ingest-sink.js';
import type { ReceiverLogger } from './options.js';

/**
 * Where each assigned partition resumes: the offset stored in DuckDB with the rows (the store is
 * authoritative, Kafka's committed group offsets are informational). A partition the store has
 * never seen starts at the log start. A stored offset outside the log (data removed by retention,
 * or the topic recreated) falls back to the log start, with a warning.
 */
export async function resumeOffsets(
  topic: string,
  partitions: readonly number[],
  sink: IngestSink,
  admin: Admin,
  logger: ReceiverLogger | undefined,
): Promise<Map<number, string>> {
  const stored = await sink.storedOffsets(topic);
  const watermarks = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, o]));
  const out = new Map<number, string>();
  for (const partition of partitions) {
    const marks = watermarks.get(partition);
    const low = marks?.low ?? '0';
    const high = marks?.high ?? low;
    const next = stored.get(partition);
    if (next === undefined) {
      out.set(partition, low);
    } else if (BigInt(next) < BigInt(low) || BigInt(next) > BigInt(high)) {
      logger?.warn({ topic, partition, stored: next, low, high }, 'stored Kafka offset is outside the log; resuming at the log start');
      out.set(partition, low);
    } else {
      out.set(partition, next);
    }
  }
  return out;
}
