import { loadPackageJson } from './load-json.js';
import type { CatalogEntry, ErrorCatalog } from './generated/catalog.js';

export type { CatalogEntry, Cue, ErrorCatalog, MatchHints } from './generated/catalog.js';

/** The error catalog (schemas/catalog.json): the single source of entries, fixes and match hints. */
export const errorCatalog: ErrorCatalog = loadPackageJson<ErrorCatalog>('catalog.json');

/** The rows of the published error guide (entries with `guide: true`), in file order. */
export const guideEntries: readonly CatalogEntry[] = errorCatalog.entries.filter((e) => e.guide === true);

const guideByCatalogId = new Map<string, string | null>(
  errorCatalog.entries.map((e) => [e.id, e.guide === true ? e.id : (e.refines ?? null)]),
);

/**
 * The guide row a catalog entry rolls up to: itself for a guide row, the row it `refines`
 * otherwise, null when the guide has no row for that cause (or the id is not in the catalog).
 */
export function guideIdOf(catalogId: string | null | undefined): string | null {
  return catalogId ? (guideByCatalogId.get(catalogId) ?? null) : null;
}
