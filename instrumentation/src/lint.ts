// Pre-flight lint: finds locally what the API is known to reject, before the request leaves.
import { isObj, type Obj } from './obj.js';

/** Known output-token limits, longest prefix first. */
const MAX_OUTPUT_TOKENS: ReadonlyArray<readonly [prefix: string, limit: number]> = [
  ['claude-opus-4-1', 32_000],
  ['claude-opus-4', 32_000],
  ['claude-sonnet-4-5', 64_000],
  ['claude-sonnet-4', 64_000],
  ['claude-haiku-4-5', 64_000],
  ['claude-3-7-sonnet', 64_000],
  ['claude-3-5-sonnet', 8_192],
  ['claude-3-5-haiku', 8_192],
  ['claude-3-opus', 4_096],
  ['claude-3-haiku', 4_096],
];

export function maxOutputTokens(model: string): number | undefined {
  return MAX_OUTPUT_TOKENS.find(([prefix]) => model.startsWith(prefix))?.[1];
}

function blocks(content: unknown): Obj[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? content.filter(isObj) : [];
}

function emptyText(messages: Obj[]): string[] {
  const out: string[] = [];
  messages.forEach((m, i) => {
    const content = m['content'];
    if (typeof content === 'string' && content.trim() === '' && !(m['role'] === 'assistant' && i === messages.length - 1)) {
      out.push(`empty_text_block: messages[${i}] has empty content`);
      return;
    }
    blocks(content).forEach((b, j) => {
      if (b['type'] === 'text' && typeof b['text'] === 'string' && b['text'].trim() === '') {
        out.push(`empty_text_block: messages[${i}].content[${j}] is empty`);
      }
    });
  });
  return out;
}

function unmatchedToolUse(messages: Obj[]): string[] {
  const out: string[] = [];
  messages.forEach((m, i) => {
    if (m['role'] !== 'assistant') return;
    const ids = blocks(m['content']).filter((b) => b['type'] === 'tool_use').map((b) => String(b['id']));
    if (ids.length === 0) return;
    const next = messages[i + 1];
    if (next === undefined) return; // the conversation ends with the tool call: nothing to answer yet
    const answered = new Set(
      next['role'] === 'user' ? blocks(next['content']).filter((b) => b['type'] === 'tool_result').map((b) => String(b['tool_use_id'])) : [],
    );
    for (const id of ids) {
      if (!answered.has(id)) out.push(`tool_use_without_tool_result: ${id} in messages[${i}] has no tool_result in messages[${i + 1}]`);
    }
  });
  return out;
}

function hasRef(schema: unknown, depth = 0): boolean {
  if (!isObj(schema) || depth > 32) return false;
  if ('$ref' in schema || '$defs' in schema) return true;
  return Object.values(schema).some((v) => (Array.isArray(v) ? v.some((x) => hasRef(x, depth + 1)) : hasRef(v, depth + 1)));
}

/** Findings for a Messages request body, each `rule: detail`. */
export function lintMessagesRequest(body: Obj): string[] {
  const findings: string[] = [];
  const messages = Array.isArray(body['messages']) ? body['messages'].filter(isObj) : [];
  if (messages.length > 0 && messages[0]?.['role'] !== 'user') {
    findings.push(`first_message_not_user: messages[0].role is ${JSON.stringify(messages[0]?.['role'])}`);
  }
  findings.push(...emptyText(messages), ...unmatchedToolUse(messages));
  const model = typeof body['model'] === 'string' ? body['model'] : '';
  const limit = maxOutputTokens(model);
  if (limit !== undefined && typeof body['max_tokens'] === 'number' && body['max_tokens'] > limit) {
    findings.push(`max_tokens_above_model_limit: max_tokens ${body['max_tokens']} > ${limit} for ${model}`);
  }
  const tools = Array.isArray(body['tools']) ? body['tools'].filter(isObj) : [];
  for (const tool of tools) {
    if (hasRef(tool['input_schema'])) findings.push(`tool_schema_ref: tool ${String(tool['name'])} input_schema uses $ref/$defs`);
  }
  return findings;
}
