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
  const encoder = new RecordEncoder();
  for (let i = 0; i < records.length; i++) encoder.add(records[i]!);
  return encoder.finish();
}

/**
 * encodeRecords one record at a time, for a caller that makes records one by one and need not keep
 * them (a decode thread encodes each span's records as it maps them): `finish()` gives the very
 * bytes encodeRecords gives for the records added, in the order added. Each record is written
 * once, as UTF-8 JSON, into a scratch buffer behind the one before it, a comma between them;
 * finish() copies each key's records out of it, runs of consecutive records of one key at a time
 * (for a request of one key: the whole scratch in one copy). Add and finish without awaiting in
 * between, or `discard()` an encoder given up: the scratch buffer is the thread's, lent to one
 * encoder at a time (a second one meanwhile gets one of its own).
 */
export class RecordEncoder {
  private scratch: Scratch | null = takeScratch();
  private length = 0;
  /** service -> model -> group: a record's service and model are usually the very strings of the record before it, so no key string is built and hashed per record. */
  private readonly groupIndex = new Map<string, Map<string, number>>();
  private readonly keys: string[] = [];
  /** Per group: records, and the bytes of their JSON (commas not counted). */
  private readonly counts: number[] = [];
  private readonly sizes: number[] = [];
  /** Per record: its group, and where its JSON ends in the scratch (it starts one byte after the previous record's end). */
  private readonly groupOf: number[] = [];
  private readonly ends: number[] = [];

  add(record: ErrorRecord): void {
    const group = this.group(record);
    const json = JSON.stringify(record);
    let scratch = this.scratch!;
    const need = this.length + 1 + 3 * json.length; // a UTF-16 code unit is at most 3 UTF-8 bytes
    if (need > scratch.length) scratch = this.scratch = grow(scratch, need, this.length);
    if (this.ends.length > 0) scratch[this.length++] = 0x2c; // ,
    const start = this.length;
    this.length += scratch.utf8Write(json, start);
    this.groupOf.push(group);
    this.ends.push(this.length);
    this.counts[group]!++;
    this.sizes[group]! += this.length - start;
  }

  /** The records added, encoded as encodeRecords encodes them. The encoder cannot be used after. */
  finish(): EncodedRecords {
    const scratch = this.scratch!;
    const groups: EncodedGroup[] = this.keys.map((key, g) => ({ key, bytes: Buffer.allocUnsafe(this.sizes[g]! + this.counts[g]! - 1), ends: new Uint32Array(this.counts[g]!) }));
    const filled = new Array<number>(groups.length).fill(0); // bytes written per group
    const written = new Array<number>(groups.length).fill(0); // records written per group
    const n = this.ends.length;
    let i = 0;
    while (i < n) {
      // A run: records i..j-1 of one group, adjacent in the scratch with their commas.
      const g = this.groupOf[i]!;
      const runStart = i === 0 ? 0 : this.ends[i - 1]! + 1;
      let j = i + 1;
      while (j < n && this.groupOf[j] === g) j++;
      const out = groups[g]!;
      if (filled[g]! > 0) out.bytes[filled[g]!++] = 0x2c; // ,
      const base = filled[g]! - runStart;
      for (let k = i; k < j; k++) out.ends[written[g]!++] = this.ends[k]! + base;
      filled[g]! += scratch.copy(out.bytes, filled[g]!, runStart, this.ends[j - 1]!);
      i = j;
    }
    this.discard();
    return { groups, records: n };
  }

  /** Gives the scratch buffer back (finish() does). */
  discard(): void {
    if (this.scratch) giveScratch(this.scratch);
    this.scratch = null;
  }

  private group(record: ErrorRecord): number {
    let byModel = this.groupIndex.get(record.service);
    if (!byModel) this.groupIndex.set(record.service, (byModel = new Map()));
    const model = record.model ?? '';
    let g = byModel.get(model);
    if (g === undefined) {
      byModel.set(model, (g = this.keys.length));
      this.keys.push(messageKey(record));
      this.counts.push(0);
      this.sizes.push(0);
    }
    return g;
  }
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
 * Where a RecordEncoder writes its records before copying them out at their exact length. It grows
 * to hold the largest request, and goes back to SCRATCH_BYTES when given back larger than
 * SCRATCH_KEEP_BYTES, so one huge request does not keep its memory.
 */
const SCRATCH_BYTES = 1024 * 1024;
const SCRATCH_KEEP_BYTES = 4 * 1024 * 1024;
/** Node's native UTF-8 writer (Buffer#write calls it); @types/node does not declare it. */
type Scratch = Buffer & { utf8Write(text: string, offset: number): number };
/** The thread's scratch buffer while no encoder holds it. */
let spare: Scratch | null = null;

function takeScratch(): Scratch {
  const s = spare ?? (Buffer.allocUnsafe(SCRATCH_BYTES) as Scratch);
  spare = null;
  return s;
}

function giveScratch(s: Scratch): void {
  spare = s.length > SCRATCH_KEEP_BYTES ? null : s;
}

/** A larger scratch buffer (at least `bytes`), holding the first `length` bytes of `s`. */
function grow(s: Scratch, bytes: number, length: number): Scratch {
  const grown = Buffer.allocUnsafe(Math.max(bytes, s.length * 2)) as Scratch;
  s.copy(grown, 0, 0, length);
  return grown;
}
