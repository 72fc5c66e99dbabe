/**
 * Aggregates classified log errors into the analyze report: counts per catalog entry with first
 * and last seen, one sample each, and unknown errors grouped by fingerprint. Memory is bounded by
 * the number of distinct entries and patterns (capped), never by the size of the input.
 */
import { scrubSecretsCut } from '@claude-errors/instrumentation-anthropic/scrub';
import { catalogEntry } from '@claude-errors/analyzer/classify';
import { MAX_LINE_BYTES } from './read-blocks.js';

export interface Sample {
  file: string;
  line: number;
  text: string;
}

export interface EntryCount {
  catalog_id: string;
  title: string;
  fix: string;
  retryable: boolean | null;
  count: number;
  first_seen: string | null;
  last_seen: string | null;
  sample: Sample;
}

export interface UnknownPattern {
  fingerprint: string;
  count: number;
  first_seen: string | null;
  last_seen: string | null;
  sample: Sample;
}

/**
 * One failed API attempt or response (docs/analyze.md, "Events"): where it is (file, first and
 * last line), when, which request, what the API said (status, error type) and what it means
 * (catalog entry and its guide row). Fields the log does not show are null.
 */
export interface AnalyzeEvent {
  file: string;
  line: number;
  line_end: number;
  time: string | null;
  request_id: string | null;
  status: number | null;
  error_type: string | null;
  catalog_id: string;
  guide_id: string | null;
  /** The first line of the event, secrets scrubbed, cut to 400 characters. */
  text: string;
}

export interface ReadError {
  path: string;
  code: string;
  message: string;
}

/** A path not scanned because what it leads to is scanned (or being scanned) under another path. */
export interface SkippedPath {
  path: string;
  /** symlink-loop: a link to a directory that contains it; already-scanned: a file or directory reached before by another path. */
  reason: 'symlink-loop' | 'already-scanned';
  /** symlink-loop: the directory the link points to; already-scanned: the path it was scanned as. */
  target: string;
}

export interface AnalyzeReport {
  files: number;
  bytes: number;
  lines: number;
  /** Lines longer than `max_line_bytes`: only their first `max_line_bytes` were scanned. */
  long_lines: number;
  /** The bytes of those lines past the cap: read (they count in `bytes`) but not scanned. */
  unscanned_bytes: number;
  max_line_bytes: number;
  errors_found: number;
  /** Each error found, in input order, up to MAX_EVENTS (the first ones); `errors_found` counts them all. */
  events: AnalyzeEvent[];
  /** Events found beyond MAX_EVENTS: counted in `errors_found` and `entries`, not listed. */
  events_overflow: number;
  entries: EntryCount[];
  unknown_patterns: UnknownPattern[];
  /** Unknown patterns beyond the cap are counted here, never dropped silently. */
  unknown_overflow: number;
  read_errors: ReadError[];
  skipped_paths: SkippedPath[];
}

const MAX_PATTERNS = 1000;
/** Events listed in the report (each about 0.5 kB): memory stays bounded whatever the input. */
export const MAX_EVENTS = 10000;
const SAMPLE_CHARS = 400;

interface Seen {
  count: number;
  first: string | null;
  last: string | null;
  sample: Sample;
}

function touch(s: Seen, ts: string | null): void {
  s.count++;
  if (ts) {
    if (!s.first || ts < s.first) s.first = ts;
    if (!s.last || ts > s.last) s.last = ts;
  }
}

/**
 * The sample as the report keeps it: secrets scrubbed before the cut to SAMPLE_CHARS, so a cut
 * never leaves the start of one. Made only for the samples kept (the first of each entry and
 * pattern), not for every error counted.
 */
function keptSample(sample: Sample): Sample {
  const text = scrubSecretsCut(sample.text, SAMPLE_CHARS);
  return { ...sample, text: sample.text.length > SAMPLE_CHARS ? `${text}…` : text };
}

export class ReportBuilder {
  private readonly entries = new Map<string, Seen>();
  private readonly patterns = new Map<string, Seen>();
  private overflow = 0;
  private readonly events: AnalyzeEvent[] = [];
  private eventsOverflow = 0;
  files = 0;
  bytes = 0;
  lines = 0;
  longLines = 0;
  unscannedBytes = 0;
  readonly readErrors: ReadError[] = [];
  readonly skippedPaths: SkippedPath[] = [];

  constructor(private readonly maxLineBytes = MAX_LINE_BYTES) {}

  /** Lists one event (its entry is counted by add()). */
  addEvent(e: AnalyzeEvent): void {
    if (this.events.length >= MAX_EVENTS) {
      this.eventsOverflow++;
      return;
    }
    this.events.push({ ...e, text: keptSample({ file: e.file, line: e.line, text: e.text }).text });
  }

  add(catalogId: string, fingerprint: string | null, ts: string | null, sample: Sample): void {
    const e = this.entries.get(catalogId) ?? { count: 0, first: null, last: null, sample: keptSample(sample) };
    touch(e, ts);
    this.entries.set(catalogId, e);
    if (catalogId !== 'unknown') return;
    const key = fingerprint ?? '(empty message)';
    let p = this.patterns.get(key);
    if (!p) {
      if (this.patterns.size >= MAX_PATTERNS) {
        this.overflow++;
        return;
      }
      p = { count: 0, first: null, last: null, sample: e.count === 1 ? e.sample : keptSample(sample) };
      this.patterns.set(key, p);
    }
    touch(p, ts);
  }

  build(): AnalyzeReport {
    const entries: EntryCount[] = [...this.entries].map(([id, s]) => {
      const e = catalogEntry(id);
      return {
        catalog_id: id,
        title: e?.title ?? id,
        fix: e?.fix ?? '',
        retryable: e?.retryable ?? null,
        count: s.count,
        first_seen: s.first,
        last_seen: s.last,
        sample: s.sample,
      };
    });
    entries.sort((a, b) => b.count - a.count || a.catalog_id.localeCompare(b.catalog_id));
    const unknown_patterns: UnknownPattern[] = [...this.patterns]
      .map(([fingerprint, s]) => ({ fingerprint, count: s.count, first_seen: s.first, last_seen: s.last, sample: s.sample }))
      .sort((a, b) => b.count - a.count || a.fingerprint.localeCompare(b.fingerprint));
    return {
      files: this.files,
      bytes: this.bytes,
      lines: this.lines,
      long_lines: this.longLines,
      unscanned_bytes: this.unscannedBytes,
      max_line_bytes: this.maxLineBytes,
      errors_found: entries.reduce((n, e) => n + e.count, 0),
      events: this.events,
      events_overflow: this.eventsOverflow,
      entries,
      unknown_patterns,
      unknown_overflow: this.overflow,
      read_errors: this.readErrors,
      skipped_paths: this.skippedPaths,
    };
  }
}
