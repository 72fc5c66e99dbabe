/* Generated from schemas/catalog.schema.json by schemas/scripts/generate-types.mjs. Do not edit. */

/**
 * The Claude API error catalog: one entry per known cause, with its fix and the hints the classifier matches on.
 */
export interface ErrorCatalog {
  $schema?: string;
  /**
   * Format version of this file.
   */
  version: number;
  /**
   * @minItems 1
   */
  entries: [CatalogEntry, ...CatalogEntry[]];
}
export interface CatalogEntry {
  /**
   * Stable kebab-case id; never renamed once published.
   */
  id: string;
  /**
   * Typical HTTP status, null for SDK-side errors without a response.
   */
  status: number | null;
  /**
   * API error type (e.g. invalid_request_error) or the exception name.
   */
  error_type: string;
  title: string;
  cause: string;
  /**
   * What to do, actionable.
   */
  fix: string;
  snippets?: {
    ts?: string;
    python?: string;
  };
  /**
   * Whether retrying the same request can succeed.
   */
  retryable: boolean;
  /**
   * Who has to act: the caller, the provider, the network in between, or the runtime environment.
   */
  fault: "caller" | "provider" | "network" | "environment";
  /**
   * True for the rows of the published Claude API error guide (27 entries, ids as the guide names them). Every other entry rolls up to one of them through `refines`, or to none.
   */
  guide?: boolean;
  /**
   * The guide row (id of an entry with `guide: true`) this entry is a narrower case of; null for guide rows themselves and for causes the guide has no row for.
   */
  refines: string | null;
  /**
   * Set when the entry only happens on one platform.
   */
  platform?: "first_party" | "bedrock" | "bedrock_mantle" | "vertex" | "foundry" | "aws";
  /**
   * @minItems 1
   */
  references: [
    {
      title: string;
      url?: string;
    },
    ...{
      title: string;
      url?: string;
    }[]
  ];
  match?: MatchHints;
}
/**
 * Data the classifier compiles at load time. A message rule fires when the input's status is in `statuses` (null = no status known; absent = any status) and one of `patterns` matches the error text.
 */
export interface MatchHints {
  /**
   * Values of the API's `error.details.error_code` (SDK >= 1.5: `APIError.errorCode`) that name this entry. Structured evidence: checked before any message pattern.
   */
  error_codes?: string[];
  /**
   * Higher wins; more specific entries have higher priority.
   */
  priority: number;
  statuses?: (number | null)[];
  /**
   * Case-insensitive regular expressions (JavaScript syntax) matched against the error text.
   */
  patterns?: string[];
}
