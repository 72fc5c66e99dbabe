/**
 * The one secret scrubber: every string the pipeline stores, prints, logs or sends passes through
 * `scrubSecrets`, which replaces anything shaped like a credential by a fixed marker
 * `[REDACTED:<kind>]` (the kinds are listed in SECRET_DETECTORS and in docs/collector.md).
 *
 * It lives here, in the published instrumentation package, because that package must stay free of
 * the private workspace packages: the collector, the analyzer, the CLI and the tests import it as
 * `@claude-errors/instrumentation-anthropic/scrub`. The dependency runs one way only: this package
 * imports nothing from @claude-errors/schemas (or any other workspace package) and this file has no
 * imports at all, so no package cycle can form; @claude-errors/schemas does not re-export it.
 *
 * Every pattern runs in linear time: star height 1 (no quantified group holds a quantifier),
 * neighbouring quantified parts match disjoint characters, and every repetition is bounded.
 * Because of the bounds, a token longer than its detector's bound (4096 characters for most)
 * keeps its tail after the marker; real credentials are far shorter.
 */

/** Prefix of every marker; a value that starts with it is never redacted twice. */
export const REDACTED_PREFIX = '[REDACTED:';

export interface SecretDetector {
  /** The marker kind: matches become `[REDACTED:<kind>]` (with any kept prefix, see `replace`). */
  kind: string;
  /** What it finds, for the docs. */
  finds: string;
  pattern: RegExp;
  /** How a match is rewritten; the default replaces the whole match by the marker. */
  replace?: (match: string, ...groups: string[]) => string;
  /** Instead of `replace`: a scan of its own that uses `pattern` to find candidates. */
  scrub?: (text: string) => string;
}

const marker = (kind: string): string => `${REDACTED_PREFIX}${kind}]`;

/*
 * Secret-like names in `name=value`, `name: value` and `"name": "value"` pairs and attribute
 * keys. A name is secret-like when its last word (after `_`, `-`, `.` or a camelCase hump) is
 * one of these. STRONG names are redacted in every form; WEAK ones ("key", "session", …) only
 * after `=` or in quoted pairs, so prose such as "missing key: model" stays readable.
 */
const STRONG_WORDS = 'password|passwd|pwd|passphrase|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|authorization|cookie|credentials?';
const WEAK_WORDS = 'key|sig|signature|session|sessionid|session[_-]?id|auth|jwt';
const STRONG_NAME = new RegExp(`(?:^|[_.-])(?:${STRONG_WORDS})$`, 'i');
const STRONG_CAMEL = /[a-z0-9](?:Password|Passwd|Passphrase|Secret|Token|ApiKey|Apikey|AccessKey|PrivateKey|Authorization|Cookie|Credentials?)$/;
const WEAK_NAME = new RegExp(`(?:^|[_.-])(?:${WEAK_WORDS})$`, 'i');
const WEAK_CAMEL = /[a-z0-9](?:Key|Sig|Signature|Session|SessionId|Auth|Jwt)$/;

/** True when a name (a header, attribute key, JSON key or query parameter) is always secret. */
export function isStrongSecretName(name: string): boolean {
  return STRONG_NAME.test(name) || STRONG_CAMEL.test(name);
}

/** True when the value of a field with this name should never be stored. */
export function isSecretName(name: string): boolean {
  return isStrongSecretName(name) || WEAK_NAME.test(name) || WEAK_CAMEL.test(name);
}

/** Words that follow "Bearer" or "Basic" in prose ("Basic authentication failed"). */
const PROSE_AFTER_SCHEME = /^(?:authentication|authorization|credentials?|required|expected|provided|instead)$/i;

/** A bearer token: 8+ characters, and when all lower-case letters 12+ and not a prose word. */
function tokenLike(v: string): boolean {
  if (!/^[a-z]+$/.test(v)) return true;
  return v.length >= 12 && !PROSE_AFTER_SCHEME.test(v);
}

