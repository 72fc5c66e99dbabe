import { Readable } from 'node:stream';
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
  // twenty-second round: tuning precision re-based 0.981 -> 0.979 (the round lowered it to 0.966, the scanner change
  // after it reached 0.979), tuning label 0.997 -> 0.994 (the round's wrapped 429 labelled by its first line, not brought back);
  // twenty-third round: precision kept at 0.979 (the round lowered it to 0.972, the scanner change after it reached 0.979)
  // twenty-fourth round: recall raised 0.975 -> 0.977; precision re-based 0.979 -> 0.977 and label 0.994 -> 0.992 (the round
  // lowered them to 0.973 and 0.987, the scanner change after it reached 0.9775 and 0.9923); a second change: recall and
  // precision raised 0.977 -> 0.98; a third: precision 0.98 -> 0.982
  // twenty-fifth round: recall re-based 0.98 -> 0.975 and precision 0.982 -> 0.977 (lowered by the round's excerpts); the
  // scanner change after it: precision raised 0.977 -> 0.982
  // twenty-sixth round: recall re-based 0.975 -> 0.972 and precision 0.982 -> 0.98 (lowered by the round's excerpts);
  // the scanner change after it: recall raised 0.972 -> 0.975, precision 0.98 -> 0.982
  // twenty-seventh round: precision re-based 0.982 -> 0.977 (lowered by the round's excerpts)
  // twenty-eighth round: precision re-based 0.977 -> 0.961 (lowered by the round's excerpts to 403/419); the scanner
  // change after it (another server's request id under Claude Code's line, a router's refusal to route): 0.961 -> 0.973
  // twenty-ninth round: precision re-based 0.973 -> 0.964 (lowered by the round's excerpts to 409/424); the scanner
  // change after it (a test runner's failed assertion): 0.964 -> 0.971
  // thirtieth round: precision re-based 0.971 -> 0.969 (lowered by the round's excerpts to 419/432); the
  // scanner change after it (a proxy's own wording of its upstream's status): recall 0.975 -> 0.99, precision 0.969 -> 0.97
  // thirty-first round: unchanged (precision 431/444); the scanner change after it (a change's description as a list): precision 0.97 -> 0.972;
  // a second (a line's own model field names another vendor's model): 0.972 -> 0.975
  // issue 12, Claude Code's own `Prompt is too long` passed on by a tool built on it: recall 0.99 -> 0.993 (432/435)
  // thirty-second round: precision re-based 0.975 -> 0.968 (lowered by the round's excerpts to 433/447); the scanner
  // change after it (an MCP request is no API attempt): 0.968 -> 0.97 (433/446); a second (an error kind named in the
  // plural is prose): 0.97 -> 0.975 (433/444); a third (an HTTP client's code for a failed answer from the API's host)
  // was reverted (below); a fourth (the API's refusal of a Claude Code credential quoted alone): recall 0.993 -> 0.995
  // (434/436)
  // thirty-fourth round: recall re-based 0.995 -> 0.993, precision 0.975 -> 0.967 and label 0.992 -> 0.988 (lowered by the
  // round's excerpts to 449/452, 449/464 and 444/449); the scanner changes after it (copies pasted under headings
  // compared without their gutter, Claude Code's words quoted in a sentence): precision 0.967 -> 0.971 (449/462); a
  // third (`I` or `we` before a modal verb is no report of a failure met): 0.971 -> 0.976 (449/460)
  // thirty-fifth round: precision re-based 0.976 -> 0.974 and label 0.988 -> 0.984 (lowered by the round's excerpts to
  // 456/468 and 449/456, measured on a build of 66875bd); three tuning excerpts' stream resets after the first chunk
  // relabelled stream-interrupted (the catalog's row, as the classifier corpus labels the same lines), with the catalog
  // reading Claude Code's `retrying streaming` / `finalizing partial response` lines so and a retry line closing its
  // attempt: label 0.984 -> 0.986 (450/456)
  // issue 12, botocore's message broken after `when calling the` read with its next line's `<Operation> operation:`
  // (measured at d2477ca's catalog): label 0.986 -> 0.989 (451/456)
  // issue 12, Vertex's 404 for a Claude model named by its resource path (`Publisher Model projects/…/publishers/<any>/
  // models/claude-…` not found, masked segments and Google's publisher alike) read as model-not-available, the catalog's
  // row where it read not-found (measured at ab04c3b's scanner): label 0.989 -> 0.997 (455/456)
  // issue 12, a first-person account with none of the API's evidence (a status, an error type, a class, a request id, the
  // API's words quoted) names an error, it reports none (measured at d2477ca's catalog): precision 0.974 -> 0.976 (456/467)
  // thirty-sixth round: recall re-based 0.993 -> 0.987 (lowered by the round's excerpts to 463/469: Claude Code's
  // `529 Overloaded` pasted with nothing around it, missed three times)
  // issue 12, the API's 529 as Claude Code words it (`529 Overloaded`, outside a markdown span) read wherever it stands
  // (measured at 8cec777's catalog): recall 0.987 -> 0.993 (466/469)
  // thirty-seventh round: precision re-based 0.976 -> 0.973 (lowered by the round's excerpts to 476/489: a Chinese
  // article's general summary of `API Error: 400`, a newsletter's table row of statuses)
  // issue 12, a markdown table of statuses prints no failure (measured at 685019d's catalog): precision 0.973 -> 0.975
  // (476/488)
  // thirty-eighth round: precision re-based 0.975 -> 0.971 (lowered by the round's excerpts to 480/494: a page's prose
  // about 401s, a list of symptoms naming the SDK's RateLimitError)
  // thirty-ninth round: recall re-based 0.993 -> 0.991 and precision 0.971 -> 0.964 (lowered by the round's excerpts to
  // 482/486 and 482/500: util.inspect's status and headers of a 429 with no body missed; a pull request's, two pages'
  // and a service page's general words about the 529 and Bedrock's exceptions reported)
  // issue 12, a condition on the API's state with an adverb before the state (`when Anthropic is briefly overloaded`)
  // is prose, as the plain condition is (measured at 31a43ae's catalog): precision 0.964 -> 0.965 (482/499)
  tuning: { recall: 0.991, precision: 0.965, label_accuracy: 0.997 },
  // twenty-second round: precision re-based 0.777 -> 0.765 (round 0.754, change 0.765), label 0.954 -> 0.947 (round, not brought back)
  // twenty-third round: recall re-based 0.835 -> 0.821, precision 0.765 -> 0.756 (both lowered by the round, not brought back
  // by the scanner change after it)
  // twenty-fourth round: recall raised 0.821 -> 0.825 and label 0.947 -> 0.949 (by the round's excerpts, not the scanner change);
  // precision re-based 0.756 -> 0.746 (lowered by the round, not brought back by the change); a second change: precision
  // raised 0.746 -> 0.756
  // twenty-fifth round: recall raised 0.825 -> 0.827 and label 0.949 -> 0.95 (by the round's excerpts); precision
  // re-based 0.756 -> 0.745 (lowered by the round's excerpts); the scanner change after it: precision raised 0.745 -> 0.754
  // twenty-sixth round: unchanged; the scanner change after it: recall raised 0.827 -> 0.842, precision 0.754 -> 0.783,
  // label 0.95 -> 0.951
  // twenty-seventh round: precision re-based 0.783 -> 0.777 (lowered by the round's excerpts); recall 0.842 -> 0.845
  // and label 0.951 -> 0.952 raised (by the round's excerpts); the scanner change after it: precision 0.777 -> 0.802; another service's errors never reported: 0.802 -> 0.807
  // twenty-eighth round: precision re-based 0.807 -> 0.798 (lowered by the round's excerpts to 127/159); the scanner
  // change after it: 0.798 -> 0.803
  // thirty-first round: recall re-based 0.845 -> 0.841 (lowered by the round's excerpts to 133/158); the scanner
  // change after it (a line's own model field names another vendor's model): precision 0.803 -> 0.81 (133/164)
  // issue 12, Claude Code's own `Prompt is too long` passed on by a tool built on it: recall 0.841 -> 0.848 (134/158),
  // precision 0.81 -> 0.812 (134/165)
  // thirty-second round: unchanged (recall 135/159, precision 135/166, label 95.6 %); the scanner change reading an HTTP
  // client's code for a failed answer from the API's host took recall and precision to 136/159, 136/167 and label
  // accuracy to 94.9 %, under its floor: reverted, not re-based (floors are not lowered to let a scanner change pass)
  // thirty-third round: recall re-based 0.848 -> 0.84 (lowered by the round's excerpts to 137/163)
  // thirty-fourth round: recall re-based 0.84 -> 0.832 and label 0.952 -> 0.949 (lowered by the round's excerpts to 139/167
  // and 94.96 %)
  // thirty-fifth round: label re-based 0.949 -> 0.943 (lowered by the round's excerpts to 134/142, 94.37 %)
  // issue 12, a first-person account with none of the API's evidence names an error, it reports none (measured at
  // d2477ca's catalog): precision 0.812 -> 0.825 (142/172)
  // thirty-seventh round and the catalog changes around it (rate-limited reading Claude Code's own `API Error: Rate
  // limit reached`, d74056c): precision 0.825 -> 0.827 (144/174) and label 0.943 -> 0.951 (137/144, 95.14 %), measured
  // at 3188b75
  // thirty-eighth round: recall re-based 0.832 -> 0.83 and precision 0.827 -> 0.825 (lowered by the round's excerpts to
  // 147/177 and 147/178)
  // thirty-ninth round: precision re-based 0.825 -> 0.804 (lowered by the round's excerpts to 148/184)
  holdout: { recall: 0.83, precision: 0.804, label_accuracy: 0.951 },
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
      // a GitHub issue, pull request or file of `owner/name`, or (from the thirty-seventh round) a web page whose host is
      // the `repository` field
      const onGitHub = c.source.startsWith(`https://github.com/${c.repository}/`);
      const onHost = !c.repository.includes('/') && new URL(c.source).host === c.repository;
      expect(onGitHub || onHost, c.id).toBe(true);
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

