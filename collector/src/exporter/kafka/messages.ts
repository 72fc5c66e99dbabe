import type { ErrorRecord } from '@claude-errors/schemas';

/** One Kafka message: every record in `value` shares the key. */
export interface KeyedMessage {
  key: string;
  value: string;
  records: number;
}

/**
 * The message key: service and model joined by NUL. Records of one (service, model) group always
 * land on the same partition, in the order the collector accepted them, so per-group streaks and
 * rates read in order downstream. NUL cannot occur in either part's meaningful text.
 */
export function messageKey(record: ErrorRecord): string {
  return `${record.service}\u0000${record.model ?? ''}`;
}

/**
 * Groups records by key into messages whose value is a JSON array of records, keeping accept order
 * within a key. A group is split so no value exceeds `maxValueBytes` (one record larger than that
 * still goes alone: the broker's message.max.bytes is the last word).
 */
export function toMessages(records: readonly ErrorRecord[], maxValueBytes: number): KeyedMessage[] {
  const groups = new Map<string, string[]>();
  for (const record of records) {
    const key = messageKey(record);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(JSON.stringify(record));
  }
  const out: KeyedMessage[] = [];
  for (const [key, jsons] of groups) {
    let chunk: string[] = [];
    let bytes = 2;
    for (const json of jsons) {
      const size = Buffer.byteLength(json) + 1;
      if (chunk.length > 0 && bytes + size > maxValueBytes) {
        out.push({ key, value: `[${chunk.join(',')}]`, records: chunk.length });
        chunk = [];
        bytes = 2;
      }
      chunk.push(json);
      bytes += size;
    }
    if (chunk.length > 0) out.push({ key, value: `[${chunk.join(',')}]`, records: chunk.length });
  }
  return out;
}
