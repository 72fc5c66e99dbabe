/**
 * Classifier: maps an error to its catalog entry.
 *
 * STUB (walking skeleton): knows only `overloaded` (529 / overloaded_error). Everything else is
 * `unknown` with a naive fingerprint. The full catalog and classifier replace this module.
 */
export interface ClassifyInput {
  status?: number | null | undefined;
  error_type?: string | null | undefined;
  message?: string | null | undefined;
  exception?: string | null | undefined;
  sdk?: string | null | undefined;
  platform?: string | null | undefined;
  attributes?: Record<string, unknown> | null | undefined;
}

export interface ClassifyResult {
  catalog_id: string;
  confidence: number;
  matched_by: string;
  fingerprint: string | null;
}

export function classify(input: ClassifyInput): ClassifyResult {
  if (input.status === 529 || input.error_type === 'overloaded_error') {
    return { catalog_id: 'overloaded', confidence: 1, matched_by: 'status', fingerprint: null };
  }
  const fingerprint = (input.message ?? input.error_type ?? input.exception ?? '').replace(/\d+/g, '<n>');
  return { catalog_id: 'unknown', confidence: 0, matched_by: 'none', fingerprint };
}

export interface CatalogEntrySummary {
  id: string;
  title: string;
  status: number | null;
  error_type: string;
  fix: string;
}

const STUB_ENTRIES: CatalogEntrySummary[] = [
  { id: 'overloaded', title: 'Anthropic API overloaded', status: 529, error_type: 'overloaded_error', fix: 'Retry after 5-60 s with exponential backoff and jitter.' },
  { id: 'unknown', title: 'Unknown error', status: null, error_type: 'unknown', fix: 'See the pattern and its sample message.' },
];

export function catalogEntry(id: string): CatalogEntrySummary | undefined {
  return STUB_ENTRIES.find((e) => e.id === id);
}
