import { loadPackageJson } from './load-json.js';
import type { CatalogEntry, ErrorCatalog, MatchHints } from './generated/catalog.js';

export type { CatalogEntry, ErrorCatalog, MatchHints } from './generated/catalog.js';

/** The error catalog (schemas/catalog.json): the single source of entries, fixes and match hints. */
export const errorCatalog: ErrorCatalog = loadPackageJson<ErrorCatalog>('catalog.json');

/** Id of the entry every unmatched error lands on. */
export const UNKNOWN_CATALOG_ID = 'unknown';
