import type { ErrorRecord } from '@claude-errors/schemas';

/**
 * One Kafka message: every record in `value` shares the key. The value is UTF-8 bytes, encoded once
 * here: its length is its size for every later check (request cuts), and kafkajs sends a Buffer as
 * it is instead of encoding the string again.
 */
export interface KeyedMessage {
  key: string;
  value: Buffer;
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
  const out: KeyedMessage[] = [];
  for (const [key, group] of groupByKey(records)) {
    if (group.length === 1 || mayFitWhole(group, maxValueBytes)) {
      // The group as a whole: the same text as its records' JSON joined by commas in brackets.
      // The per-record rule in splitGroup keeps a group whole exactly when that value plus one
      // byte fits (or it holds one record), so both paths cut the same messages.
      const value = Buffer.from(JSON.stringify(group));
      if (group.length === 1 || value.length <= maxValueBytes - 1) {
        out.push({ key, value, records: group.length });
        continue;
      }
    }
    splitGroup(key, group, maxValueBytes, out);
  }
  return out;
}

/** Records by message key, keys in order of first appearance. */
function groupByKey(records: readonly ErrorRecord[]): Map<string, ErrorRecord[]> {
  const groups = new Map<string, ErrorRecord[]>();
  // service -> model -> key: a record's service and model are usually the very strings of the
  // record before it, so this finds the key without building and hashing a new string per record.
  const keys = new Map<string, Map<string, string>>();
  for (const record of records) {
    let byModel = keys.get(record.service);
    if (!byModel) keys.set(record.service, (byModel = new Map()));
    const model = record.model ?? '';
    let key = byModel.get(model);
    if (key === undefined) byModel.set(model, (key = messageKey(record)));
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(record);
  }
  return groups;
}

/** Whether a group is worth stringifying whole: its first record's size times its length fits. */
function mayFitWhole(group: readonly ErrorRecord[], maxValueBytes: number): boolean {
  return JSON.stringify(group[0]).length * group.length < maxValueBytes;
}

/** A group too large for one value: records' JSON gathered into arrays of at most maxValueBytes. */
function splitGroup(key: string, group: readonly ErrorRecord[], maxValueBytes: number, out: KeyedMessage[]): void {
  let chunk: string[] = [];
  let bytes = 2;
  const flush = (): void => {
    out.push({ key, value: Buffer.from(`[${chunk.join(',')}]`), records: chunk.length });
    chunk = [];
    bytes = 2;
  };
  for (const record of group) {
    const json = JSON.stringify(record);
    const size = Buffer.byteLength(json) + 1;
    if (chunk.length > 0 && bytes + size > maxValueBytes) flush();
    chunk.push(json);
    bytes += size;
  }
  if (chunk.length > 0) flush();
}
