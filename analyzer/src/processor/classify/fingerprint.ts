import { scrubSecretsCut } from '@claude-errors/instrumentation-anthropic/scrub';

/**
 * Turns an error message into a stable template so that unknown errors group into patterns:
 * secrets are scrubbed first (a fingerprint is printed and stored), then request/tool/message ids, UUIDs, URLs, timestamps, quoted values, hex strings and numbers are
 * masked, whitespace is collapsed, and the result is capped at 200 characters.
 */
const MAX_INPUT = 600;
const MAX_TEMPLATE = 200;

/**
 * Each mask with what every one of its matches holds (a character, or a test as cheap): a text
 * without it is left as it is without running the mask. Masks run in this order, each on the
 * result of the one before.
 */
const MASKS: Array<[RegExp, string, string | RegExp | null]> = [
  [/\b(?:req|msg|toolu|srvtoolu|msgbatch|file|org|user|sk-ant-[a-z0-9]+)[_-][A-Za-z0-9_-]{6,}/g, '<id>', /[_-]/],
  [/\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/g, '<uuid>', '-'],
  [/\bhttps?:\/\/[^\s"'<>)\]]+/g, '<url>', '://'],
  [/\b\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:[.,]\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?/g, '<ts>', '-'],
  [/(^|[\s(\[:=,{])(["'])[^"'\n]{0,200}?\2(?=$|[\s)\].,:;}])/g, '$1<str>', /["']/],
  [/\b(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b/g, '<hex>', /\d/],
  [/\d+(?:[.,]\d+)*/g, '<n>', /\d/],
  // Whitespace collapsed to one space: only the runs that are not already a single space are
  // replaced (what `/\s+/g -> ' '` gives, without rebuilding the string at every space).
  [/\s{2,}|[^\S ]/g, ' ', null],
];

export function fingerprintOf(message: string): string {
  let s = scrubSecretsCut(message, MAX_INPUT);
  for (const [re, to, needs] of MASKS) {
    if (needs === null || (typeof needs === 'string' ? s.includes(needs) : needs.test(s))) s = s.replace(re, to);
  }
  s = s.trim();
  return s.length > MAX_TEMPLATE ? s.slice(0, MAX_TEMPLATE) : s;
}
