/* Generated from schemas/catalog.schema.json by schemas/scripts/generate-types.mjs. Do not edit. */

/**
 * One to five words, lowercase, separated by single spaces, that must be consecutive words of the text; a word must equal the text's word, or with a trailing `*` (after 3 or more characters) start it. A term needs a word of 2 or more characters without `*`, or one with `*`. A leading `^`: the term's first word must not be joined to the word before it by one `.`, `/` or `-` (`^anthropic` is the package itself, not `pydantic_ai.models.anthropic` nor `langchain-anthropic`).
 */
export type CueTerm = string;

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
   * True when the entry's cause is an error of a service other than the Claude API (another AI vendor's API, another AWS or Google Cloud service, a connection to another host): the request that failed did not go to Claude. Such an entry has no guide row (`refines` null); `claude-errors analyze` never reports its events as Claude API errors.
   */
  another_service?: boolean;
  /**
   * True when the entry's words are what other providers' APIs say for their own failures too (a key refused or missing, an overload, a rate or spend limit, an internal error, a resource not found, a permission refused, a request too large, credits spent, a reasoning block refused), with the statuses every service uses for them (401, 403, 404, 413, 429, 500, 503). `claude-errors analyze` reports a finding of such an entry as a Claude API error only with evidence that the Claude API answered: its own status 529, an error type only the API uses, its key header, its envelope or request id, the SDKs' own messages, or Claude context in the log event. Words the API alone uses for a failure (`prompt is too long: N tokens > N maximum`, tool_use ids without tool_result) are no shared wording.
   */
  shared_wording?: boolean;
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
  /**
   * General evidence written from the entry's own vocabulary (its title and cause, the SDKs' and platforms' documented terms), not from single messages: read only when no message pattern, error code or error type named a cause, and before platform + status and status alone. Cues of higher-priority entries are tried first.
   */
  cues?: Cue[];
}
/**
 * Families of terms that must co-occur in the error text: a cue fires when one term of each family of `all` occurs and the first words of those terms lie within `window` words of each other, and no term of `none` occurs anywhere in the text. The text's words are its runs of ASCII letters, digits and `_`, lowercased (`x-api-key` is the words x, api, key; `apiKey` is one word). A classification made by a cue names it (`matched_by` `cue`, `cue` its name).
 */
export interface Cue {
  /**
   * Unique in the catalog; what a classification by this cue reports.
   */
  name: string;
  /**
   * The families (e.g. a subject and a predicate): one term of each must occur.
   *
   * @minItems 2
   * @maxItems 4
   */
  all:
    | [[CueTerm, ...CueTerm[]], [CueTerm, ...CueTerm[]]]
    | [[CueTerm, ...CueTerm[]], [CueTerm, ...CueTerm[]], [CueTerm, ...CueTerm[]]]
    | [[CueTerm, ...CueTerm[]], [CueTerm, ...CueTerm[]], [CueTerm, ...CueTerm[]], [CueTerm, ...CueTerm[]]];
  /**
   * Terms that, anywhere in the text, keep the cue silent (a cause of another entry or of no row).
   */
  none?: CueTerm[];
  /**
   * Most words between the first words of the terms found (default 6).
   */
  window?: number;
  /**
   * As `match.statuses`: the statuses the cue applies to (null = no HTTP status known); absent = any. A cause that has no HTTP response (a dropped socket, an import) is `[null]`: with a status, the response names its own cause.
   */
  statuses?: (number | null)[];
  /**
   * The platforms (the `platform` the error came with) the cue applies to; absent = any. A cue limited to platforms fires only when the error names one of them: the platform says whose token, credential or service account the words speak of when the text does not.
   *
   * @minItems 1
   */
  platforms?: [
    "first_party" | "bedrock" | "bedrock_mantle" | "vertex" | "foundry" | "aws",
    ...("first_party" | "bedrock" | "bedrock_mantle" | "vertex" | "foundry" | "aws")[]
  ];
}
