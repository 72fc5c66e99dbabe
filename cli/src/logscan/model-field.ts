/**
 * A log line's own field for the model of the request it reports (`"model_id":"amazon.nova-2-lite-v1:0"`,
 * `model=gpt-4o`, `modelId: 'meta.llama3-70b-instruct-v1:0'`): a gateway or an app that serves several
 * models says in it whose request failed. One that names another vendor's model (Amazon's Nova and
 * Titan on Bedrock, Meta's Llama, Alibaba's Qwen, OpenAI's GPT, xAI's Grok, Google's Gemma, or a
 * name FOREIGN_RE knows) makes the line that model's, whatever client sent it (Claude Code's
 * user agent in a gateway's request log). A field that names Claude, or a name it does not know
 * (an alias), decides nothing: the line's other evidence does.
 */

import { MODEL_FIELD_RE } from './named-field.js';

/** Other vendors' model ids, as their APIs and Bedrock name them (a cross-region prefix too). */
const OTHER_MODEL_RE = /^(?:(?:us|eu|apac|global)\.)?(?:amazon\.(?:nova|titan)|meta\.llama|llama|qwen|gpt-|grok|gemma)/i;

/** Whether the line's own model field names another vendor's model (`foreign` is FOREIGN_RE). */
export function otherVendorModel(line: string, foreign: RegExp): boolean {
  const model = MODEL_FIELD_RE.exec(line)?.[1];
  return model !== undefined && (OTHER_MODEL_RE.test(model) || foreign.test(model));
}
