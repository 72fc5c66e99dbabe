import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { guideIdOf } from '@claude-errors/schemas';
import { scrubSecretsCut } from '@claude-errors/instrumentation-anthropic/scrub';
import { classifiedPrefix, classify, type ClassifyInput, type ClassifyResult } from '../src/processor/classify/index.js';
import { hasStatusNumber, parseErrorCode, parseErrorType, parseExceptionName, parseInnerMessage, parseStatusCode, statusCodeIn } from '../src/processor/classify/envelope.js';
import { apiErrorTypeIn, awsExceptionIn, BY_ERROR_TYPE, BY_PLATFORM_STATUS, BY_STATUS, STATUS_BY_EXCEPTION } from '../src/processor/classify/fallbacks.js';
import { fingerprintOf } from '../src/processor/classify/fingerprint.js';
import { catalogEntries, ruleSet } from '../src/processor/classify/rules.js';
import { WordGate, type GateItem } from '../src/processor/classify/word-gate.js';
import { wordStarts } from '../src/processor/classify/anchors.js';
import { exactLiteral, requiredLiterals } from '../src/processor/classify/required-literals.js';
import { prng } from '../bench/prng.mjs';

/**
 * The classifier's hot path (issue 11: the word gate over UTF-8 bytes, the words that let it skip
 * the envelope parsers, the status prefilter, the fingerprint masks skipped where they cannot
 * match) must give exactly what a straightforward evaluation gives: every rule in priority order,
 * each alternative tested when its anchor words start words of the text (what the gate has always
 * meant), every parser run, every mask run. Checked on the labelled corpus and on variants made
 * from it (other statuses and platforms, case changes, JSON-escaped, cut, spliced, long).
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const corpus: ClassifyInput[] = ['tuning.jsonl', 'holdout.jsonl'].flatMap((f) =>
  readFileSync(`${root}test/fixtures/classifier/${f}`, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { input: ClassifyInput }).input),
);

const STATUSES = [undefined, null, 0, 200, 400, 401, 403, 404, 408, 413, 422, 429, 500, 503, 504, 529];
function variants(): ClassifyInput[] {
  const rnd = prng(11);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const out: ClassifyInput[] = [];
  for (const input of corpus) {
    const m = input.message ?? '';
    const other = pick(corpus);
    const a = Math.floor(rnd() * m.length);
    const b = a + Math.floor(rnd() * (m.length - a + 1));
    out.push(
      { ...input, status: pick(STATUSES) },
      { ...input, platform: pick(['bedrock', 'vertex', 'foundry']), status: pick([400, 403, 429]) },
      { ...input, message: m.toUpperCase() },
      { ...input, message: JSON.stringify(JSON.stringify({ error: m })) },
      { ...input, message: m.slice(a, b) },
      { ...input, message: `${m.slice(0, a)} ${(other.message ?? '').slice(0, 80)}${m.slice(a)}`, exception: other.exception, error_type: other.error_type },
      { message: m.replace(/\s+/g, () => pick([' ', '\n  ', '\t', '\u00a0'])), status: pick(STATUSES) },
      { exception: m.slice(0, 40), message: m.slice(40) },
      { message: `${'é'.repeat(rnd() * 20)}${m}\u2028${'x'.repeat(rnd() * 5000)}` },
    );
  }
  return out;
}

// The reference: classify() as written before the gate and the prefilters, from the same parts.
/** The text's words (ASCII letters, digits and `_`; anything else ends one), lowercase. */
const wordsOf = (text: string): string[] => text.split(/[^A-Za-z0-9_]+/).map((w) => w.toLowerCase());
/**
 * The text as the gate's automaton reads it: each UTF-8 byte an ASCII letter (lowercased), digit or
 * `_` as it is, any other byte `#`, with a `#` before and after (a text is read as if a boundary came
 * before and after it): a literal of the gate occurs in a text when it occurs in this.
 */
const gateReading = (text: string): string =>
  `#${Array.from(Buffer.from(text, 'utf8'), (b) => (/[A-Za-z0-9_]/.test(String.fromCharCode(b)) ? String.fromCharCode(b).toLowerCase() : '#')).join('')}#`;
