import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBDataChunk, type DuckDBType } from '@duckdb/node-api';
import { CeError, recordColumns, type Component, type ErrorRecord } from '@claude-errors/schemas';
import { analyzerError, ErrorCodes } from '../errors.js';
import type { ConsumedOffset, DeadLetter, RefusedRecord } from '../ingest-sink.js';
import { KeySet } from './key-set.js';
import { migrate } from './migrate.js';
import { compactRollup, ensureRollup, rebuildRollup, ROLLUP_RECENT_TABLE, rollupChunks } from './rollup.js';
import { KEY_STAGING_COLUMNS, RecordValueError, RowLayout, keyChunks } from './row-appender.js';

export interface RecordStoreOptions {
  /** Folder of the DuckDB file (created if missing), or ':memory:'. */
  dataDir: string;
  fileName?: string;
  /** Rows of `rollup_recent` at which a write folds them into `rollup_minutes` and `rollup_hours` (default 20,000). */
  rollupCompactRows?: number;
  /** Write-ahead log size at which DuckDB checkpoints (its `checkpoint_threshold`; default CHECKPOINT_THRESHOLD). */
  checkpointThreshold?: string;
}

/**
 * DuckDB checkpoints (moves the write-ahead log into the file, compressing row groups) once the
 * WAL reaches this size; its default, 16 MB, is about 34,000 rows of ours. Each checkpoint
 * compresses the table's last, partly filled row group (up to 122,880 rows) again, so at 16 MB a
 * row was compressed several times over: writing 1M rows cost 31 µs CPU per row with the default
 * and 16 µs at 256 MB, the final checkpoint included. Durability is the WAL's either way (each
 * commit syncs it); what grows is the disk the log takes and what a restart after a crash
 * replays (1.5 s for 121 MB here, so about 3 s at 256 MB).
 */
export const CHECKPOINT_THRESHOLD = '256MB';

/** The writer connection's key staging table: temporary, so it never reaches the WAL or the file. */
const STAGING = 'ingest_keys';
const STAGING_DDL = `CREATE OR REPLACE TEMP TABLE ${STAGING} (${KEY_STAGING_COLUMNS})`;
/** Each staged row's dedupe key as two 32-bit halves (plain JS numbers), in input order. */
const STAGED_KEYS_SQL = `SELECT (h >> 32)::UINTEGER, (h & 4294967295)::UINTEGER FROM (SELECT i, hash(trace_id, span_id, attempt) AS h FROM ${STAGING}) ORDER BY i`;
const STORED_KEYS_SQL = 'SELECT (dedupe_key >> 32)::UINTEGER, (dedupe_key & 4294967295)::UINTEGER FROM records WHERE dedupe_key IS NOT NULL';
const RECORDS_COLUMNS_SQL = "SELECT column_name FROM information_schema.columns WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name = 'records' ORDER BY ordinal_position";

interface Prepared {
  /** The rows as chunks of the records table, dedupe_key and ingested_at not set yet. */
  rows: DuckDBDataChunk[];
  /** (i, trace_id, span_id, attempt) chunks for the key staging table. */
  keys: DuckDBDataChunk[];
}

/**
 * The DuckDB file: one writer connection (every write is one transaction: rows, consumed Kafka
 * offsets and dead letters together) and a separate reader connection for reports. Writes are
 * serialized; rows already stored (same trace_id, span_id, attempt) are skipped.
 *
 * Dedupe: the file's dedupe_key column holds DuckDB's hash(trace_id, span_id, attempt) of every
 * row, and this store keeps all of them in memory (KeySet, loaded from the file on start, added to
 * after each commit). A write stages the rows' (trace_id, span_id, attempt) in a temporary table,
 * reads back their keys, and appends only the rows whose key is neither stored nor met earlier in
 * the same batch, as DataChunks straight into `records`. The table has no PRIMARY KEY: DuckDB's
 * ART index made each row insert cost tens of µs and every checkpoint rewrite the whole index
 * (seconds at 5M rows). This relies on the store being the only writer of `records` while it is
 * open, which DuckDB's file lock and this class's single writer ensure.
 */
export class RecordStore implements Component {
  private instance: DuckDBInstance | null = null;
  private writer: DuckDBConnection | null = null;
  private readerConn: DuckDBConnection | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private layout: RowLayout | null = null;
  private keyTypes: DuckDBType[] = [];
  private keys = new KeySet();
  private rollupTypes: DuckDBType[] = [];
  /** Rows in rollup_recent as of the last commit. */
  private rollupRecent = 0;
  readonly path: string;

