/**
 * A log line's own field for one thing about the request it reports, and the value it names:
 * `provider=google`, `"model_id":"amazon.nova-2-lite-v1:0"`, `providerId: 'mistral'`,
 * `model_name=gpt-4o`. The field's name, bare or with an `id` or `name` suffix (`_id`, `Id`,
 * `_name`, `Name`: the match ignores case), then `=` or `:` with a space at most on each side, the
 * name and the value in quotes or not, escaped up to four times (a record logged inside a string
 * inside another). Every field reader is this shape with its own name and value class; each is
 * compiled once here, linear and bounded (test/security/redos-static.test.ts).
 */

/** The field name's optional suffix (at most one of them matches: each is followed by the separator). */
const SUFFIX = '(?:_?id|_?name)?';
/** The name's closing quote, the separator and the value's opening quote (a backtick too), each optionally escaped. */
const SEPARATOR = String.raw`\\{0,4}["']?\s?[=:]\s?\\{0,4}["'` + '`]?';

/**
 * The provider of the request (`provider=google`, `"provider": "openai"`, `providerId: 'mistral'`,
 * `provider_name=Groq`), group 1 its value: an app that serves several providers says in it whose
 * request failed, whatever models its other fields or a fallback list name (`model=claude-…` as the
 * fallback of a Gemini call; whose-api.ts providerOf).
 */
export const PROVIDER_FIELD_RE = new RegExp(String.raw`\bprovider${SUFFIX}${SEPARATOR}([A-Za-z][\w.-]{1,30})`, 'i');

/** The model of the request (`model=gpt-4o`, `modelId: 'meta.llama3-70b-instruct-v1:0'`: an id with dots, colons, slashes, `@`), group 1 its value (model-field.ts). */
export const MODEL_FIELD_RE = new RegExp(String.raw`\bmodel${SUFFIX}${SEPARATOR}([A-Za-z][\w.:/@-]{1,80})`, 'i');
