import { describe, expect, it } from 'vitest';
import { hashBytes, Utf8Cache } from '../src/receiver/otlp-http/utf8-cache.js';
import type { NativeBuffer } from '../src/receiver/otlp-http/protobuf-reader.js';

const bytes = (s: string): NativeBuffer => Buffer.from(s) as NativeBuffer;

/** A cache whose classify() counts calls: one per miss (a hit reads the stored flag). */
function counting(slots: number): { cache: Utf8Cache; misses: () => number } {
  let n = 0;
  const cache = new Utf8Cache(slots, 48, (s) => {
    n++;
    return s.startsWith('keep');
  });
  return { cache, misses: () => n };
}

describe('Utf8Cache', () => {
  it('keeps two recurring strings that share a slot, used in turn', () => {
    // Two keys whose first slot of four is the same (found among a handful).
    const all = Array.from({ length: 12 }, (_, i) => `keep.attribute.${i}`);
    const slot = (k: string): number => hashBytes(bytes(k), 0, Buffer.byteLength(k)) & 3;
    const first = all.find((k) => all.some((o) => o !== k && slot(o) === slot(k)))!;
    const keys = [first, all.find((o) => o !== first && slot(o) === slot(first))!];
    const { cache, misses } = counting(4);
    for (let round = 0; round < 4; round++) for (const k of keys.slice(0, 2)) cache.get(bytes(k), 0, Buffer.byteLength(k));
    const before = misses();
    for (let round = 0; round < 50; round++) {
      for (const k of keys.slice(0, 2)) {
        expect(cache.get(bytes(k), 0, Buffer.byteLength(k))).toBe(k);
        expect(cache.flag).toBe(true);
      }
    }
    expect(misses()).toBe(before);
  });

  it('returns what decoding returns, hit or miss, and never caches strings seen once', () => {
    const { cache, misses } = counting(8);
    const seen: string[] = [];
    for (let i = 0; i < 200; i++) {
      const s = i % 3 === 0 ? `req_${i.toString(36)}` : `drop.${i % 5}`;
      seen.push(cache.get(bytes(s), 0, Buffer.byteLength(s)));
      expect(seen[seen.length - 1]).toBe(s);
      expect(cache.flag).toBe(false);
    }
    expect(misses()).toBeGreaterThanOrEqual(67); // every request id is a miss
  });

  it('gives each string and its flag whatever order strings come in, when the one that followed last time changed or was evicted', () => {
    // Tiny caches, so slots are shared and replaced, and a remembered successor often holds
    // another string by the time it is tried; strings of equal length differing in one byte.
    const words = ['keep.a', 'keep.b', 'drop.a', 'drop.b', 'keep.aa', 'drop.aa', 'é.keep', 'keep.é', 'x', 'keep.c'];
    let seed = 7;
    const rand = (n: number): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) % n);
    for (const slots of [2, 4, 8]) {
      const { cache } = counting(slots);
      let order = words.slice(0, 6);
      for (let round = 0; round < 300; round++) {
        if (round % 7 === 0) order = Array.from({ length: 3 + rand(6) }, () => words[rand(words.length)]!);
        for (const w of order) {
          const buf = Buffer.concat([Buffer.from('..'), bytes(w), Buffer.from('..')]) as NativeBuffer;
          expect(cache.get(buf, 2, buf.length - 2)).toBe(w);
          expect(cache.flag).toBe(w.startsWith('keep'));
        }
      }
    }
  });

  it('tells apart strings of every length from 1 to 13 bytes, and up to the longest cached, that differ in any one byte, at any offset in the body', () => {
    // The comparison reads the key's last four bytes, then four at a time from its start (under four bytes, one by one).
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 45, 46, 47, 48]) {
      const base = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP'.slice(0, n);
      const variants = [base, ...Array.from({ length: n }, (_, p) => base.slice(0, p) + 'Z' + base.slice(p + 1))];
      const { cache } = counting(2); // every variant shares the two slots: compared often, replaced often
      for (let round = 0; round < 6; round++) {
        for (const [i, w] of variants.entries()) {
          const pad = (i + round) % 5; // unaligned starts
          const buf = Buffer.concat([Buffer.alloc(pad, 0x2e), bytes(w), Buffer.from('.')]) as NativeBuffer;
          expect(cache.get(buf, pad, pad + n)).toBe(w);
        }
      }
    }
  });
});
