import { DuckDBDataChunk, DuckDBTimestampMillisecondsValue, DuckDBTypeId, ENUM8, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { INT32_MAX, recordColumns, TIME_MAX_MS, type ErrorRecord } from '@claude-errors/schemas';

const VARCHAR_TYPE_ID = DuckDBTypeId.VARCHAR;

/** Rows per DataChunk: DuckDB's vector size. */
export const CHUNK_ROWS = 2048;

type ToValue = (v: unknown) => DuckDBValue;

/**
 * A value its column cannot hold (an INTEGER beyond 32 bits, a time outside TIMESTAMP_MS, a
 * number that is not finite). The store refuses the row alone (see RecordStore), never its batch.
 */
export class RecordValueError extends Error {
  constructor(column: string, value: unknown, type: string) {
    super(`${column}: ${String(value)} does not fit ${type}`);
    this.name = 'RecordValueError';
  }
}

/** One converter per column, chosen once from the schema's x-duckdb types; out-of-range numbers throw. */
function converterFor(type: string, column: string): ToValue {
  const fail = (v: unknown): never => {
    throw new RecordValueError(column, v, type);
  };
  switch (type) {
    case 'VARCHAR':
      return (v) => (v === null || v === undefined ? null : String(v));
    case 'JSON':
      return (v) => (v === null || v === undefined ? null : JSON.stringify(v));
    case 'INTEGER':
      return (v) => (typeof v !== 'number' ? null : Number.isFinite(v) && Math.abs(v) <= INT32_MAX ? Math.trunc(v) : fail(v));
    case 'DOUBLE':
      return (v) => (typeof v !== 'number' ? null : Number.isFinite(v) ? v : fail(v));
    case 'BOOLEAN':
      return (v) => (typeof v === 'boolean' ? v : null);
    case 'TIMESTAMP_MS':
      return (v) => (typeof v !== 'number' ? null : Number.isFinite(v) && Math.abs(v) <= TIME_MAX_MS ? new DuckDBTimestampMillisecondsValue(BigInt(Math.trunc(v))) : fail(v));
    default:
      throw new Error(`record schema uses x-duckdb type ${type}, which the appender does not handle`);
  }
}

const converters = new Map<string, ToValue>(recordColumns.map((c) => [c.name, converterFor(c.type, c.name)]));
const NULLS: ToValue = () => null;

/** The conversion of a record field to its column's value, as the appender does it (the rollup keys its rows by these values). */
export function columnConverter(name: string): (v: unknown) => DuckDBValue {
  return converters.get(name) ?? NULLS;
}

/**
 * VARCHAR columns with few distinct values per chunk. Each goes into the chunk as an ENUM of the
 * chunk's own distinct values (one byte per row in a typed array; DuckDB casts it back to VARCHAR
 * on append), instead of one string handed across to DuckDB per row. A chunk with more than
 * MAX_DICTIONARY distinct values in such a column sends it as plain strings.
 */
const DICTIONARY_COLUMNS = new Set(['kind', 'service', 'source', 'sdk', 'sdk_version', 'platform', 'model', 'operation', 'outcome', 'error_type', 'exception_type', 'catalog_id']);
const MAX_DICTIONARY = 255;

interface ColumnFill {
  column: number;
  name: string;
  toValue: ToValue;
  dictionary: boolean;
}

/**
 * The records table's physical column order (an old file migrated by ALTER TABLE ADD COLUMN can
 * differ from the schema's order) and types, as its appender reports them. Chunks are built in
 * this layout so they append straight into the table.
 */
export class RowLayout {
  readonly keyColumn: number;
  readonly ingestedColumn: number;
  private readonly fill: ColumnFill[];

  constructor(
    names: readonly string[],
    readonly types: readonly DuckDBType[],
  ) {
    this.keyColumn = names.indexOf('dedupe_key');
    this.ingestedColumn = names.indexOf('ingested_at');
    if (this.keyColumn < 0 || this.ingestedColumn < 0) throw new Error('records table lacks dedupe_key or ingested_at');
    // Columns the schema no longer has stay null.
    this.fill = names
      .map((name, column) => ({ column, name, toValue: converters.get(name) ?? NULLS, dictionary: DICTIONARY_COLUMNS.has(name) && types[column]?.typeId === VARCHAR_TYPE_ID }))
      .filter((c) => c.column !== this.keyColumn && c.column !== this.ingestedColumn);
  }

  /**
   * The records as DataChunks, filled column by column: numbers, booleans, timestamps and nulls go
   * into typed arrays, and only non-null strings cross into DuckDB one by one (the appender's
   * value-by-value API crosses for every value). dedupe_key and ingested_at are set by setKeys.
   */
  chunks(records: readonly ErrorRecord[]): DuckDBDataChunk[] {
    const out: DuckDBDataChunk[] = [];
    for (let start = 0; start < records.length; start += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, records.length - start);
      const columns = this.fill.map(({ name, toValue }) => {
        const values = new Array<DuckDBValue>(n);
        for (let j = 0; j < n; j++) values[j] = toValue((records[start + j] as unknown as Record<string, unknown>)[name]);
        return values;
      });
      const types = [...this.types];
      this.fill.forEach((c, k) => {
        if (c.dictionary) types[c.column] = dictionaryType(columns[k]!) ?? types[c.column]!;
      });
      const chunk = DuckDBDataChunk.create(types, n);
      this.fill.forEach((c, k) => chunk.setColumnValues(c.column, columns[k]!));
      out.push(chunk);
    }
    return out;
  }

  /** Sets each row's dedupe key (from its 32-bit halves, row order) and the ingest time. */
  setKeys(chunks: readonly DuckDBDataChunk[], hi: readonly number[], lo: readonly number[], ingestedAtMs: number): void {
    const at = new DuckDBTimestampMillisecondsValue(BigInt(ingestedAtMs));
    let row = 0;
    for (const chunk of chunks) {
      const n = chunk.rowCount;
      const keys = new Array<DuckDBValue>(n);
      for (let j = 0; j < n; j++, row++) keys[j] = (BigInt(hi[row]!) << 32n) | BigInt(lo[row]!);
      chunk.setColumnValues(this.keyColumn, keys);
      chunk.setColumnValues(this.ingestedColumn, new Array<DuckDBValue>(n).fill(at));
    }
  }
}