/** The events of one tuning excerpt, as [line, line_end, request_id, status, catalog_id]. */
async function eventsOf(id: string): Promise<Array<[number, number, string | null, number | null, string]>> {
  const c = (loadSplit('tuning') as Array<Case & { text: string }>).find((x) => x.id === id);
  if (!c) throw new Error(`no tuning excerpt ${id}`);
  const r = await scanPaths(['-'], { stdin: Readable.from([Buffer.from(c.text)]) });
  return r.events.map((e) => [e.line, e.line_end, e.request_id, e.status, e.catalog_id]);
}

describe('analyze: the event model on real excerpts (docs/analyze.md, "Events")', () => {
  it('a UI line wrapped over terminal lines and the Errors record with its request id are one event; the aborted request is another', async () => {
    expect(await eventsOf('anthropics__claude-code-35792')).toEqual([
      [1, 2, 'req_011CZAau32QzxDkriovTaFCB', 529, 'overloaded'],
      [6, 6, null, null, 'request-aborted'],
    ]);
  });

  it('a body wrapped at the terminal is joined: the cause is read across the wrap', async () => {
    expect(await eventsOf('anthropics__claude-code-3051')).toEqual([[2, 4, null, 400, 'invalid-model']]);
  });

  it('each retry banner is an attempt; a gateway page inside a banner belongs to it', async () => {
    expect(await eventsOf('anthropics__claude-code-3919')).toEqual([
      [1, 1, null, null, 'api-connection-timeout'],
      [2, 2, null, null, 'api-connection-timeout'],
      [3, 10, null, 502, 'service-unavailable'],
    ]);
  });

  it('a chained traceback is one event, classified by its most specific line', async () => {
    expect(await eventsOf('Aider-AI__aider-2364')).toEqual([[11, 22, null, 400, 'context-window-exceeded']]);
  });

  it('the HTTP client, the SDK and the traceback printing one response are one event', async () => {
    expect(await eventsOf('home-assistant__core-140005')).toEqual([[2, 10, null, 400, 'unknown']]);
  });

  it('an Errors array is split into its requests; the UI line above it joins the first', async () => {
    expect(await eventsOf('anthropics__claude-code-81402')).toEqual([
      [1, 10, 'req_011CdBp6diwVhNmSZmaw4Xjm', 429, 'rate-limited'],
      [10, 10, 'req_011CdBp7iirEkVyTK93kP3NB', 429, 'rate-limited'],
      [10, 10, 'req_011CdBpDM8VWXbf1q73GTb3w', 429, 'rate-limited'],
    ]);
  });

  it('UI lines are one failure each, whatever they share', async () => {
    expect(await eventsOf('anthropics__claude-code-9911')).toEqual([
      [1, 1, 'req_011CUGrZ8Kt6WinhmfwWshXY', 400, 'unknown'],
      [4, 4, 'req_011CUGraVozK9rczyY8YyJHP', 400, 'unknown'],
      [12, 12, null, 400, 'unknown'],
    ]);
  });

  it('telemetry export failures and successful responses are not API errors', async () => {
    expect(await eventsOf('anthropics__claude-code-33890')).toEqual([]);
    expect(await eventsOf('cline__cline-736')).toEqual([]);
  });
});
