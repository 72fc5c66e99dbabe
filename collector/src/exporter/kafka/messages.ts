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
 * The records of one consume() call, already encoded, waiting to be sent: per message key (in
 * order of first appearance), the JSON of its records in accept order. The records themselves are
 * not kept: they die young, in the request that made them, instead of living in the send queue
 * until the broker answers (where the garbage collector would copy and promote them).
 */
export interface EncodedRecords {
  groups: EncodedGroup[];
  /** How many records (the send queue's measure). */
  records: number;
}

/**
 * One key's records: their JSON as UTF-8, separated by commas and without brackets; record i
 * ends at `ends[i]` and starts one byte after the end of record i - 1 (at 0 for the first).
 */
export interface EncodedGroup {
  key: string;
  bytes: Buffer;
  ends: Uint32Array;
}

/**
 * Encodes records for messagesOf: grouped by key, each record stringified and written as UTF-8
 * once (the bytes written are its size: no byte counting, no joined strings).
 */
export function encodeRecords(records: readonly ErrorRecord[]): EncodedRecords {
  const groups: EncodedGroup[] = [];
  for (const [key, group] of groupByKey(records)) {
    const ends = new Uint32Array(group.length);
    let end = 0;
    for (let i = 0; i < group.length; i++) {
      const json = JSON.stringify(group[i]);
      reserve(end + 1 + 3 * json.length); // a UTF-16 code unit is at most 3 UTF-8 bytes
      if (i > 0) scratch[end++] = 0x2c; // ,
      end += scratch.utf8Write(json, end);
      ends[i] = end;
    }
    const bytes = Buffer.allocUnsafe(end);
    scratch.copy(bytes, 0, 0, end);
    groups.push({ key, bytes, ends });
  }
  if (scratch.length > SCRATCH_KEEP_BYTES) scratch = Buffer.allocUnsafe(SCRATCH_BYTES) as Scratch;
  return { groups, records: records.length };
}

/**
 * Cuts encoded records into messages whose value is a JSON array of records: per key (keys in
 * order of first appearance), records in the order of `parts` and, within a part, accept order.
 * Records are taken into a value while the value plus one byte fits `maxValueBytes` (one record
 * larger than that still goes alone: the broker's message.max.bytes is the last word). Each value
 * is the same text as JSON.stringify of its records, built by copying runs of encoded bytes.
 */
export function messagesOf(parts: readonly EncodedRecords[], maxValueBytes: number): KeyedMessage[] {
  const byKey = new Map<string, EncodedGroup[]>();
  for (const part of parts) {
    for (const group of part.groups) {
      const list = byKey.get(group.key);
      if (list) list.push(group);
      else byKey.set(group.key, [group]);
    }
  }
  const out: KeyedMessage[] = [];
  for (const [key, groups] of byKey) cutKey(key, groups, maxValueBytes, out);
  return out;
}

/**
 * Groups records by key into messages whose value is a JSON array of records, keeping accept order
 * within a key, cut as messagesOf cuts them.
 */
export function toMessages(records: readonly ErrorRecord[], maxValueBytes: number): KeyedMessage[] {
  return messagesOf([encodeRecords(records)], maxValueBytes);
}

/** A run of consecutive encoded records, commas between them included: bytes[start, end). */
interface Run {
  bytes: Buffer;
  start: number;
  end: number;
}

/** One key's encoded groups into values (see messagesOf); `bytes` is the cut's measure, the value's length plus one. */
function cutKey(key: string, groups: readonly EncodedGroup[], maxValueBytes: number, out: KeyedMessage[]): void {
  let runs: Run[] = [];
  let count = 0;
  let bytes = 2;
  for (const { bytes: buf, ends } of groups) {
    let runStart = 0;
    let prevEnd = -1; // end of the record before i in this group (-1: none)
    for (let i = 0; i < ends.length; i++) {
      const start = prevEnd + 1;
      const size = ends[i]! - start;
      if (count > 0 && bytes + size + 1 > maxValueBytes) {
        if (prevEnd >= runStart) runs.push({ bytes: buf, start: runStart, end: prevEnd });
        out.push({ key, value: joinRuns(runs, bytes - 1), records: count });
        runs = [];
        count = 0;
        bytes = 2;
        runStart = start;
      }
      count++;
      bytes += size + 1;
      prevEnd = ends[i]!;
    }
    if (prevEnd >= runStart) runs.push({ bytes: buf, start: runStart, end: prevEnd });
  }
  if (count > 0) out.push({ key, value: joinRuns(runs, bytes - 1), records: count });
}

/** `[`, the runs joined by commas, `]`: a value of `length` bytes. */
function joinRuns(runs: readonly Run[], length: number): Buffer {
  const value = Buffer.allocUnsafe(length);
  value[0] = 0x5b; // [
  let at = 1;
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i]!;
    if (i > 0) value[at++] = 0x2c; // ,
    at += run.bytes.copy(value, at, run.start, run.end);
  }
  value[at] = 0x5d; // ]
  return value;
}

/**
 * Where encodeRecords writes a group before copying it out at its exact length. It grows to hold
 * the largest group, and goes back to SCRATCH_BYTES after a call that grew it past
 * SCRATCH_KEEP_BYTES, so one huge request does not keep its memory.
 */
const SCRATCH_BYTES = 1024 * 1024;
const SCRATCH_KEEP_BYTES = 4 * 1024 * 1024;
/** Node's native UTF-8 writer (Buffer#write calls it); @types/node does not declare it. */
type Scratch = Buffer & { utf8Write(text: string, offset: number): number };
let scratch = Buffer.allocUnsafe(SCRATCH_BYTES) as Scratch;

/** Grows the scratch buffer to at least `bytes`, keeping what it holds. */
function reserve(bytes: number): void {
  if (bytes <= scratch.length) return;
  const grown = Buffer.allocUnsafe(Math.max(bytes, scratch.length * 2)) as Scratch;
  scratch.copy(grown);
  scratch = grown;
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
