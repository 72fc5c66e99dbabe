import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REDACTED_PREFIX, SECRET_DETECTORS, scrubSecrets } from '../src/secret-scrub.js';

/**
 * scrubSecrets skips its detectors when a pre-check says that no detector can change the text.
 * These tests hold it to that on many texts: scrubbing with the pre-check gives what every
 * detector run in turn gives, and what the pre-check written as one regex (its form before the
 * pairs' part was looked for backwards from each separator) gave.
 */

/** Every detector in turn, with no pre-check. */
function detectorsOnly(text: string): string {
  let out = text;
  for (const d of SECRET_DETECTORS) {
    out = d.scrub ? d.scrub(out) : d.replace ? out.replace(d.pattern, d.replace) : out.replace(d.pattern, `${REDACTED_PREFIX}${d.kind}]`);
  }
  return out;
}

const EARLIER_CHAR = /[-:=@"'AJB]|gh[opsur]_|github_pat_|bearer|basic|secret/;
const EARLIER =
  /sk-|AKIA|ASIA|AIza|gh[opsur]_|github_pat_|xox[abeprs]-|eyJ|bearer|basic|:\/\/[^\s/@]{1,1024}@|secret[_-]?access[_-]?key|secret[_-]?key|(?:key|token|secret|pass|passwd|password|passphrase|pwd|auth|authorization|session|sessionid|session[_-]id|cookie|credentials?|sig|signature|jwt)["'\\]{0,5}\s{0,8}[:=]/i;

/** scrubSecrets as it was with the pre-check written as one regex. */
function earlier(text: string): string {
  return EARLIER_CHAR.test(text) && EARLIER.test(text) ? detectorsOnly(text) : text;
}

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');

/** The lines of the scrubber's own tests (their fixture secrets), of the logs fixtures and of the tuning corpora (error texts, raw JSON lines with escaped quotes). */
function fixtureLines(): string[] {
  return [
    './secret-scrub.test.ts',
    './safety.test.ts',
    '../../test/fixtures/logs/node-app.log',
    '../../test/fixtures/logs/otlp-export.json',
    '../../test/fixtures/classifier/tuning.jsonl',
    '../../test/fixtures/analyze-corpus/tuning.jsonl',
  ].flatMap((path) => {
    const lines = read(path).split('\n');
    const messages = path.endsWith('.jsonl') ? lines.filter(Boolean).map((l) => String(JSON.parse(l).input?.message ?? JSON.parse(l).text ?? '')) : [];
    return [...lines, ...messages];
  });
}

/** Random texts made of what the pre-check and the detectors read: secret-like words in any case, separators, quotes, spaces (some beyond ASCII), vendor prefixes, values. */
function randomTexts(count: number): string[] {
  let seed = 7;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const parts = [
    'key', 'token', 'secret', 'pass', 'passwd', 'password', 'passphrase', 'pwd', 'auth', 'authorization', 'session', 'sessionid',
    'session_id', 'session-id', 'cookie', 'credential', 'credentials', 'sig', 'signature', 'jwt', 'api_key', 'x-api-key', 'monkey',
    'Bearer', 'basic', 'sk-', 'sk-ant-', 'AKIA', 'ASIA', 'AIza', 'ghp_', 'github_pat_', 'xoxb-', 'eyJ', 'https://', 'u:p@', '@',
    'aws_secret_access_key', 'secret-key', ':', '=', '&', '?', '"', "'", '\\', '\\"', ' ', '  ', '\t', '\n', '\u00a0', '\u3000',
    'invalid', 'error', 'max_tokens', '100000', 'Zx81qpLm55tQ', 'ABCDEFGHIJKLMNOP1234', 'a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9', '.', '-', '_',
  ];
  const texts: string[] = [];
  for (let t = 0; t < count; t++) {
    let s = '';
    for (let k = rnd(2) === 0 ? 1 : 1 + rnd(12); k > 0; k--) {
      // two times in three a pair: a name, quotes, spaces, a separator and a value, or the same quoted (escaped or not) as in JSON
      const form = rnd(3);
      const name = parts[rnd(parts.length)]!;
      const quote = ['"', "'", '\\"', '\\\\"', '\\\\\\\\"'][rnd(5)]!; // up to 4 backslashes, as JSON escaped twice
      const spaces = (): string => ' \t\u00a0'.charAt(rnd(3)).repeat(rnd(10));
      const p =
        form === 0
          ? name + '"\'\\'.charAt(rnd(4)).repeat(rnd(7)) + spaces() + ':='.charAt(rnd(2)) + ' "'.charAt(rnd(3)) + 'Zx81qpLm55t'
          : form === 1
            ? quote + name + quote + spaces() + ':' + spaces() + quote + 'Zx81qpLm55t' + quote
            : name;
      const c = rnd(3);
      s += c === 0 ? p.toUpperCase() : c === 1 ? p[0]!.toUpperCase() + p.slice(1) : p;
    }
    texts.push(s);
  }
  return texts;
}

describe('the secret pre-check', () => {
  const texts = [...fixtureLines(), ...randomTexts(40_000)];

  it('skips no text that a detector changes, and scrubs as the one-regex pre-check did', () => {
    let changed = 0;
    let earlierSkipped = 0;
    for (const text of texts) {
      const full = detectorsOnly(text);
      if (full !== text) changed++;
      if (!(EARLIER_CHAR.test(text) && EARLIER.test(text))) earlierSkipped++;
      const out = scrubSecrets(text);
      if (out !== full || out !== earlier(text)) expect({ text, out, full, earlier: earlier(text) }).toBe(null);
    }
    // The texts exercise both sides: many hold secrets, many are skipped.
    expect(changed).toBeGreaterThan(1_500);
    expect(earlierSkipped).toBeGreaterThan(5_000);
  });

  it('reads a name ending right before the separator, through at most 5 quotes and 8 spaces', () => {
    expect(scrubSecrets('{"password" :  "hunter2value"}')).toBe('{"password" :  "[REDACTED:secret]"}');
    expect(scrubSecrets('token"""""" : abcdefgh')).toBe('token"""""" : abcdefgh'); // 6 quotes
    expect(scrubSecrets(`token${' '.repeat(9)}=abcdefgh`)).toBe(`token${' '.repeat(9)}=abcdefgh`); // 9 spaces
    expect(scrubSecrets('token\u00a0\u00a0\u00a0=abcdefgh')).toBe('token\u00a0\u00a0\u00a0=[REDACTED:secret]'); // spaces beyond ASCII
  });
});