/** Basic credentials are base64 of `user:password`. */
function basicLike(v: string): boolean {
  try {
    return atob(v).includes(':');
  } catch {
    return tokenLike(v);
  }
}

/**
 * The detectors, applied in this order: vendor token formats first (their markers name the
 * vendor), then structural forms (URL user info, auth schemes, secret-named pairs).
 */
export const SECRET_DETECTORS: readonly SecretDetector[] = [
  { kind: 'anthropic-key', finds: 'Anthropic API and admin keys: `sk-ant-…` (`sk-ant-api03-…`, `sk-ant-admin01-…`, `sk-ant-oat01-…`)', pattern: /sk-ant-[A-Za-z0-9_-]{1,4096}/g },
  { kind: 'openai-key', finds: 'OpenAI-style secret keys: `sk-` then 20+ key characters (`sk-proj-…`, `sk-svcacct-…`, legacy `sk-…`)', pattern: /\bsk-[A-Za-z0-9_-]{20,4096}/g },
  { kind: 'github-token', finds: 'GitHub tokens: `ghp_`, `gho_`, `ghs_`, `ghu_`, `ghr_` then 20+ characters; fine-grained `github_pat_…`', pattern: /\b(?:gh[opsur]_[A-Za-z0-9]{20,255}|github_pat_[A-Za-z0-9_]{20,255})/g },
  { kind: 'slack-token', finds: 'Slack tokens: `xoxa-`, `xoxb-`, `xoxe-`, `xoxp-`, `xoxr-`, `xoxs-` then 8+ characters', pattern: /\bxox[abeprs]-[A-Za-z0-9-]{8,255}/g },
  { kind: 'google-api-key', finds: 'Google API keys: `AIza` then 35 characters', pattern: /\bAIza[0-9A-Za-z_-]{35}/g },
  { kind: 'aws-access-key-id', finds: 'AWS access key ids: `AKIA` or `ASIA` then 16 upper-case letters or digits', pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g },
  { kind: 'jwt', finds: 'JSON Web Tokens: `eyJ….eyJ….<signature>`', pattern: /\beyJ[A-Za-z0-9_-]{4,1024}\.eyJ[A-Za-z0-9_-]{4,8192}\.[A-Za-z0-9_-]{0,2048}/g },
  {
    kind: 'url-credentials',
    finds: 'User info in URLs: `scheme://user:password@` and `scheme://token@` (the host and path are kept)',
    pattern: /\b([A-Za-z][A-Za-z0-9+.-]{0,31}:\/\/)[^\s/?#@"'<>\\]{1,1024}@/g,
    replace: (_m, scheme) => `${scheme}${marker('url-credentials')}@`,
  },
  {
    kind: 'bearer-token',
    finds: '`Bearer <token>` (8+ token characters; all lower-case letters only from 12 and when not a prose word) and `Basic <base64 of user:password>`; the scheme word is kept',
    pattern: /\b(Bearer|Basic)(\s{1,8})([A-Za-z0-9._~+/=-]{8,4096})/gi,
    replace: (m, scheme, space, value) => {
      const basic = scheme.toLowerCase() === 'basic';
      if (basic ? !basicLike(value) : !tokenLike(value)) return m;
      return `${scheme}${space}${marker(basic ? 'basic-credentials' : 'bearer-token')}`;
    },
  },
  {
    kind: 'aws-secret-key',
    finds: 'AWS secret access keys after their names (`aws_secret_access_key=…`, `AWS_SECRET_ACCESS_KEY: …`, `"SecretAccessKey": "…"`, or a space): 16–128 base64 characters',
    pattern: /\b(aws[_-]?secret[_-]?access[_-]?key|aws[_-]?secret[_-]?key|secret[_-]?access[_-]?key)([\s"':=\\]{1,16})[A-Za-z0-9/+=]{16,128}/gi,
    replace: (_m, name, sep) => `${name}${sep}${marker('aws-secret-key')}`,
  },
  {
    kind: 'secret',
    finds: 'Quoted pairs with a secret-like name, also escaped JSON: `"x-api-key": "…"`, `\\"password\\":\\"…\\"`, `\'token\': \'…\'`',
    pattern: /(\\{0,4}["'])([A-Za-z0-9_.-]{1,64})(\\{0,4}["']\s{0,8}:\s{0,8}\\{0,4}["'])([^"'\\\n]{1,4096})/g,
    // A bare "key" is left alone here: OTLP JSON and many maps are lists of {"key": "<name>", "value": …}.
    replace: (m, open, name, mid, value) =>
      isSecretName(name) && name.toLowerCase() !== 'key' && !value.startsWith(REDACTED_PREFIX) ? `${open}${name}${mid}${marker('secret')}` : m,
  },
  {
    kind: 'secret',
    finds: 'Unquoted pairs and query parameters with a secret-like name: `api_key=…`, `api_key=\'…\'`, `?token=…`, `&key=…`, `password: …` (after `:` only for the strong names)',
    pattern: /\b([A-Za-z][A-Za-z0-9_.-]{0,63})(\s{0,4}[:=]\s{0,4}\\{0,4}["']?)/g,
    scrub: scrubPairs,
  },
];

/** A pair's value: up to a space, quote, bracket or separator; after `=` also up to `&`. */
const QUERY_VALUE = /[^\s"'\\,;&<>(){}[\]]{1,4096}/y;
const COLON_VALUE = /[^\s"'\\,;<>(){}[\]]{1,4096}/y;

/**
 * `name=value` and `name: value` pairs: each `name` + separator the pattern finds is judged by
 * name; a secret one has its value replaced, any other is passed over and the scan goes on right
 * after its separator, so a pair inside the value of another (`error: api_key=…`, `a=1&key=…`)
 * is still found. Every step moves forward: linear in the length of the text.
 */
function scrubPairs(text: string): string {
  const names = SECRET_DETECTORS[SECRET_DETECTORS.length - 1]!.pattern;
  names.lastIndex = 0;
  let out = '';
  let copied = 0;
  for (let m = names.exec(text); m !== null; m = names.exec(text)) {
    const name = m[1]!;
    const sep = m[2]!;
    const valueAt = m.index + m[0].length;
    const query = sep.includes('=');
    if (!(query ? isSecretName(name) : isStrongSecretName(name))) continue;
    const valueRe = query ? QUERY_VALUE : COLON_VALUE;
    valueRe.lastIndex = valueAt;
    const value = valueRe.exec(text)?.[0];
    if (value === undefined || /^(?:bearer|basic)$/i.test(value)) continue;
    out += text.slice(copied, valueAt) + marker('secret');
    copied = valueAt + value.length;
    names.lastIndex = copied;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * Cheap pre-checks, true for every string a detector could change, so a clean string costs one
 * or two scans instead of twelve. First: every match of a detector holds one of these characters
 * (`-` of `sk-`/`xox?-`, `A` of `AKIA`/`ASIA`/`AIza`/`AWS_`/`ACCESS`, `J` of `eyJ`, `:` of
 * `://` and pairs, `=`, quotes, `B` of `Bearer`/`Basic`) or `gh?_`, `github_pat_`, a lower-case
 * `bearer`/`basic`, or `secret` (of `aws_secret_access_key <value>`); trace ids, request ids,
 * numbers and most words have none. Then what each detector needs: a vendor prefix, a scheme, URL
 * user info or an AWS secret's name (MAYBE_SECRET_WORD), or a secret-like word ending a name right
 * before `:` or `=` (`hasSecretPairName`; so `max_tokens: 100000` or `invalid x-api-key` costs no
 * more). The two together are the one regex
 * `MAYBE_SECRET_WORD|(?:key|token|…|jwt)["'\\]{0,5}\s{0,8}[:=]` (case-insensitive), read with the
 * pairs' part looked for backwards from each `:` and `=`: one alternation of nineteen words tried
 * at every position of the text cost more than the rest of the scrubbing of a clean text.
 */
const MAYBE_SECRET_CHAR = /[-:=@"'AJB]|gh[opsur]_|github_pat_|bearer|basic|secret/;
const MAYBE_SECRET_WORD = /sk-|AKIA|ASIA|AIza|gh[opsur]_|github_pat_|xox[abeprs]-|eyJ|bearer|basic|:\/\/[^\s/@]{1,1024}@|secret[_-]?access[_-]?key|secret[_-]?key/i;
/** A secret-like word that ends the text (read on at most PAIR_NAME_CHARS characters). */
const PAIR_NAME_END = /(?:key|token|secret|pass|passwd|password|passphrase|pwd|auth|authorization|session|sessionid|session[_-]id|cookie|credentials?|sig|signature|jwt)$/i;
const PAIR_NAME_CHARS = 13; // 'authorization', the longest word
/** What `\s` matches beyond ASCII (a character above 127 is tested on it). */
const WIDE_SPACE = /\s/;

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c > 0x7f && WIDE_SPACE.test(String.fromCharCode(c)));
}

function isQuote(c: number): boolean {
  return c === 0x22 || c === 0x27 || c === 0x5c;
}

/**
 * Whether `text` has a match of `(?:key|token|…|jwt)["'\\]{0,5}\s{0,8}[:=]` (PAIR_NAME_END's
 * words, case-insensitive): looked for backwards from each `:` and `=`. Before the separator, the
 * run of spaces and then the run of quotes are taken whole (a name's word ends with a letter, which
 * is neither): at most 8 and 5 of them, then a word must end there. At most 27 characters are read
 * per separator: linear in the length of the text.
 */
function hasSecretPairName(text: string): boolean {
  return pairNameBefore(text, ':') || pairNameBefore(text, '=');
}

function pairNameBefore(text: string, separator: string): boolean {
  for (let at = text.indexOf(separator); at !== -1; at = text.indexOf(separator, at + 1)) {
    let k = at;
    while (k > 0 && at - k <= 8 && isSpace(text.charCodeAt(k - 1))) k--;
    if (at - k > 8) continue;
    const quotesEnd = k;
    while (k > 0 && quotesEnd - k <= 5 && isQuote(text.charCodeAt(k - 1))) k--;
    if (quotesEnd - k > 5) continue;
    if (PAIR_NAME_END.test(text.slice(Math.max(0, k - PAIR_NAME_CHARS), k))) return true;
  }
  return false;
}

/** `text` with every detected secret replaced by its `[REDACTED:<kind>]` marker. */
export function scrubSecrets(text: string): string {
  if (!MAYBE_SECRET_CHAR.test(text) || !(hasSecretPairName(text) || MAYBE_SECRET_WORD.test(text))) return text;
  let out = text;
  // replace() hands back the same string when nothing matches, and resets the /g lastIndex.
  for (const d of SECRET_DETECTORS) {
    out = d.scrub ? d.scrub(out) : d.replace ? out.replace(d.pattern, d.replace) : out.replace(d.pattern, marker(d.kind));
  }
  return out;
}

/** How far past a cut `scrubSecretsCut` looks, so a secret across the cut is found whole. */
const CUT_WINDOW = 1024;

/**
 * `text` scrubbed and cut to at most `maxChars` characters. Scrubbing comes first, on the text up
 * to the cut plus a window, so a cut never leaves the first characters of a secret behind.
 */
export function scrubSecretsCut(text: string, maxChars: number): string {
  if (text.length <= maxChars) return scrubSecrets(text);
  const clean = scrubSecrets(text.slice(0, maxChars + CUT_WINDOW));
  return clean.length > maxChars ? clean.slice(0, maxChars) : clean;
}
