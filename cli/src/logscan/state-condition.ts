/**
 * A condition on the API's state with a word of degree or time between the verb and the state:
 * `when Anthropic is briefly overloaded`, `if the API is temporarily unavailable`, `when the service
 * was currently rate limited`. It is the same prose as the plain condition (`when Anthropic is
 * overloaded`, error-mentions.ts IF_ANSWERS_RE): what happens to a program whenever the API is in that
 * state, not a failure met. A log line prints its failure (a status, an error type, a body, an error
 * label) before such a sentence, and the caller checks that none is shown before the condition.
 * The adverb is one word ending in -ly, bounded; the run before the verb is bounded and stops at a
 * sentence's end, as the plain condition's does.
 */
const ADVERB_STATE_CONDITION_RE =
  /\b(?:[Ii]f|[Ww]hen(?:ever)?)\b[^.;:!?\n]{1,80}? (?:is|was|are|were|gets|got|becomes|became) [a-z]{2,14}ly (?:overloaded|rate[- ]limited|unavailable|down)\b/;

/** The condition's match in a line (its index is where the condition starts), or null. */
export function adverbStateCondition(line: string): RegExpExecArray | null {
  return ADVERB_STATE_CONDITION_RE.exec(line);
}
