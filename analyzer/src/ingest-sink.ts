import type { ErrorRecord } from '@claude-errors/schemas';

/** A Kafka position the analyzer has consumed up to: `offset` is the next offset to read. */
export interface ConsumedOffset {
  topic: string;
  partition: number;
  offset: string;
}

/** A record that could not be decoded or validated; stored in the dead_letters table. */
export interface DeadLetter {
  source: string; // e.g. kafka:claude-errors.spans/0@1234
  reason: string;
  payload: string; // raw text, truncated
}

/** A record the store refused (a value that does not fit its column); it is kept as a dead letter. */
export interface RefusedRecord {
  record: ErrorRecord;
  reason: string;
}

/** What became of a batch: the records refused one by one (the rest is stored). */
export interface IngestResult {
  refused: RefusedRecord[];
}

/**
 * Where receivers hand records in the analyzer. `ingest` classifies, stores the records, the dead
 * letters and the consumed offsets in ONE DuckDB transaction, runs the alert rules, and resolves
 * only after the commit. Rows already stored (same trace_id, span_id, attempt) are skipped, so
 * replays after a crash add nothing. A record whose value does not fit its column is refused alone
 * (a dead letter, listed in the result) and never fails the batch.
 */
export interface IngestSink {
  ingest(batch: { records: ErrorRecord[]; offsets?: ConsumedOffset[]; deadLetters?: DeadLetter[] }): Promise<IngestResult | void>;
  /** Offsets stored for a topic (partition -> next offset), read on start to seek the consumer. */
  storedOffsets(topic: string): Promise<Map<number, string>>;
}
