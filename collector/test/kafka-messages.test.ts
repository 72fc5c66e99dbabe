import { describe, expect, it } from 'vitest';
import type { ErrorRecord } from '@claude-errors/schemas';
import { encodeRecords, messageKey, messagesOf, toMessages } from '../src/exporter/kafka/messages.js';
import { prng } from './helpers/prng.js';

/**
 * toMessages against the plain rule it implements: group by key in accept order; within a group,
 * take records while JSON.stringify of the value plus one byte fits, at least one record per
 * value; every value is JSON.stringify of its records, as UTF-8.
 */
function reference(records: readonly ErrorRecord[], max: number): { key: string; value: string; records: number }[] {
  const groups = new Map<string, ErrorRecord[]>();
  for (const r of records) {
    const key = messageKey(r);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(r);
  }
  const out: { key: string; value: string; records: number }[] = [];
  for (const [key, group] of groups) {
    let chunk: ErrorRecord[] = [];
    for (const r of group) {
      if (chunk.length > 0 && Buffer.byteLength(JSON.stringify([...chunk, r])) + 1 > max) {
        out.push({ key, value: JSON.stringify(chunk), records: chunk.length });
        chunk = [];
      }
      chunk.push(r);
    }
    if (chunk.length > 0) out.push({ key, value: JSON.stringify(chunk), records: chunk.length });
  }
  return out;
}

function record(rand: () => number, i: number, messageChars: number): ErrorRecord {
  const alphabet = ['a', 'é', '€', '😀', '"', '\\', '\n', '\u0000', '\ud800'];
  let message = '';
  for (let k = 0; k < messageChars; k++) message += alphabet[Math.floor(rand() * alphabet.length)];
  return {
    kind: i % 2 ? 'attempt' : 'call',
    time: 1_767_225_600_000 + i,
    trace_id: 'ab'.repeat(16),
    span_id: i.toString(16).padStart(16, '0'),
    attempt: i % 2,
    service: `svc-${Math.floor(rand() * 3)}`,
    source: 'claude-errors',
    platform: 'first_party',
    model: rand() < 0.2 ? null : `model-${Math.floor(rand() * 2)}`,
    outcome: 'error',
    error_message: message,
    attributes: rand() < 0.5 ? null : { n: i, nested: { s: message.slice(0, 8) } },
  };
}

describe('toMessages', () => {
  it('cuts and encodes exactly as the plain rule, multi-byte text and values past the scratch buffer included', () => {
    const rand = prng(7);
    const cases: [number, number, number][] = [
      // records, message characters (max), max value bytes
      [200, 40, 2048],
      [200, 400, 1024],
      [500, 200, 64 * 1024],
      [30, 200_000, 512 * 1024], // single records larger than the limit and than the scratch buffer
      [3, 1_000_000, 1024],
    ];
    for (const [n, chars, max] of cases) {
      const records = Array.from({ length: n }, (_, i) => record(rand, i, Math.floor(rand() * chars)));
      const got = toMessages(records, max).map((m) => ({ key: m.key, value: m.value.toString('utf8'), records: m.records }));
      expect(got).toEqual(reference(records, max));
    }
  });

  it('gives every value a buffer of its own', () => {
    const rand = prng(8);
    const records = Array.from({ length: 50 }, (_, i) => record(rand, i, 100));
    const first = toMessages(records, 4096);
    const before = first.map((m) => Buffer.from(m.value));
    toMessages(records.reverse(), 4096);
    first.forEach((m, i) => expect(m.value.equals(before[i]!)).toBe(true));
  });

  it('cuts the records of several encoded calls as one call with all of them', () => {
    const rand = prng(9);
    for (const max of [1024, 8192, 512 * 1024]) {
      const calls = Array.from({ length: 6 }, (_, c) => Array.from({ length: 1 + Math.floor(rand() * 60) }, (_, i) => record(rand, c * 100 + i, Math.floor(rand() * 300))));
      const got = messagesOf(calls.map(encodeRecords), max).map((m) => ({ key: m.key, value: m.value.toString('utf8'), records: m.records }));
      expect(got).toEqual(reference(calls.flat(), max));
    }
  });
});
