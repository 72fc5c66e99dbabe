import { DuckDBDataChunk, DuckDBTimestampMillisecondsValue, DuckDBTypeId, ENUM8, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { INT32_MAX, recordColumns, TIME_MAX_MS, type ErrorRecord } from '@claude-errors/schemas';
import { directTypeOf, fillBoolean, fillDouble, fillEnum8, fillInt32, fillInt64, fillNulls, fillStrings, fillUint64Halves, rawVector, type DirectType } from './column-fill.js';

/** Rows per DataChunk: DuckDB's vector size. */
export const CHUNK_ROWS = 2048;

type ToValue = (v: unknown) => DuckDBValue;
/** A column's value as plain JS (a timestamp as whole epoch ms), range-checked; undefined only where JSON.stringify gives it. */
type Raw = string | number | boolean | null | undefined;
type ToRaw = (v: unknown) => Raw;

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

/** One converter per column to a plain value, chosen once from the schema's x-duckdb types; out-of-range numbers throw. */
function rawConverterFor(type: string, column: string): ToRaw {
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
      return (v) => (typeof v !== 'number' ? null : Number.isFinite(v) && Math.abs(v) <= TIME_MAX_MS ? Math.trunc(v) : fail(v));
    default:
      throw new Error(`record schema uses x-duckdb type ${type}, which the appender does not handle`);
  }
}

/** The same conversion to a DuckDBValue (a timestamp as DuckDBTimestampMillisecondsValue). */
function converterFor(type: string, column: string): ToValue {
  const raw = rawConverterFor(type, column);
  if (type !== 'TIMESTAMP_MS') return raw as ToValue;
  return (v) => {
    const ms = raw(v) as number | null;
    return ms === null ? null : new DuckDBTimestampMillisecondsValue(BigInt(ms));
  };
}

/** The physical type a schema type's column has when the table was made from the schema. */
const DIRECT_OF_SCHEMA: Record<string, DirectType> = { VARCHAR: 'VARCHAR', JSON: 'VARCHAR', INTEGER: 'INTEGER', DOUBLE: 'DOUBLE', BOOLEAN: 'BOOLEAN', TIMESTAMP_MS: 'TIMESTAMP_MS' };

const schemaTypes = new Map<string, string>(recordColumns.map((c) => [c.name, c.type]));
const rawConverters = new Map<string, ToRaw>(recordColumns.map((c) => [c.name, rawConverterFor(c.type, c.name)]));
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
  toRaw: ToRaw;
  toValue: ToValue;
  dictionary: boolean;
  /** How the column's vector is filled: directly (column-fill.ts), all null (not in the schema), or through node-api. */
  fill: DirectType | 'nulls' | 'values';
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
  /** dedupe_key UBIGINT and ingested_at TIMESTAMP_MS, as migrate() makes them: filled directly. */
  private readonly directKeys: boolean;

  constructor(
    names: readonly string[],
    readonly types: readonly DuckDBType[],
  ) {
    this.keyColumn = names.indexOf('dedupe_key');
    this.ingestedColumn = names.indexOf('ingested_at');
    if (this.keyColumn < 0 || this.ingestedColumn < 0) throw new Error('records table lacks dedupe_key or ingested_at');
    this.directKeys = types[this.keyColumn]?.typeId === DuckDBTypeId.UBIGINT && types[this.ingestedColumn]?.typeId === DuckDBTypeId.TIMESTAMP_MS;
    // Columns the schema no longer has stay null. A column whose physical type is not the one
    // the schema's type makes (a file from another version) goes through node-api's conversion.
    this.fill = names
      .map((name, column): ColumnFill => {
        const schemaType = schemaTypes.get(name);
        const typeId = types[column]?.typeId;
        const direct = typeId === undefined ? undefined : directTypeOf(typeId);
        const fill = schemaType === undefined ? 'nulls' : direct !== undefined && direct === DIRECT_OF_SCHEMA[schemaType] ? direct : 'values';
        return { column, name, toRaw: rawConverters.get(name) ?? (() => null), toValue: converters.get(name) ?? NULLS, dictionary: DICTIONARY_COLUMNS.has(name) && fill === 'VARCHAR', fill };
      })
      .filter((c) => c.column !== this.keyColumn && c.column !== this.ingestedColumn);
  }

  /**
   * The records as DataChunks, filled column by column (column-fill.ts): every value converted
   * first (one that does not fit its column throws before any chunk exists), then each column's
   * vector written in one pass. dedupe_key and ingested_at are set by setKeys.
   */
  chunks(records: readonly ErrorRecord[]): DuckDBDataChunk[] {
    const out: DuckDBDataChunk[] = [];
    for (let start = 0; start < records.length; start += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, records.length - start);
      const rows = records as unknown as readonly Record<string, unknown>[];
      const columns = this.fill.map(({ name, toRaw, toValue, fill }) => {
        const values = new Array<Raw | DuckDBValue>(n);
        if (fill === 'nulls') return values;
        const convert = fill === 'values' ? toValue : toRaw;
        for (let j = 0; j < n; j++) values[j] = convert(rows[start + j]![name]);
        return values;
      });
      const types = [...this.types];
      const dictionaries = this.fill.map((c, k) => (c.dictionary ? dictionaryOf(columns[k] as Raw[]) : undefined));
      this.fill.forEach((c, k) => {
        const d = dictionaries[k];
        if (d) types[c.column] = d.type;
      });
      const chunk = DuckDBDataChunk.create(types, n);
      this.fill.forEach((c, k) => {
        const values = columns[k]!;
        const d = dictionaries[k];
        if (d) fillEnum8(rawVector(chunk, c.column), d.indices);
        else if (c.fill === 'values') chunk.setColumnValues(c.column, values as DuckDBValue[]);
        else fillColumn(rawVector(chunk, c.column), c.fill, n, values as Raw[]);
      });
      out.push(chunk);
    }
    return out;
  }

  /** Sets each row's dedupe key (from its 32-bit halves, row order) and the ingest time. */
  setKeys(chunks: readonly DuckDBDataChunk[], hi: readonly number[], lo: readonly number[], ingestedAtMs: number): void {
    let row = 0;
    for (const chunk of chunks) {
      const n = chunk.rowCount;
      if (this.directKeys) {
        fillUint64Halves(rawVector(chunk, this.keyColumn), hi, lo, row, n);
        fillInt64(rawVector(chunk, this.ingestedColumn), n, () => ingestedAtMs);
        row += n;
        continue;
      }
      const at = new DuckDBTimestampMillisecondsValue(BigInt(ingestedAtMs));
      const keys = new Array<DuckDBValue>(n);
      for (let j = 0; j < n; j++, row++) keys[j] = (BigInt(hi[row]!) << 32n) | BigInt(lo[row]!);
      chunk.setColumnValues(this.keyColumn, keys);
      chunk.setColumnValues(this.ingestedColumn, new Array<DuckDBValue>(n).fill(at));
    }
  }
}