/** An ENUM of the distinct non-null strings, or undefined when there are none or too many. */
function dictionaryType(values: readonly DuckDBValue[]): DuckDBType | undefined {
  const distinct = new Set<string>();
  for (const v of values) {
    if (v === null) continue;
    distinct.add(v as string);
    if (distinct.size > MAX_DICTIONARY) return undefined;
  }
  return distinct.size === 0 ? undefined : ENUM8([...distinct]); // all null: plain VARCHAR costs nothing per row
}

/** Types of the dedupe-key staging table: (i INTEGER, trace_id VARCHAR, span_id VARCHAR, attempt INTEGER). */
export const KEY_STAGING_COLUMNS = 'i INTEGER, trace_id VARCHAR, span_id VARCHAR, attempt INTEGER';

/** The rows' (index, trace_id, span_id, attempt) as DataChunks of the key staging table. */
export function keyChunks(records: readonly ErrorRecord[], types: readonly DuckDBType[]): DuckDBDataChunk[] {
  const out: DuckDBDataChunk[] = [];
  const toInt = converters.get('attempt')!;
  const toStr = converterFor('VARCHAR', 'trace_id');
  for (let start = 0; start < records.length; start += CHUNK_ROWS) {
    const n = Math.min(CHUNK_ROWS, records.length - start);
    const chunk = DuckDBDataChunk.create(types, n);
    const idx = new Array<DuckDBValue>(n);
    const trace = new Array<DuckDBValue>(n);
    const span = new Array<DuckDBValue>(n);
    const attempt = new Array<DuckDBValue>(n);
    for (let j = 0; j < n; j++) {
      const r = records[start + j]!;
      idx[j] = start + j;
      trace[j] = toStr(r.trace_id);
      span[j] = toStr(r.span_id);
      attempt[j] = toInt(r.attempt);
    }
    chunk.setColumnValues(0, idx);
    chunk.setColumnValues(1, trace);
    chunk.setColumnValues(2, span);
    chunk.setColumnValues(3, attempt);
    out.push(chunk);
  }
  return out;
}
