import { describe, expect, it } from 'vitest';
import { MODEL_FIELD_RE, PROVIDER_FIELD_RE } from '../src/logscan/named-field.js';

/**
 * named-field.ts builds the field readers of whose-api.ts (the provider) and model-field.ts (the
 * model) from one shape. Each must read what the literal it replaced read: the same match, at the
 * same place, with the same value. The provider's literal listed its suffixes `_?name|_?id`, the
 * shared shape `_?id|_?name`: each suffix must be followed by the separator, so at most one of them
 * matches at a place and the order picks nothing.
 */
const BEFORE = {
  provider: /\bprovider(?:_?name|_?id)?\\{0,4}["']?\s?[=:]\s?\\{0,4}["'`]?([A-Za-z][\w.-]{1,30})/i,
  model: /\bmodel(?:_?id|_?name)?\\{0,4}["']?\s?[=:]\s?\\{0,4}["'`]?([A-Za-z][\w.:/@-]{1,80})/i,
};
const NOW = { provider: PROVIDER_FIELD_RE, model: MODEL_FIELD_RE };

const VALUES = ['google', 'openai', 'anthropic/claude-3', 'amazon.nova-2-lite-v1:0', 'gpt-4o', 'us.meta.llama3-70b-instruct-v1:0', 'Groq', '1bad', '', 'x', 'claude@20240620', 'a'.repeat(100)];
const FIELDS = (name: string): string[] => [
  `${name}=`, `${name}: `, `${name} = `, `${name}  =`, `"${name}":"`, `"${name}": "`, `'${name}': '`, `\\"${name}\\":\\"`, `\\\\\\"${name}\\\\\\":\\\\\\"`,
  `${name}_id=`, `${name}Id: '`, `${name}ID=`, `${name}_name=`, `${name}Name: "`, `${name}id=`, `${name}name=`, `${name}_id_name=`, `${name}_name_id=`,
  `${name.toUpperCase()}=`, `x${name}=`, `${name}s=`, `${name}=\``, `${name}:\n`, `${name}\t=`, `${name}_=`,
];
const LINES: string[] = [];
for (const name of ['provider', 'model', 'Provider', 'MODEL']) {
  for (const f of FIELDS(name)) for (const v of VALUES) LINES.push(`ERROR request failed ${f}${v} status=429`, `${f}${v}`);
}
LINES.push('provider=google model=claude-3-5-sonnet fallbacks=anthropic/claude', '{"model_id":"amazon.nova-2-lite-v1:0","provider":"bedrock"}', 'no fields here', 'providers: many', 'modelling=x');

const read = (re: RegExp, line: string): [number, string] | null => {
  const m = re.exec(line);
  return m === null ? null : [m.index, m[1]!];
};

describe('named-field.ts', () => {
  it('the model reader has the pattern and flags of the literal it replaced', () => {
    expect(MODEL_FIELD_RE.source).toBe(BEFORE.model.source);
    expect(MODEL_FIELD_RE.flags).toBe(BEFORE.model.flags);
  });

  it('the provider reader differs from its literal only in the order of the suffixes', () => {
    expect(PROVIDER_FIELD_RE.source).toBe(BEFORE.provider.source.replace('(?:_?name|_?id)?', '(?:_?id|_?name)?'));
    expect(PROVIDER_FIELD_RE.flags).toBe(BEFORE.provider.flags);
  });

  for (const name of ['provider', 'model'] as const) {
    it(`${name}: the same match and value as before on every line of the table`, () => {
      expect(LINES.length).toBeGreaterThan(2000);
      for (const line of LINES) expect(read(NOW[name], line), JSON.stringify(line)).toEqual(read(BEFORE[name], line));
    });
  }
});
