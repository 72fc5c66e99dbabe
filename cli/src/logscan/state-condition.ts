/**
 * Prose that sets a condition on the API instead of reporting what it answered (error-mentions.ts
 * describesOnly): a condition on the API's answer in the present tense (`if the Anthropic API is
 * overloaded and returns a 529`, `When Bedrock returns 503 …`) or on its state (`When Anthropic was
 * overloaded, users got a generic error message`) or on reaching a limit (`… was terminating with
 * exit code 1 when hitting rate limits (HTTP 429)`), and an example (`(e.g., Bedrock 503
 * ServiceUnavailableException)`, `such as 429`). A report of one's own failure says who met it
 * (`when I send a prompt it returns …`, FIRST_PERSON_RE there) or prints it. Every regex is linear:
 * test/security/redos-static.test.ts reads them.
 */

/** A condition's opening: `if` or `when(ever)`, then up to 80 characters of its sentence (it stops at the sentence's end) and a space. */
const CONDITION_OPEN = String.raw`\b(?:[Ii]f|[Ww]hen(?:ever)?)\b[^.;:!?\n]{1,80}? `;
/** A verb that puts the API in a state. */
const STATE_VERB = '(?:is|was|are|were|gets|got|becomes|became)';
/** The states of the API an error line would print. */
const API_STATE = String.raw`(?:overloaded|rate[- ]limited|unavailable|down)\b`;

/** A condition on the API's answer or state, on reaching a limit, or an example (see above). */
const IF_ANSWERS_RE = new RegExp(
  String.raw`${CONDITION_OPEN}(?:returns|responds with|sends|throws|raises|${STATE_VERB} ${API_STATE})|\b(?:[Ii]f|[Ww]hen(?:ever)?) (?:[a-z]{2,12} ){0,3}(?:hit|hits|hitting|reach|reaches|reaching|exceed|exceeds|exceeding) (?:the |a |its |their |your )?(?:rate|usage|token|request) limits?\b|\b(?:e\.g\.|[Ff]or example|[Ff]or instance|such as)`,
);

/**
 * The condition on the API's state with a word of degree or time between the verb and the state:
 * `when Anthropic is briefly overloaded`, `if the API is temporarily unavailable`, `when the service
 * was currently rate limited`. It is the same prose as the plain condition: what happens to a
 * program whenever the API is in that state, not a failure met. A log line prints its failure (a
 * status, an error type, a body, an error label) before such a sentence, and the caller checks that
 * none is shown before the condition. The adverb is one word ending in -ly, bounded.
 */
const ADVERB_STATE_CONDITION_RE = new RegExp(String.raw`${CONDITION_OPEN}${STATE_VERB} [a-z]{2,14}ly ${API_STATE}`);

/** The first condition of the line: the plain one (IF_ANSWERS_RE), else one with an adverb; its index is where it starts. Null: none. */
export function apiCondition(line: string): RegExpExecArray | null {
  return IF_ANSWERS_RE.exec(line) ?? ADVERB_STATE_CONDITION_RE.exec(line);
}
