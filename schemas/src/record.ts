import { loadPackageJson } from './load-json.js';
import type { ErrorRecord } from './generated/record.js';

export type { ErrorRecord } from './generated/record.js';

interface PropertySchema {
  'x-duckdb': string;
  description?: string;
}

export interface RecordSchema {
  $id: string;
  required: string[];
  properties: Record<string, PropertySchema>;
}

/** The record JSON Schema: the single source of the type, the DuckDB table and the docs. */
export const recordSchema: RecordSchema = loadPackageJson<RecordSchema>('record.schema.json');

export interface ColumnDef {
  name: keyof ErrorRecord & string;
  type: string;
}

/** Columns of the `records` table, in schema order, derived from each property's `x-duckdb`. */
export const recordColumns: readonly ColumnDef[] = Object.entries(recordSchema.properties).map(
  ([name, prop]) => ({ name: name as ColumnDef['name'], type: prop['x-duckdb'] }),
);