  constructor(private readonly opts: RecordStoreOptions) {
    this.path = opts.dataDir === ':memory:' ? ':memory:' : join(opts.dataDir, opts.fileName ?? 'claude-errors.duckdb');
  }

  async start(): Promise<void> {
    try {
      if (this.path !== ':memory:') mkdirSync(this.opts.dataDir, { recursive: true });
      this.instance = await DuckDBInstance.create(this.path, { checkpoint_threshold: this.opts.checkpointThreshold ?? CHECKPOINT_THRESHOLD });
    } catch (err) {
      throw new CeError(ErrorCodes.STORE_OPEN, `cannot open DuckDB file ${this.path}: ${(err as Error).message}`, { cause: err });
    }
    this.writer = await this.instance.connect();
    await migrate(this.writer);
    await this.writer.run(STAGING_DDL);
    this.keyTypes = await columnTypes(this.writer, STAGING, 'temp');
    const names = (await this.writer.runAndReadAll(RECORDS_COLUMNS_SQL)).getRows().map((r) => String(r[0]));
    this.layout = new RowLayout(names, await columnTypes(this.writer, 'records'));
    this.keys = await loadKeys(this.writer);
    this.rollupRecent = await ensureRollup(this.writer);
    this.rollupTypes = await columnTypes(this.writer, ROLLUP_RECENT_TABLE);
    this.readerConn = await this.instance.connect();
  }

  async shutdown(): Promise<void> {
    await this.chain.catch(() => undefined);
    this.readerConn?.closeSync();
    this.writer?.closeSync();
    this.instance?.closeSync();
    this.readerConn = this.writer = this.instance = null;
    this.layout = null;
  }

  /** A connection for read queries (reports); not for writes. */
  get reader(): DuckDBConnection {
    if (!this.readerConn) throw new Error('RecordStore not started');
    return this.readerConn;
  }

