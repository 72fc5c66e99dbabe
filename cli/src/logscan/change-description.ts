/**
 * A change's description written as a list (a pull request's summary, a changelog's items): an item
 * that starts with the verb of what the code does with an error (`- classify Claude `ClaudeResult`
 * failures with the exact `API Error: Overloaded` message as `provider_overloaded``, `- Handle
 * `overloaded_error` with a retry`, `* map `rate_limit_error` to 429`) and names that error in a
 * code span says how the change treats it; it prints no failure, as a change note (`fix: …`) does not.
 * A list item that starts otherwise (`- Run claude`, `- Error: 529 …`, `- I get `API Error: 529``)
 * is read as before, and so is a line that is no list item.
 */

/** The item's first word: a verb for what code does with an error it meets, in the imperative or the third person. */
const CHANGE_ITEM_RE =
  /^\s{0,8}[-*+] (?:\*\*)?(?:[Cc]lassif(?:y|ies)|[Mm]aps?|[Hh]andles?|[Tt]reats?|[Dd]etects?|[Cc]atch(?:es)?|[Rr]ecogni[sz]es?|[Mm]atch(?:es)?|[Nn]ormali[sz]es?)\b/;
/** A markdown code span: how a description names the message, type or class it handles. */
const CODE_SPAN_RE = /`[^`\n]{1,300}`/;

/** Whether a line is a list item of a change's description that names an error (CHANGE_ITEM_RE, CODE_SPAN_RE). */
export function changeDescription(line: string): boolean {
  return CHANGE_ITEM_RE.test(line) && CODE_SPAN_RE.test(line);
}
