import { describe, expect, it } from 'vitest';
import { recordSchema, type ErrorRecord } from '@claude-errors/schemas';
import { redactRecord } from '../src/processor/redact/redact.js';

const KEY = 'sk-ant-api03-Qw8Er6Ty4Ui2Op0As9Df7Gh5Jk3Lz1Xc-Vb_Nm7Qw5Er3Ty1Ui9Op7As5Df3Gh1Jk9Lz7Xc5Vb3Nm1AA';

describe('redactRecord', () => {
  it('redacts every string field of the record schema that can hold text, and every attribute key and value', () => {
    const r: Record<string, unknown> = {};
    for (const [name, prop] of Object.entries(recordSchema.properties)) {
      const p = prop as unknown as { enum?: string[]; pattern?: string; 'x-duckdb': string };
      if (p.enum) r[name] = p.enum[0];
      else if (p.pattern) r[name] = name === 'trace_id' ? 'a'.repeat(32) : 'b'.repeat(16);
      else if (p['x-duckdb'] === 'VARCHAR') r[name] = `${name} ${KEY}`;
      else if (p['x-duckdb'] === 'JSON') r[name] = { [`anthropic.ratelimit.${KEY}`]: KEY, 'anthropic.ratelimit.x-api-key': 'opaque', nested: [{ inner: `Bearer ${KEY.slice(20)}` }] };
      else r[name] = 1;
    }
    const out = JSON.stringify(redactRecord(r as unknown as ErrorRecord));
    expect(out).not.toContain(KEY.slice(20, 40));
    expect(out).not.toContain('opaque');
    expect(r['sdk_version']).toBe('sdk_version [REDACTED:anthropic-key]');
    // Each field its own text, redacted (none another field's).
    for (const [name, prop] of Object.entries(recordSchema.properties)) {
      const p = prop as unknown as { enum?: string[]; pattern?: string; 'x-duckdb': string };
      if (!p.enum && !p.pattern && p['x-duckdb'] === 'VARCHAR') expect(r[name]).toBe(`${name} [REDACTED:anthropic-key]`);
    }
    expect(r['attributes']).toEqual({
      'anthropic.ratelimit.[REDACTED:anthropic-key]': '[REDACTED:anthropic-key]',
      'anthropic.ratelimit.x-api-key': '[REDACTED:secret]',
      nested: [{ inner: 'Bearer [REDACTED:bearer-token]' }],
    });
  });

  it('keeps clean records and attribute objects as they are', () => {
    const attributes = { 'anthropic.ratelimit.tokens.remaining': 5, 'gen_ai.usage.input_tokens': 3 };
    const r = { kind: 'call', service: 'svc', model: 'claude-sonnet-4-5', request_id: 'req_011CVabc', error_message: 'invalid x-api-key', attributes } as unknown as ErrorRecord;
    redactRecord(r);
    expect(r.attributes).toBe(attributes);
    expect(r.error_message).toBe('invalid x-api-key');
  });
});
