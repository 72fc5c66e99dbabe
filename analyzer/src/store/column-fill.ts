import duckdb from '@duckdb/node-bindings';
import { DuckDBTypeId, type DuckDBDataChunk } from '@duckdb/node-api';

/**
 * Filling a DataChunk's column vectors directly through DuckDB's C API: numbers, booleans and
 * timestamps into one typed array per column copied in with a single call, nulls into a validity
 * mask built as bytes, strings assigned one call each. @duckdb/node-api's setColumnValues goes
 * value by value through a per-type vector object (a BigInt shift per validity bit, a
 * DuckDBTimestampMillisecondsValue and a BigInt per timestamp or key); at hundreds of thousands
 * of rows per second that was a fifth of the analyzer's main thread.
 *
 * Each filler takes the row count and a function giving row j's value (already converted and
 * range-checked by the caller: a value that does not fit throws there, before anything here).
 */

/** Physical column types filled here; any other goes through node-api's setColumnValues. */
export type DirectType = 'VARCHAR' | 'INTEGER' | 'DOUBLE' | 'BOOLEAN' | 'TIMESTAMP_MS';

/** The direct fill for a column of this type id, or undefined when there is none. */
export function directTypeOf(typeId: DuckDBTypeId): DirectType | undefined {
  switch (typeId) {
    case DuckDBTypeId.VARCHAR:
      return 'VARCHAR';
    case DuckDBTypeId.INTEGER:
      return 'INTEGER';
    case DuckDBTypeId.DOUBLE:
      return 'DOUBLE';
    case DuckDBTypeId.BOOLEAN:
      return 'BOOLEAN';
    case DuckDBTypeId.TIMESTAMP_MS:
      return 'TIMESTAMP_MS';
    default:
      return undefined;
  }
}

const TWO_32 = 4294967296;

/** A validity mask (DuckDB's uint64 words, little-endian) with every row valid. */
function allValid(n: number): Uint8Array {
  return new Uint8Array(Math.ceil(n / 64) * 8).fill(0xff);
}

function setNull(mask: Uint8Array, j: number): void {
  mask[j >> 3]! &= ~(1 << (j & 7));
}

function writeValidity(vector: duckdb.Vector, mask: Uint8Array | null): void {
  if (!mask) return; // a new chunk's vectors are all valid
  duckdb.vector_ensure_validity_writable(vector);
  duckdb.copy_data_to_vector_validity(vector, 0, mask.buffer as ArrayBuffer, mask.byteOffset, mask.byteLength);
}

function copyData(vector: duckdb.Vector, data: ArrayBufferView): void {
  duckdb.copy_data_to_vector(vector, 0, data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
}

/** The raw vector of a chunk's column. */
export function rawVector(chunk: DuckDBDataChunk, column: number): duckdb.Vector {
  return duckdb.data_chunk_get_vector(chunk.chunk, column);
}

export function fillStrings(vector: duckdb.Vector, n: number, valueAt: (j: number) => string | null): void {
  let mask: Uint8Array | null = null;
  for (let j = 0; j < n; j++) {
    const v = valueAt(j);
    if (v === null) setNull((mask ??= allValid(n)), j);
    else duckdb.vector_assign_string_element(vector, j, v);
  }
  writeValidity(vector, mask);
}

/** Fixed-width values of one byte to 8 bytes, copied in with one call. */
function fillFixed(vector: duckdb.Vector, data: Int32Array | Float64Array | Uint8Array, valueAt: (j: number) => number | null): void {
  let mask: Uint8Array | null = null;
  for (let j = 0; j < data.length; j++) {
    const v = valueAt(j);
    if (v === null) setNull((mask ??= allValid(data.length)), j);
    else data[j] = v;
  }
  copyData(vector, data);
  writeValidity(vector, mask);
}

export function fillInt32(vector: duckdb.Vector, n: number, valueAt: (j: number) => number | null): void {
  fillFixed(vector, new Int32Array(n), valueAt);
}

export function fillDouble(vector: duckdb.Vector, n: number, valueAt: (j: number) => number | null): void {
  fillFixed(vector, new Float64Array(n), valueAt);
}

/** DuckDB's BOOLEAN is one byte, 0 or 1. */
export function fillBoolean(vector: duckdb.Vector, n: number, valueAt: (j: number) => boolean | null): void {
  fillFixed(vector, new Uint8Array(n), (j) => {
    const v = valueAt(j);
    return v === null ? null : v ? 1 : 0;
  });
}

/**
 * 64-bit integers (TIMESTAMP_MS, BIGINT) from whole numbers within ±2^53, written as their two
 * 32-bit halves (low word first): no BigInt per value.
 */
export function fillInt64(vector: duckdb.Vector, n: number, valueAt: (j: number) => number | null): void {
  const words = new Uint32Array(n * 2);
  let mask: Uint8Array | null = null;
  for (let j = 0; j < n; j++) {
    const v = valueAt(j);
    if (v === null) {
      setNull((mask ??= allValid(n)), j);
      continue;
    }
    const hi = Math.floor(v / TWO_32);
    words[2 * j] = v - hi * TWO_32;
    words[2 * j + 1] = hi >>> 0; // two's complement of a negative high word
  }
  copyData(vector, words);
  writeValidity(vector, mask);
}

/** Unsigned 64-bit integers from their 32-bit halves (the dedupe keys), never null. */
export function fillUint64Halves(vector: duckdb.Vector, hi: readonly number[], lo: readonly number[], from: number, n: number): void {
  const words = new Uint32Array(n * 2);
  for (let j = 0; j < n; j++) {
    words[2 * j] = lo[from + j]!;
    words[2 * j + 1] = hi[from + j]!;
  }
  copyData(vector, words);
}

/** Every row null (a column the schema no longer has). */
export function fillNulls(vector: duckdb.Vector, n: number): void {
  writeValidity(vector, new Uint8Array(Math.ceil(n / 64) * 8));
}

/** ENUM (UTINYINT storage) indices, 0xff meaning null. */
export function fillEnum8(vector: duckdb.Vector, indices: Uint8Array): void {
  let mask: Uint8Array | null = null;
  for (let j = 0; j < indices.length; j++) {
    if (indices[j] === 0xff) {
      setNull((mask ??= allValid(indices.length)), j);
      indices[j] = 0;
    }
  }
  copyData(vector, indices);
  writeValidity(vector, mask);
}
