import { scrubSecretsCut } from '@claude-errors/instrumentation-anthropic/scrub';

/**
 * Turns an error message into a stable template so that unknown errors group into patterns:
 * secrets are scrubbed first (a fingerprint is printed and stored), then request/tool/message ids, UUIDs, URLs, timestamps, quoted values, hex strings and numbers are
 * masked, whitespace is collapsed, and the result is capped at 200 characters.
 */
const MAX_INPUT = 600;
const MAX_TEMPLATE = 200;

/** What every match of a mask holds: a string, a regex to test, or a test of one's own as cheap. */
type Needs = string | RegExp | ((text: string) => boolean) | null;

const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;

/**
 * Whether `text` has dashes where a UUID has its first four (8-4-4-4-12 characters): one
 * `indexOf` per dash, where the `<uuid>` regex reads the text character by character. Most
 * messages with a dash (`x-api-key`, `claude-3-5-sonnet`) have none such.
 */
function hasUuidDashes(text: string): boolean {
  for (let i = text.indexOf('-', 8); i !== -1 && i + 28 <= text.length; i = text.indexOf('-', i + 1)) {
    if (text.charCodeAt(i + 5) === 45 && text.charCodeAt(i + 10) === 45 && text.charCodeAt(i + 15) === 45) return true;
  }
  return false;
}

/** Whether `text` has two dashes three characters apart, the first between two digits: what `\d{4}-\d\d-` of a `<ts>` needs. */
function hasDateDashes(text: string): boolean {
  for (let i = text.indexOf('-', 4); i !== -1 && i + 3 < text.length; i = text.indexOf('-', i + 1)) {
    if (text.charCodeAt(i + 3) === 45 && isDigitCode(text.charCodeAt(i - 1)) && isDigitCode(text.charCodeAt(i + 1))) return true;
  }
  return false;
}

/**
 * Each mask with what every one of its matches holds (a character, or a test as cheap): a text
 * without it is left as it is without running the mask. Masks run in this order, each on the
 * result of the one before.
 */
const MASKS: Array<[RegExp, string, Needs]> = [
  [/\b(?:req|msg|toolu|srvtoolu|msgbatch|file|org|user|sk-ant-[a-z0-9]+)[_-][A-Za-z0-9_-]{6,}/g, '<id>', /[_-]/],
  [/\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/g, '<uuid>', hasUuidDashes],
  [/\bhttps?:\/\/[^\s"'<>)\]]+/g, '<url>', '://'],
  [/\b\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:[.,]\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?/g, '<ts>', hasDateDashes],
  [/(^|[\s(\[:=,{])(["'])[^"'\n]{0,200}?\2(?=$|[\s)\].,:;}])/g, '$1<str>', /["']/],
  [/\b(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b/g, '<hex>', /\d/],
  [/\d+(?:[.,]\d+)*/g, '<n>', /\d/],
  // Whitespace collapsed to one space: only the runs that are not already a single space are
  // replaced (what `/\s+/g -> ' '` gives, without rebuilding the string at every space).
  [/\s{2,}|[^\S ]/g, ' ', null],
];

/** Whether `text` holds what a mask needs (true: the mask may match, and is run). */
function holds(text: string, needs: Needs): boolean {
  if (needs === null) return true;
  if (typeof needs === 'string') return text.includes(needs);
  return typeof needs === 'function' ? needs(text) : needs.test(text);
}

export function fingerprintOf(message: string): string {
  let s = scrubSecretsCut(message, MAX_INPUT);
  for (const [re, to, needs] of MASKS) {
    if (holds(s, needs)) s = s.replace(re, to);
  }
  s = s.trim();
  return s.length > MAX_TEMPLATE ? s.slice(0, MAX_TEMPLATE) : s;
}
