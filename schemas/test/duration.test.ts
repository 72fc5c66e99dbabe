import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DURATION_RE, formatDuration, parseDuration } from '@claude-errors/schemas';

const S = 1_000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const W = 7 * D;

describe('parseDuration: the one duration grammar', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30 * S],
    ['5m', 5 * M],
    ['4h', 4 * H],
    ['7d', 7 * D],
    ['1w', W],
    ['1h30m', H + 30 * M],
    ['1w2d3h4m5s6ms', W + 2 * D + 3 * H + 4 * M + 5 * S + 6],
    ['1.5h', 1.5 * H],
    ['0.5s', 500],
    ['0s', 0],
    ['90m', 90 * M],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '5', '1.5', 'h', '5x', '1 h', ' 5m', '5m ', '-5m', '1.h', '.5h', '5M', '1h30', 'yesterday', 'five minutes', '1e3s'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('reads a bare number in the unit its caller names, only when asked', () => {
    expect(parseDuration('60', { bareNumberUnit: 's' })).toBe(60 * S);
    expect(parseDuration('2.5', { bareNumberUnit: 's' })).toBe(2500);
    expect(parseDuration('250', { bareNumberUnit: 'ms' })).toBe(250);
    expect(parseDuration('2m', { bareNumberUnit: 's' })).toBe(2 * M);
    expect(parseDuration('60')).toBeUndefined();
  });

  it('rejects a duration too large to be a number', () => {
    expect(parseDuration(`${'9'.repeat(400)}d`)).toBeUndefined();
  });

  it('is the pattern of the rules schema', () => {
    const schema = JSON.parse(readFileSync(new URL('../rules.schema.json', import.meta.url), 'utf8')) as { $defs: { duration: { pattern: string } } };
    expect(schema.$defs.duration.pattern).toBe(DURATION_RE.source);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [500, '500ms'],
    [1500, '1500ms'],
    [30 * S, '30s'],
    [90 * M, '90m'],
    [4 * H, '4h'],
    [W, '7d'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('reads back to the same number', () => {
    for (const ms of [0, 1, 999, 1000, 61_000, H + 30 * M, 3 * D, 2 * W + 5]) expect(parseDuration(formatDuration(ms))).toBe(ms);
  });
});