  /**
   * Rebuilds the per-minute rollup from every stored row (store/rollup.ts), after rows were written
   * past the store (the query benchmark loads its rows by SQL). Queued behind pending writes.
   */
  rebuildRollup(): Promise<void> {
    const run = this.chain.then(async () => {
      const w = this.writer;
      if (!w) throw analyzerError('unavailable', ErrorCodes.STORE_WRITE, 'store is not open');
      await rebuildRollup(w);
      this.rollupRecent = 0;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** A new connection on the same file (for components that keep their own tables, e.g. rules). */
  async connect(): Promise<DuckDBConnection> {
    if (!this.instance) throw new Error('RecordStore not started');
    return this.instance.connect();
  }

  /**
   * Writes records, offsets and dead letters in one transaction. Resolves with the records that
   * were new (not already stored, and the first of equal keys within the batch), in input order,
   * once committed. The rows are converted to DataChunks at once, before waiting for the writes
   * queued ahead, so that work overlaps DuckDB's work on them. A row whose value does not fit its
   * column is refused alone (see writeBatch).
   */
  async write(records: ErrorRecord[], offsets: ConsumedOffset[] = [], deadLetters: DeadLetter[] = []): Promise<ErrorRecord[]> {
    return (await this.writeBatch(records, offsets, deadLetters)).inserted;
  }

  /**
   * write(), also saying which records were refused. When the batch fails because of a row's data
   * (a number outside its column's range, or DuckDB refusing a value), the rows that fail alone are
   * found by bisection (each probe appends a part and rolls it back), stored as dead letters, and
   * the rest of the batch commits with its offsets and dead letters in one transaction: one bad
   * row never fails the others, and never makes the batch retryable. Any other failure rejects with
   * CE_ERR_STORE_WRITE (retryable) and stores nothing.
   */
  writeBatch(records: ErrorRecord[], offsets: ConsumedOffset[] = [], deadLetters: DeadLetter[] = []): Promise<WriteResult> {
    let prepared: Prepared | Error | null = null;
    if (records.length > 0 && this.layout) {
      try {
        prepared = { rows: this.layout.chunks(records), keys: keyChunks(records, this.keyTypes) };
      } catch (err) {
        prepared = err as Error;
      }
    }
    const run = this.chain.then(() => this.writeNow(records, prepared, offsets, deadLetters));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async writeNow(records: ErrorRecord[], prepared: Prepared | Error | null, offsets: ConsumedOffset[], deadLetters: DeadLetter[]): Promise<WriteResult> {
    try {
      return { inserted: await this.commit(records, prepared, offsets, deadLetters), refused: [] };
    } catch (err) {
      if (!isRowDataError(err)) throw writeFailed(err);
      try {
        const refused = await this.isolate(records);
        const bad = new Set(refused.map((r) => r.record));
        const letters = [...deadLetters, ...refused.map(deadLetterOf)];
        return { inserted: await this.commit(records.filter((r) => !bad.has(r)), null, offsets, letters), refused };
      } catch (again) {
        throw writeFailed(again);
      }
    }
  }

  /** One transaction: the new rows, the offsets and the dead letters; rolled back (and rethrown) on any failure. */
  private async commit(records: ErrorRecord[], prepared: Prepared | Error | null, offsets: ConsumedOffset[], deadLetters: DeadLetter[]): Promise<ErrorRecord[]> {
    const w = this.writer;
    const layout = this.layout;
    if (!w || !layout) throw analyzerError('unavailable', ErrorCodes.STORE_WRITE, 'store is not open');
    let added: NewRows | null = null;
    let recent = this.rollupRecent;
    await w.run('BEGIN TRANSACTION');
    try {
      if (prepared instanceof Error) throw prepared;
      if (records.length > 0) added = await this.appendNew(w, layout, records, prepared ?? { rows: layout.chunks(records), keys: keyChunks(records, this.keyTypes) });
      if (added && added.keep.length > 0) recent = await this.rollUp(w, added.keep.length === records.length ? records : added.keep.map((i) => records[i]!), recent);
      for (const o of offsets) {
        await w.run('INSERT OR REPLACE INTO kafka_offsets VALUES ($1, $2, $3, now()::TIMESTAMP_MS)', [o.topic, o.partition, BigInt(o.offset)]);
      }
      for (const d of deadLetters) {
        await w.run('INSERT INTO dead_letters VALUES (now()::TIMESTAMP_MS, $1, $2, $3)', [d.source, d.reason, d.payload.slice(0, 65536)]);
      }
      await w.run('COMMIT');
    } catch (err) {
      await w.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
    this.rollupRecent = recent;
    if (!added) return [];
    for (const i of added.keep) this.keys.add(added.hi[i]!, added.lo[i]!);
    return added.keep.length === records.length ? records : added.keep.map((i) => records[i]!);
  }

  /**
   * Adds the new rows to the per-minute rollup (in the open transaction), folding rollup_recent
   * into rollup_minutes and rollup_hours once it holds rollupCompactRows rows. Returns the rows
   * rollup_recent holds.
   */
  private async rollUp(w: DuckDBConnection, stored: ErrorRecord[], recent: number): Promise<number> {
    const chunks = rollupChunks(stored, this.rollupTypes);
    await appendChunks(w, ROLLUP_RECENT_TABLE, null, chunks);
    const rows = recent + chunks.reduce((n, c) => n + c.rowCount, 0);
    if (rows < (this.opts.rollupCompactRows ?? 20_000)) return rows;
    await compactRollup(w);
    return 0;
  }

  /**
   * The rows of a batch that fail alone, by bisection: a part that appends cleanly (then rolled
   * back) holds none; a failing part is halved until single rows remain. At most 1 + 2·k·log2(n)
   * probes for k bad rows among n. None found (the failure needed the rows together): the caller's
   * retry of the whole batch fails again, as a retryable error.
   */
  private async isolate(records: ErrorRecord[]): Promise<RefusedRecord[]> {
    const refused: RefusedRecord[] = [];
    const visit = async (part: ErrorRecord[]): Promise<void> => {
      const problem = await this.probe(part);
      if (problem === undefined) return;
      if (part.length === 1) {
        refused.push({ record: part[0]!, reason: problem });
        return;
      }
      const mid = part.length >> 1;
      await visit(part.slice(0, mid));
      await visit(part.slice(mid));
    };
    await visit(records);
    return refused;
  }

  /** Converts and appends the rows in a transaction that is rolled back: the data problem, if any. */
  private async probe(part: ErrorRecord[]): Promise<string | undefined> {
    const w = this.writer;
    const layout = this.layout;
    if (!w || !layout) throw analyzerError('unavailable', ErrorCodes.STORE_WRITE, 'store is not open');
    await w.run('BEGIN TRANSACTION');
    try {
      const rows = layout.chunks(part);
      const zeros = new Array<number>(part.length).fill(0);
      layout.setKeys(rows, zeros, zeros, 0);
      await appendChunks(w, 'records', null, rows);
      return undefined;
    } catch (err) {
      if (isRowDataError(err)) return (err as Error).message;
      throw err;
    } finally {
      await w.run('ROLLBACK').catch(() => undefined);
    }
  }

  /**
   * Stages the keys, picks the rows with new keys and appends them to `records` (in the open
   * transaction). The common case, every row new, appends the chunks prepared by write(); otherwise
   * chunks of the new rows are built here.
   */
  private async appendNew(w: DuckDBConnection, layout: RowLayout, records: ErrorRecord[], prepared: Prepared): Promise<NewRows> {
    const ingestedAt = Date.now();
    await appendChunks(w, STAGING, 'temp', prepared.keys);
    const [hi, lo] = (await w.runAndReadAll(STAGED_KEYS_SQL)).getColumns() as [number[], number[]];
    await w.run(`DELETE FROM ${STAGING}`);
    if (hi.length !== records.length) throw new Error(`staged ${hi.length} keys for ${records.length} rows`);
    const keep = this.newRows(hi, lo);
    if (keep.length === 0) return { hi, lo, keep };
    if (keep.length === records.length) {
      layout.setKeys(prepared.rows, hi, lo, ingestedAt);
      await appendChunks(w, 'records', null, prepared.rows);
    } else {
      const rows = layout.chunks(keep.map((i) => records[i]!));
      layout.setKeys(rows, keep.map((i) => hi[i]!), keep.map((i) => lo[i]!), ingestedAt);
      await appendChunks(w, 'records', null, rows);
    }
    return { hi, lo, keep };
  }

  /** Indices of rows whose key is neither stored nor seen earlier in this batch, ascending. */
  private newRows(hi: number[], lo: number[]): number[] {
    const batch = new KeySet(hi.length);
    const keep: number[] = [];
    for (let i = 0; i < hi.length; i++) {
      if (!this.keys.has(hi[i]!, lo[i]!) && batch.add(hi[i]!, lo[i]!)) keep.push(i);
    }
    return keep;
  }

  async storedOffsets(topic: string): Promise<Map<number, string>> {
    const r = await this.reader.runAndReadAll('SELECT "partition", next_offset FROM kafka_offsets WHERE topic = $1', [topic]);
    return new Map(r.getRows().map((row) => [Number(row[0]), String(row[1])]));
  }
}

export interface WriteResult {
  /** The records stored (new keys), in input order. */
  inserted: ErrorRecord[];
  /** The records refused (stored as dead letters instead), in input order. */
  refused: RefusedRecord[];
}

/** DuckDB's error classes for a value it cannot take (as opposed to I/O, memory or transaction errors). */
const DUCKDB_DATA_ERROR = /^(?:Conversion|Out of Range|Invalid Input|Constraint) Error\b/;

/** Whether a failed write was caused by a row's data, so that retrying the same rows cannot succeed. */
function isRowDataError(err: unknown): boolean {
  return err instanceof RecordValueError || (err instanceof Error && !(err instanceof CeError) && DUCKDB_DATA_ERROR.test(err.message));
}

function writeFailed(err: unknown): CeError {
  if (err instanceof CeError) return err;
  return analyzerError('unavailable', ErrorCodes.STORE_WRITE, `DuckDB write failed: ${(err as Error).message}`, { retryAfterSeconds: 1, cause: err });
}

function deadLetterOf(r: RefusedRecord): DeadLetter {
  const { record } = r;
  return { source: `store:${String(record.trace_id)}/${String(record.span_id)}#${String(record.attempt)}`, reason: `refused by the store: ${r.reason}`, payload: JSON.stringify(record) };
}

interface NewRows {
  /** Every row's key halves, in input order. */
  hi: number[];
  lo: number[];
  /** Indices of the rows appended. */
  keep: number[];
}

async function appendChunks(w: DuckDBConnection, table: string, catalog: string | null, chunks: readonly DuckDBDataChunk[]): Promise<void> {
  const appender = await w.createAppender(table, 'main', catalog);
  try {
    for (const c of chunks) appender.appendDataChunk(c);
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

async function columnTypes(w: DuckDBConnection, table: string, catalog?: string): Promise<DuckDBType[]> {
  const appender = await w.createAppender(table, 'main', catalog ?? null);
  try {
    return Array.from({ length: appender.columnCount }, (_, c) => appender.columnType(c));
  } finally {
    appender.closeSync();
  }
}

/** Every stored row's dedupe key, streamed from the file. */
async function loadKeys(conn: DuckDBConnection): Promise<KeySet> {
  const count = Number((await conn.runAndReadAll('SELECT count(*) FROM records')).getRows()[0]![0]);
  const keys = new KeySet(count);
  const result = await conn.stream(STORED_KEYS_SQL);
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const hi = chunk.getColumnVector(0);
    const lo = chunk.getColumnVector(1);
    for (let j = 0; j < chunk.rowCount; j++) keys.add(hi.getItem(j) as number, lo.getItem(j) as number);
  }
  return keys;
}