/** Every anchor word (its first 8 characters) starts a word; of a choice, one does (a word of 2 characters: that whole word). */
const anchorsAtWordStarts = (anchors: readonly string[] | { any: readonly string[] } | null, words: readonly string[]): boolean =>
  !anchors ||
  ('any' in anchors
    ? anchors.any.some((a) => words.some((w) => (a.length === 2 ? w === a : w.startsWith(a.slice(0, 8)))))
    : anchors.every((a) => words.some((w) => w.startsWith(a.slice(0, 8)))));
function referenceRule(text: string, status: number | null): string | undefined {
  const words = wordsOf(text);
  for (const rule of ruleSet.rules) {
    if (rule.statuses !== undefined && !rule.statuses.has(status)) continue;
    if (rule.alternatives.some((a) => anchorsAtWordStarts(a.anchors, words) && a.regex.test(text))) return rule.entry.id;
  }
  return undefined;
}
const REFERENCE_MASKS: Array<[RegExp, string]> = [
  [/\b(?:req|msg|toolu|srvtoolu|msgbatch|file|org|user|sk-ant-[a-z0-9]+)[_-][A-Za-z0-9_-]{6,}/g, '<id>'],
  [/\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/g, '<uuid>'],
  [/\bhttps?:\/\/[^\s"'<>)\]]+/g, '<url>'],
  [/\b\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:[.,]\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?/g, '<ts>'],
  [/(^|[\s(\[:=,{])(["'])[^"'\n]{0,200}?\2(?=$|[\s)\].,:;}])/g, '$1<str>'],
  [/\b(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b/g, '<hex>'],
  [/\d+(?:[.,]\d+)*/g, '<n>'],
  [/\s+/g, ' '],
];
function referenceFingerprint(message: string): string {
  let s = scrubSecretsCut(message, 600);
  for (const [re, to] of REFERENCE_MASKS) s = s.replace(re, to);
  s = s.trim();
  return s.length > 200 ? s.slice(0, 200) : s;
}
const BY_CODE = new Map(catalogEntries.flatMap((e) => (e.match?.error_codes ?? []).map((c) => [c, e.id] as const)));
const CONFIDENCE: Record<string, [number, ClassifyResult['matched_by']]> = {
  rule: [0.95, 'message'],
  ruleOtherStatus: [0.85, 'message'],
  type: [0.75, 'error_type'],
  platform: [0.7, 'platform_status'],
  status: [0.6, 'status'],
  code: [0.98, 'error_code'],
};
/**
 * Cues as the catalog writes them, read here without the gate nor the matcher's index: every
 * cue of every entry, highest priority first (file order among equals), each term tried at every
 * word, the families' positions compared pair by pair.
 */
const REFERENCE_CUES = catalogEntries
  .flatMap((e) => (e.match?.cues ?? []).map((cue) => ({ entry: e, priority: e.match!.priority, cue })))
  .sort((a, b) => b.priority - a.priority);
/** The text's words (ASCII letters, digits and `_`), lowercase, with the character before each. */
const wordsWithBefore = (text: string): Array<{ word: string; joined: boolean }> =>
  [...text.matchAll(/[A-Za-z0-9_]+/g)].map((m) => ({ word: m[0].toLowerCase(), joined: m.index >= 2 && /[A-Za-z0-9_][./-]$/.test(text.slice(m.index - 2, m.index)) }));
/** Positions where `term` (`^`, words, `*`) starts. */
function termPositions(term: string, words: ReadonlyArray<{ word: string; joined: boolean }>): number[] {
  const free = term.startsWith('^');
  const parts = term.replace(/^\^/, '').split(' ');
  const out: number[] = [];
  for (let i = 0; i + parts.length <= words.length; i++) {
    if (free && words[i]!.joined) continue;
    if (parts.every((p, k) => (p.endsWith('*') ? words[i + k]!.word.startsWith(p.slice(0, -1)) : words[i + k]!.word === p))) out.push(i);
  }
  return out;
}
function referenceCue(text: string, status: number | null, platform: string | null): string | undefined {
  const words = wordsWithBefore(text);
  for (const { entry, cue } of REFERENCE_CUES) {
    if (cue.statuses && !cue.statuses.includes(status)) continue;
    if (cue.platforms && !(cue.platforms as readonly string[]).includes(platform ?? '')) continue;
    if ((cue.none ?? []).some((t) => termPositions(t, words).length > 0)) continue;
    const positions = cue.all.map((family) => family.flatMap((t) => termPositions(t, words)));
    const window = cue.window ?? 6;
    // some position of one family from which every family has a position within the window after it
    const fires = positions.some((own) => own.some((p) => positions.every((ps) => ps.some((q) => q >= p && q - p <= window))));
    if (fires) return `${entry.id} ${cue.name}`;
  }
  return undefined;
}
const result = (id: string, how: string): ClassifyResult => {
  const [confidence, matched_by] = CONFIDENCE[how]!;
  return { catalog_id: id, guide_id: guideIdOf(id), confidence, matched_by, fingerprint: null };
};
function reference(input: ClassifyInput): ClassifyResult {
  const message = classifiedPrefix(input.message ?? '');
  const exception = classifiedPrefix(input.exception ?? '');
  const givenType = input.error_type ? classifiedPrefix(input.error_type) : input.error_type;
  let status: number | null = null;
  if (typeof input.status === 'number' && input.status >= 400 && input.status <= 599) status = input.status;
  else if (message && statusCodeIn(message) !== null) status = statusCodeIn(message);
  else {
    const exc = exception || (message ? parseExceptionName(message) : null);
    // the class name after its namespaces: `.`, Ruby's `::`, PHP's `\`
    status = (exc && STATUS_BY_EXCEPTION[exc.slice(Math.max(exc.lastIndexOf('.'), exc.lastIndexOf(':'), exc.lastIndexOf('\\')) + 1)]) ?? null;
  }
  const attr = input.attributes?.['anthropic.error.code'];
  const code = input.error_code || (typeof attr === 'string' && attr ? attr : null) || (message ? parseErrorCode(message) : null);
  if (code && BY_CODE.has(code)) return result(BY_CODE.get(code)!, 'code');
  const raw = exception || givenType ? `${exception} ${givenType ?? ''} ${message}` : message;
  const haystack = raw.replace(/\\+/g, '');
  const rule = referenceRule(haystack, status);
  if (rule) return result(rule, catalogEntries.find((e) => e.id === rule)!.status === status ? 'rule' : 'ruleOtherStatus');
  const errorType = givenType || (message ? parseErrorType(message) : null) || awsExceptionIn(haystack) || apiErrorTypeIn(haystack);
  if (errorType && BY_ERROR_TYPE[errorType]) return result(BY_ERROR_TYPE[errorType], 'type');
  const cue = referenceCue(haystack, status, input.platform || null);
  if (cue) {
    const [id, name] = cue.split(' ') as [string, string];
    return { catalog_id: id, guide_id: guideIdOf(id), confidence: 0.72, matched_by: 'cue', cue: name, fingerprint: null };
  }
  if (status !== null) {
    const byPlatform = input.platform ? BY_PLATFORM_STATUS[input.platform]?.[status] : undefined;
    if (byPlatform) return result(byPlatform, 'platform');
    if (BY_STATUS[status]) return result(BY_STATUS[status], 'status');
  }
  const text = (message && parseInnerMessage(message)) || message || exception || errorType || '';
  return { catalog_id: 'unknown', guide_id: null, confidence: 0, matched_by: 'none', fingerprint: text ? referenceFingerprint(text) : null };
}

// Texts for the alternatives gated by a leading choice of words (anchors.ts leadingChoice).
const CHOICES: ClassifyInput[] = [
  'No API key found',
  'Error: NO anthropic api-key was provided.',
  'no\u00a0api_key set',
  'xno api key found',
  'nothing: no  Anthropic  API KEY configured',
  'The model is currently busy, retry',
  'SERVER IS AT CAPACITY',
  'services is busy',
  'upstream new_api_error: bad',
  '{"error":{"type":"one_api_error"}}',
  'anew_api_error',
  // what the gate reads from the regexes themselves (anchors.ts wordStarts): words after a space,
  // branches of groups, CJK characters; and the same words inside other words
  'the server is over capacity',
  'the server is overcapacity',
  'InvokeModel operation: "x" is not supported on this API',
  'InvokeModel operation: "x" is notsupported',
  'ANTHROPIC_API_KEY environment variable is missing',
  'ANTHROPIC_API_KEY is unset',
  'xANTHROPIC_API_KEY must be set',
  '请求需要使用流式',
  '流式',
  'no api key found in 流式',
  'conversation must always start with a user message',
  'messages array should begin withthe user turn',
  'insufficient funds',
  'insufficient fundsx',
  'insufficientfunds',
  // cues: terms of each family near each other, far apart, cut, glued, after a `.` or `/`, silenced
  'the API-KEY was never SET',
  'apiKeyValue missing',
  'api key one two three four five six seven missing',
  'missing: x-api-key',
  'AUTHENTICATION_TOKEN is empty',
  'no such module: anthropic',
  'No module named myapp.anthropic',
  'No module named anthropic.types (langchain)',
  'the socket was dropped by the peer',
  'the socket was dropped by the MCP peer',
  'stream ended before message_stop',
  'Expected first message role to be user',
  'first message role must alternate with user',
  'account not permitted for this model',
  'EACCES: account not permitted for this model',
].map((message) => ({ message }));

describe('classifier hot path = straightforward evaluation', () => {
  const inputs = [...corpus, ...CHOICES, ...variants()];

  it(`gives the same result on ${corpus.length} corpus cases and their variants`, () => {
    expect(corpus.length).toBeGreaterThan(500);
    const differ = inputs.filter((i) => JSON.stringify(classify(i)) !== JSON.stringify(reference(i)));
    expect(differ.slice(0, 5).map((i) => ({ input: i, got: classify(i), want: reference(i) }))).toEqual([]);
  });

  it('fingerprints: masks skipped where they cannot match change nothing', () => {
    const rnd = prng(5);
    const pieces = ['req_011CAbc123', 'toolu_01XyZ987abc', '0dccdde6-f924-4f1b-bb3b-92ef846e0a5b', 'https://x.io/a?b=1', '2026-03-02T10:16:44.002Z', "'q'", '"v"', 'deadbeef42', '12,345.6', '  ', '\t', '\n', '\u00a0', ' ', 'a', '-', '_', ':', '=', '(', 'sk-ant-api03-abc'];
    const texts = [...inputs.map((i) => i.message ?? ''), ...Array.from({ length: 3000 }, () => Array.from({ length: 1 + Math.floor(rnd() * 30) }, () => pieces[Math.floor(rnd() * pieces.length)]).join(''))];
    for (const t of texts) expect(fingerprintOf(t), JSON.stringify(t)).toBe(referenceFingerprint(t));
  });

  it('status: the three-digit prefilter changes nothing', () => {
    const rnd = prng(7);
    const pieces = ['Error', ' code', ': ', '429', '4290', '12', '5', 'status', 'Code', '=', '"', "'", 'HTTP/1.1 ', 'API Error ', '(', ' Bad Request', 'x', '\\', ' ', '\n', '{', 'é'];
    const texts = [...inputs.map((i) => i.message ?? ''), ...Array.from({ length: 5000 }, () => Array.from({ length: 1 + Math.floor(rnd() * 12) }, () => pieces[Math.floor(rnd() * pieces.length)]).join(''))];
    for (const t of texts) expect(parseStatusCode(t), JSON.stringify(t)).toBe(statusCodeIn(t));
  });

  it("status: the gate's statusNumber is hasStatusNumber's answer (read instead of a pass over a text with backslashes)", () => {
    const gate = new WordGate([['error']]);
    const rnd = prng(13);
    const pieces = ['429', '4290', '12', '5', '0', 'a', 'Z', '_', 'x429', '429x', '_500', ' ', '\\', '"', '-', '.', 'é', '流', '😀', '\n'];
    const texts = [...inputs.map((i) => i.message ?? ''), ...Array.from({ length: 5000 }, () => Array.from({ length: 1 + Math.floor(rnd() * 10) }, () => pieces[Math.floor(rnd() * pieces.length)]).join(''))];
    let numbers = 0;
    for (const t of texts) {
      gate.mark(t);
      expect(hasStatusNumber(t), JSON.stringify(t)).toBe(gate.statusNumber);
      if (gate.statusNumber) numbers++;
    }
    expect(numbers).toBeGreaterThan(1000);
    expect(texts.length - numbers).toBeGreaterThan(1000);
  });

  it('what the gate reads from a rule regex holds in every text the regex matches', () => {
    // Texts that the alternatives match: corpus texts and variants, whose words are cut, glued
    // and spliced, so that words the regexes name also occur inside other words.
    const rnd = prng(13);
    const glue = ['', ' ', '_', '-', 'x', '0', '\u00e9', '\u6d41', ':', '"'];
    const g = (): string => glue[Math.floor(rnd() * glue.length)]!;
    const texts = [...corpus, ...CHOICES].flatMap((i) => {
      const m = i.message ?? '';
      return [m, m.toUpperCase(), m.replace(/\s+/g, g), m.replace(/\s+/g, g), m.replace(/[A-Za-z]+/g, (w) => (rnd() < 0.2 ? g() + w : w)), m.replace(/[A-Za-z]+/g, (w) => (rnd() < 0.3 ? g() + w : w))];
    });
    let checked = 0;
    for (const rule of ruleSet.rules) {
      for (const alt of rule.alternatives) {
        const starts = wordStarts(alt.regex.source);
        for (const text of texts) {
          if (!alt.regex.test(text)) continue;
          checked++;
          const words = wordsOf(text);
          // whole words: the gate compares a rule's words in full, not by their first 8 characters
          const startsWord = (w: string): boolean => words.some((x) => (w.length === 2 ? x === w : x.startsWith(w)));
          const why = `${alt.regex.source} on ${JSON.stringify(text)}`;
          expect(starts.all.filter((w) => !startsWord(w)), why).toEqual([]);
          expect(starts.anyOf.filter((list) => !list.some(startsWord)), why).toEqual([]);
          if (starts.cjk) expect(/[\u3000-\u9fff]/.test(text), why).toBe(true);
          // literals anywhere, as the gate's automaton reads the text: case-folded, a byte that is no word character `#`
          const read = gateReading(text);
          expect(alt.literals.all.filter((l) => !read.includes(l)), why).toEqual([]);
          expect(alt.literals.anyOf.filter((list) => !list.some((l) => read.includes(l))), why).toEqual([]);
        }
      }
    }
    expect(checked).toBeGreaterThan(corpus.length);
  });

  it('a rule regex read as one literal matches exactly where the gate reads that literal', () => {
    // Such a regex is not run where the gate marks its alternative (rules.ts matchScanned): the
    // corpus texts, their variants, and each literal among word characters, punctuation,
    // non-ASCII characters and the text's ends, upper-, lower- and mixed-case.
    const exact = ruleSet.rules.flatMap((r) => r.alternatives.filter((a) => a.exact !== null));
    expect(exact.length).toBeGreaterThan(20);
    const rnd = prng(23);
    const around = ['', ' ', 'x', '_', '0', '.', '$', '-', '\u00e9', '\u6d41', '\u017f', '\u212a', '\ud83d\ude00', '\ud800', '\n'];
    const pick = (): string => around[Math.floor(rnd() * around.length)]!;
    const mixed = (w: string): string => [...w].map((c) => (rnd() < 0.5 ? c.toUpperCase() : c)).join('');
    const corpusTexts = corpus.flatMap((i) => [i.message ?? '', (i.message ?? '').toUpperCase()]);
    let matched = 0;
    for (const alt of exact) {
      const word = alt.exact!.replaceAll('#', '');
      const own = Array.from({ length: 60 }, (_, k) => {
        const w = k % 3 === 0 ? word : k % 3 === 1 ? word.toUpperCase() : mixed(word);
        const cut = k % 7 === 0 ? w.slice(0, -1) : k % 11 === 0 ? `${w.slice(0, 2)}${pick()}${w.slice(2)}` : w;
        return `${pick()}${pick()}${cut}${pick()}${pick()}`;
      });
      for (const text of [...own, ...corpusTexts]) {
        const want = alt.regex.test(text);
        if (want) matched++;
        expect(gateReading(text).includes(alt.exact!), `${alt.regex.source} on ${JSON.stringify(text.slice(0, 200))}`).toBe(want);
      }
    }
    expect(matched).toBeGreaterThan(exact.length * 10);
  });

  it('exactLiteral takes a regex of word characters with \\b at its ends, and nothing else', () => {
    const read = (source: string): string | null => exactLiteral(new RegExp(source, 'i').source);
    expect(read('\\bOverloaded\\b')).toBe('#overloaded#');
    expect(read('PointerToNowhere')).toBe('pointertonowhere');
    expect(read('\\bauthentication_failed')).toBe('#authentication_failed');
    expect(read('ECONNRESET\\b')).toBe('econnreset#');
    // a `$`, `.` or `-` is a boundary byte to the gate, as a space is
    for (const source of ['\\$ref', 'thinking\\.signature', 'long-requests', 'ab', '\\bab\\b', 'abc+', 'ab?c', 'foo\\bbar', '(?:abc)', '[a]bc', 'abc$', '^abc', 'a.c', 'abc\\s+def', '\\b\\$abc', 'x'.repeat(25)]) {
      expect(read(source), source).toBeNull();
    }
  });

  it('requiredLiterals reads what the syntax guarantees, and no more', () => {
    const read = (source: string): unknown => requiredLiterals(new RegExp(source, 'i').source);
    expect(read('invalid\\s+.?signature.?\\s+in\\s+.?thinking')).toEqual({ all: ['invalid', 'signature', 'thinking'], anyOf: [] });
    expect(read('api[ _-]?key.{0,30}(is\\s+)?(invalid|incorrect|not\\s+valid)')).toEqual({ all: ['api', 'key'], anyOf: [['invalid', 'incorrect', 'valid']] });
    expect(read('Abc+defg?hij*')).toEqual({ all: ['abc', 'def'], anyOf: [] });
    expect(read('x_y{2}z-tool_use(?:abc|de)(fgh)?')).toEqual({ all: ['x_y', 'z#tool_use'], anyOf: [] });
    // a literal character that is no word character is one byte the gate reads as a boundary, `#`
    expect(read('\\b(?:api\\.openai\\.com|hf\\.co)\\b[^\\n]{0,9}EOF')).toEqual({ all: ['eof'], anyOf: [['api#openai#com', 'hf#co']] });
    expect(read('\\$ref')).toEqual({ all: ['#ref'], anyOf: [] });
    expect(read('sk-ant-\\w+')).toEqual({ all: ['sk#ant#'], anyOf: [] });
    expect(read('a-b\\.?cde-?fgh')).toEqual({ all: ['cde', 'fgh'], anyOf: [] });
    expect(read('abc\u00e9def:(?:x\\.y|zz)')).toEqual({ all: ['abc', 'def#'], anyOf: [] });
    expect(read('(?:needle|x)\\d+(?=later)done$')).toEqual({ all: ['done'], anyOf: [] });
    expect(read('流式abc\\u0041bc')).toEqual({ all: [], anyOf: [] });
  });

  it('wordStarts reads what the syntax guarantees, and no more', () => {
    const read = (source: string): unknown => wordStarts(new RegExp(source, 'i').source);
    expect(read('not\\s+(allowed|authorized)\\s+to')).toEqual({ all: [], anyOf: [['allowed', 'authorized']], cjk: false });
    expect(read('\\bnot\\s+(allowed|authorized)\\s+to')).toEqual({ all: ['not'], anyOf: [['allowed', 'authorized']], cjk: false });
    expect(read('api[ _-]?key.{0,30}(invalid|expired)')).toEqual({ all: [], anyOf: [], cjk: false });
    expect(read('x\\s*(?:foo|bar)\\s+(baz\\s+)?qux')).toEqual({ all: ['qux'], anyOf: [], cjk: false });
    expect(read('x[ _]foo\\W(bar)+ quxx')).toEqual({ all: ['bar', 'quxx'], anyOf: [], cjk: false });
    expect(read('x[ :]foo[^a]bar')).toEqual({ all: ['foo'], anyOf: [], cjk: false });
    expect(read('(需要|必须)(使用)?流式')).toEqual({ all: [], anyOf: [], cjk: true });
    expect(read('(需要|x)流?')).toEqual({ all: [], anyOf: [], cjk: false });
    expect(read('x\\u0041bc')).toEqual({ all: [], anyOf: [], cjk: false });
  });

  it('the gate marks exactly the items whose lists and CJK need the text meets', () => {
    const items: GateItem[] = [{ all: ['error'], anyOf: [['busy', 'capacity']] }, { anyOf: [['no', 'model'], ['server', 'service']] }, { cjk: true }, { all: ['stream'], cjk: true }];
    const gate = new WordGate(items);
    const rnd = prng(9);
    const pieces = ['Error', 'errors', 'BUSY', 'Capacity', 'no', 'No', 'model', 'servers', 'Service', 'stream', '流', '式', 'é', '€', '_', '-', ' ', 'x', '\\', 'n', 'o'];
    for (let n = 0; n < 5000; n++) {
      const text = Array.from({ length: Math.floor(rnd() * 14) }, () => pieces[Math.floor(rnd() * pieces.length)]).join('');
      gate.mark(text);
      const words = wordsOf(text);
      const cjk = /[\u3000-\u9fff]/.test(text);
      items.forEach((item, i) => {
        const want =
          anchorsAtWordStarts(item.all ?? null, words) && (item.anyOf ?? []).every((list) => anchorsAtWordStarts({ any: list }, words)) && (!item.cjk || cjk);
        expect(gate.isMarked(i), `${JSON.stringify(text)} item ${i}`).toBe(want);
      });
    }
  });

  it('the gate marks exactly the items whose literals occur anywhere, also in texts longer than its first buffer', () => {
    const items: GateItem[] = [
      { all: ['invalid'], contains: ['signature', 'thinking'] },
      { contains: ['key'], containsAnyOf: [['expired', 'revoked']] },
      { anyOf: [['no']], containsAnyOf: [['tool_use', 'use_'], ['abc']] },
      { all: ['api'], contains: ['api'] },
      { contains: ['api#x#ai'] },
      { containsAnyOf: [['#ref', 'hf#co']], contains: ['sk#ant#'] },
    ];
    const gate = new WordGate(items);
    const rnd = prng(17);
    const pieces = ['Invalid', 'invalidsignature', 'SIGNATURE', 'thinking', 'xthink', 'ing', 'apikey', 'Key', 'ke', 'y', 'expired', 'REVOKED', 'revoke', 'no', 'No', 'tool_use', 'TOOL', '_use', 'use_', 'ab', 'c', 'abc', 'api', 'API', '_', '-', ' ', 'é', '流', '\\', '.', '$', 'x', 'X', 'ai', 'Ref', 'hf', 'co', 'SK', 'ant'];
    for (let n = 0; n < 5000; n++) {
      let text = Array.from({ length: Math.floor(rnd() * 14) }, () => pieces[Math.floor(rnd() * pieces.length)]).join('');
      if (n % 500 === 0) text = `${text}${' x'.repeat(20_000)} ${text}`; // beyond the 37 KB the gate's buffer starts with
      gate.mark(text);
      const words = wordsOf(text);
      const read = gateReading(text);
      items.forEach((item, i) => {
        const want =
          anchorsAtWordStarts(item.all ?? null, words) &&
          (item.anyOf ?? []).every((list) => anchorsAtWordStarts({ any: list }, words)) &&
          (item.contains ?? []).every((l) => read.includes(l)) &&
          (item.containsAnyOf ?? []).every((list) => list.some((l) => read.includes(l)));
        expect(gate.isMarked(i), `${JSON.stringify(text.slice(0, 200))} item ${i}`).toBe(want);
      });
    }
  });

  it('a text read as two chains gives the marks and the status number one chain gives, wherever the chains meet', () => {
    // From twice the longest pattern's length and more, a text is read from its start and, at the
    // same time, from that length before where the first read stops (word-automaton.ts): texts of
    // 0 to ~600 bytes put patterns and runs of digits across that point at every offset.
    const items: GateItem[] = [
      { all: ['anthropic_api_key'], whole: true },
      { all: ['overloaded', 'error'] },
      { contains: ['signature'], containsAnyOf: [['thinking', 'redacted']] },
      { anyOf: [['no']], contains: ['tool_use'] },
      { all: ['unable_to_verify_leaf_signature'], whole: true },
    ];
    const gate = new WordGate(items);
    const rnd = prng(19);
    const pieces = ['anthropic_api_key', 'ANTHROPIC', '_API_KEY', 'overloaded', 'Error', 'signature', 'thinking', 'redacted', 'no', 'No', 'tool_use', 'unable_to_verify_leaf_signature', 'unable_to_verify', '429', '4290', '12', '5', '0', ' ', '-', '_', '.', 'é', '流', 'x', 'abc'];
    let twoChains = 0;
    for (let n = 0; n < 6000; n++) {
      const text = Array.from({ length: Math.floor(rnd() * 90) }, () => pieces[Math.floor(rnd() * pieces.length)]).join('');
      if (Buffer.byteLength(text) >= 2 * 32 + 32) twoChains++; // the longest pattern: `#unable_to_verify_leaf_signature`
      gate.mark(text);
      expect(gate.statusNumber, JSON.stringify(text)).toBe(hasStatusNumber(text));
      const words = wordsOf(text);
      const lower = text.toLowerCase();
      const starts = (a: string): boolean => words.some((w) => w.startsWith(a));
      items.forEach((item, i) => {
        const want = item.whole
          ? (item.all ?? []).every(starts)
          : anchorsAtWordStarts(item.all ?? null, words) &&
            (item.anyOf ?? []).every((list) => anchorsAtWordStarts({ any: list }, words)) &&
            (item.contains ?? []).every((l) => lower.includes(l)) &&
            (item.containsAnyOf ?? []).every((list) => list.some((l) => lower.includes(l)));
        expect(gate.isMarked(i), `${JSON.stringify(text)} item ${i}`).toBe(want);
      });
    }
    expect(twoChains).toBeGreaterThan(3000);
  });

  it('a whole item needs all of each word longer than 8 characters, not only its first 8', () => {
    const items: GateItem[] = [
      { anyOf: [['anthropic_api_key', 'apikey'], ['invalid', 'no']], whole: true },
      { all: ['credential', 'missing'], whole: true },
      { anyOf: [['anthropic_api_key']] },
    ];
    const gate = new WordGate(items);
    const rnd = prng(11);
    const pieces = ['ANTHROPIC', 'anthropic_api', 'Anthropic_API_KEY', '_key', 'KEY', 'apiKey', 'api', 'invalid', 'No', 'credentials', 'credentia', 'l', 'missing', '_', '-', ' ', 'é', '\\'];
    const starts = (words: readonly string[], a: string): boolean => words.some((w) => (a.length === 2 ? w === a : w.startsWith(a)));
    for (let n = 0; n < 5000; n++) {
      const text = Array.from({ length: Math.floor(rnd() * 10) }, () => pieces[Math.floor(rnd() * pieces.length)]).join('');
      gate.mark(text);
      const words = wordsOf(text);
      items.forEach((item, i) => {
        const want = item.whole
          ? (item.all ?? []).every((a) => starts(words, a)) && (item.anyOf ?? []).every((list) => list.some((a) => starts(words, a)))
          : anchorsAtWordStarts(item.all ?? null, words) && (item.anyOf ?? []).every((list) => anchorsAtWordStarts({ any: list }, words));
        expect(gate.isMarked(i), `${JSON.stringify(text)} item ${i}`).toBe(want);
      });
    }
    gate.mark('ANTHROPIC invalid');
    expect([gate.isMarked(0), gate.isMarked(2)]).toEqual([false, true]);
    gate.mark('ANTHROPIC_API_KEY invalid');
    expect(gate.isMarked(0)).toBe(true);
  });

  it('the gate marks exactly the items whose anchors start words, whatever the characters around them', () => {
    const anchors = [['error'], ['overload', 'status'], ['api'], ['tool_use', 'block', 'the'], ['anthropic_api_key'], null, { any: ['no', 'model', 'servers'] }];
    const gate = new WordGate(anchors);
    const rnd = prng(3);
    const pieces = ['Error', 'errors', 'OVERLOADED', 'Status', 'API', 'api_key', 'tool_use', 'Block', 'the', 'The', 'ANTHROPIC_API', 'anthropicX', '_', '-', ' ', '\\', 'é', '€', '😀', '\ud800', '0', 'ab', 'No', 'n', 'o', 'MODEL', 'server', 's'];
    for (let n = 0; n < 5000; n++) {
      const text = Array.from({ length: Math.floor(rnd() * 14) }, () => pieces[Math.floor(rnd() * pieces.length)]).join('');
      gate.mark(text);
      const words = wordsOf(text);
      anchors.forEach((a, item) => expect(gate.isMarked(item), `${JSON.stringify(text)} item ${item}`).toBe(anchorsAtWordStarts(a, words)));
    }
  });
});