/** Writes converted values into a vector of a directly filled type ('nulls': every row null). */
function fillColumn(vector: ReturnType<typeof rawVector>, fill: DirectType | 'nulls', n: number, values: readonly Raw[]): void {
  const at = (j: number): Raw => values[j] ?? null;
  switch (fill) {
    case 'VARCHAR':
      return fillStrings(vector, n, at as (j: number) => string | null);
    case 'INTEGER':
      return fillInt32(vector, n, at as (j: number) => number | null);
    case 'DOUBLE':
      return fillDouble(vector, n, at as (j: number) => number | null);
    case 'BOOLEAN':
      return fillBoolean(vector, n, at as (j: number) => boolean | null);
    case 'TIMESTAMP_MS':
      return fillInt64(vector, n, at as (j: number) => number | null);
    case 'nulls':
      return fillNulls(vector, n);
  }
}

/**
 * An ENUM of the distinct non-null strings and each row's index in it (0xff for null), or
 * undefined when there are none or too many.
 */
function dictionaryOf(values: readonly Raw[]): { type: DuckDBType; indices: Uint8Array } | undefined {
  const distinct = new Map<string, number>();
  const indices = new Uint8Array(values.length);
  for (let j = 0; j < values.length; j++) {
    const v = values[j];
    if (v === null || v === undefined) {
      indices[j] = 0xff;
      continue;
    }
    let i = distinct.get(v as string);
    if (i === undefined) {
      if (distinct.size === MAX_DICTIONARY) return undefined;
      distinct.set(v as string, (i = distinct.size));
    }
    indices[j] = i;
  }
  return distinct.size === 0 ? undefined : { type: ENUM8([...distinct.keys()]), indices }; // all null: plain VARCHAR costs nothing per row
}

/** Types of the dedupe-key staging table: (i INTEGER, trace_id VARCHAR, span_id VARCHAR, attempt INTEGER). */
export const KEY_STAGING_COLUMNS = 'i INTEGER, trace_id VARCHAR, span_id VARCHAR, attempt INTEGER';

/** The rows' (index, trace_id, span_id, attempt) as DataChunks of the key staging table. */
export function keyChunks(records: readonly ErrorRecord[], types: readonly DuckDBType[]): DuckDBDataChunk[] {
  const out: DuckDBDataChunk[] = [];
  const toInt = rawConverters.get('attempt')! as (v: unknown) => number | null;
  const toStr = rawConverterFor('VARCHAR', 'trace_id') as (v: unknown) => string | null;
  for (let start = 0; start < records.length; start += CHUNK_ROWS) {
    const n = Math.min(CHUNK_ROWS, records.length - start);
    const attempts = new Array<number | null>(n);
    for (let j = 0; j < n; j++) attempts[j] = toInt(records[start + j]!.attempt); // may throw: before the chunk exists
    const chunk = DuckDBDataChunk.create(types, n);
    fillInt32(rawVector(chunk, 0), n, (j) => start + j);
    fillStrings(rawVector(chunk, 1), n, (j) => toStr(records[start + j]!.trace_id));
    fillStrings(rawVector(chunk, 2), n, (j) => toStr(records[start + j]!.span_id));
    fillInt32(rawVector(chunk, 3), n, (j) => attempts[j]!);
    out.push(chunk);
  }
  return out;
}
