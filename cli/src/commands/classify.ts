import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { classify, catalogEntry, type ClassifyInput } from '@claude-errors/analyzer/classify';
import { scrubSecrets } from '@claude-errors/instrumentation-anthropic/scrub';
import type { Command } from '../command.js';

const USAGE = `Usage: claude-errors classify < errors.jsonl

Reads JSON Lines on stdin, one error per line, with any of:
  status (number), error_code, error_type, message, exception, sdk, platform (strings), attributes (object)
and writes one JSON line per input, in order:
  {"catalog_id","guide_id","title","fix","retryable","confidence","matched_by","cue","fingerprint"}
guide_id is the row of the published Claude API error guide the entry rolls up to (null: none).
matched_by says what named the cause (error_code, message, error_type, cue, platform_status, status
or none); cue names the catalog cue whose words the message has, when matched_by is cue (else null).
sdk names the Anthropic SDK that sent the request: the error is then read as a Claude API call's,
so a dropped connection or a cut body in any client's words names its row; without it, such words
name a row only when the text ties them to Anthropic or Claude.
A line that is not a JSON object gets {"error": "..."} in its place and a message on stderr naming
the line number; processing continues and the exit status is 1. Blank lines are skipped.`;

const STRING_FIELDS = ['error_code', 'error_type', 'message', 'exception', 'sdk', 'platform'] as const;

/** Validates one parsed line; returns the classifier input or a message naming what is wrong. */
export function toClassifyInput(value: unknown): ClassifyInput | string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'expected a JSON object';
  const o = value as Record<string, unknown>;
  const input: ClassifyInput = {};
  if (o.status !== undefined && o.status !== null) {
    const s = typeof o.status === 'string' && /^\d{3}$/.test(o.status) ? Number(o.status) : o.status;
    if (typeof s !== 'number' || !Number.isInteger(s)) return `field "status" must be an integer, got ${JSON.stringify(o.status)}`;
    input.status = s;
  }
  for (const f of STRING_FIELDS) {
    const v = o[f];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') return `field "${f}" must be a string, got ${typeof v}`;
    input[f] = v;
  }
  if (o.attributes !== undefined && o.attributes !== null) {
    if (typeof o.attributes !== 'object' || Array.isArray(o.attributes)) return 'field "attributes" must be an object';
    input.attributes = o.attributes as Record<string, unknown>;
  }
  return input;
}

/**
 * One output line for one input line (without the newline). Nothing of the input is echoed
 * unscrubbed: the fingerprint is scrubbed by the classifier, error messages (which quote
 * the input: JSON.parse names the text it stopped at) here.
 */
export function classifyLine(line: string, lineNo: number): { out: string; error?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (err) {
    const error = scrubSecrets(`line ${lineNo}: invalid JSON: ${(err as Error).message}`);
    return { out: JSON.stringify({ error }), error };
  }
  const input = toClassifyInput(parsed);
  if (typeof input === 'string') {
    const error = scrubSecrets(`line ${lineNo}: ${input}`);
    return { out: JSON.stringify({ error }), error };
  }
  const r = classify(input);
  const e = catalogEntry(r.catalog_id);
  return {
    out: JSON.stringify({
      catalog_id: r.catalog_id,
      guide_id: r.guide_id,
      title: e?.title ?? r.catalog_id,
      fix: e?.fix ?? null,
      retryable: e?.retryable ?? null,
      confidence: r.confidence,
      matched_by: r.matched_by,
      cue: r.cue ?? null,
      fingerprint: r.fingerprint,
    }),
  };
}

/** Streams stdin to stdout line by line, honouring backpressure. Returns the exit code. */
export async function classifyStream(input: Readable, output: Writable, errors: Writable): Promise<number> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  let failed = 0;
  let buf = '';
  const flush = async (): Promise<void> => {
    if (!buf) return;
    const chunk = buf;
    buf = '';
    if (!output.write(chunk)) await new Promise<void>((resolve) => output.once('drain', resolve));
  };
  for await (const line of rl) {
    lineNo++;
    if (!line.trim()) continue;
    const r = classifyLine(line, lineNo);
    if (r.error) {
      failed++;
      errors.write(`claude-errors classify: ${r.error}\n`);
    }
    buf += r.out + '\n';
    if (buf.length > 64 * 1024) await flush();
  }
  await flush();
  if (failed) errors.write(`claude-errors classify: ${failed} of ${lineNo} lines could not be classified\n`);
  return failed ? 1 : 0;
}

export const command: Command = {
  name: 'classify',
  summary: 'Classify errors given as JSON Lines on stdin against the error catalog',
  usage: USAGE,
  async run(argv) {
    if (argv.length) {
      process.stderr.write(`claude-errors classify: unexpected argument '${argv[0]}'\n${USAGE}\n`);
      return 2;
    }
    return classifyStream(process.stdin, process.stdout, process.stderr);
  },
};
