import { describe, expect, it } from 'vitest';
import { loadSplit, scoreSplit } from '../bench/corpus-score.mjs';
import { scanPaths } from '../src/logscan/index.js';

/**
 * The labelled corpus of real excerpts (test/fixtures/analyze-corpus, README.md there): analyze
 * must keep the recall, precision and label accuracy it reached (`npm run eval:analyze` prints
 * the same figures from the build). The floors are the figures reached when they were set, not
 * targets: raise them when analyze gets better, never lower them to make a change pass.
 */
const FLOORS = {
  tuning: { recall: 0.992, precision: 1, label_accuracy: 0.992 },
  holdout: { recall: 0.942, precision: 0.891, label_accuracy: 0.969 },
} as const;

interface Case {
  id: string;
  source: string;
  repository: string;
  expected: { count: number; events: Array<{ status: number | null; catalog_id: string }> };
}

describe('analyze: the labelled corpus of real excerpts', () => {
  const splits = { tuning: loadSplit('tuning') as Case[], holdout: loadSplit('holdout') as Case[] };

  it('is split by source repository: no repository on both sides', () => {
    const tuning = new Set(splits.tuning.map((c) => c.repository));
    expect(splits.holdout.filter((c) => tuning.has(c.repository)).map((c) => c.id)).toEqual([]);
  });

  it('every excerpt has a source in its repository and as many expected events as its count', () => {
    for (const c of [...splits.tuning, ...splits.holdout]) {
      expect(c.source.startsWith(`https://github.com/${c.repository}/`), c.id).toBe(true);
      expect(c.expected.events.length, c.id).toBe(c.expected.count);
    }
  });

  for (const split of ['tuning', 'holdout'] as const) {
    it(`${split}: recall, precision and label accuracy stay at or above their floors`, async () => {
      const got = (await scoreSplit(scanPaths, split)) as { recall: number; precision: number; label_accuracy: number };
      const floor = FLOORS[split];
      expect(got.recall).toBeGreaterThanOrEqual(floor.recall - 1e-9);
      expect(got.precision).toBeGreaterThanOrEqual(floor.precision - 1e-9);
      expect(got.label_accuracy).toBeGreaterThanOrEqual(floor.label_accuracy - 1e-9);
    });
  }
});
