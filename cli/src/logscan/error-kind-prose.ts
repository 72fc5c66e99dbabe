/**
 * An error named as a kind, in the plural, in a sentence: `issues with handling of Anthropic
 * overloaded errors`, `when Anthropic experiences overloaded errors`, `retries on rate limit
 * errors`. A log line prints one failure (its status, its error type, a body, an error label with
 * its message, a log level); the plural names what errors of that kind are, as a change's
 * description or a bug report's summary does. The kinds are the API's own, in words: an overload,
 * a rate limit, a quota, authentication, a permission, a timeout, a server's or the API's errors.
 */
const PLURAL_KIND_RE =
  /\b(?:overload(?:ed)?|rate[- ]?limit(?:ed|ing)?|quota|capacity|auth(?:entication)?|permission|timeout|server|API|connection|billing) (?:errors|exceptions|failures)\b/i;

/** Whether a line names an error kind in the plural (the caller checks that it prints no failure). */
export function namesErrorKind(line: string): boolean {
  return PLURAL_KIND_RE.test(line);
}
