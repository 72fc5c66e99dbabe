// Notifiers that could never deliver are refused (by `rules check`, at start-up and on reload: see
// alerts-cli.test.ts and rules-reload.test.ts); here, each check on the parsed file.
import { describe, expect, it } from 'vitest';
import { parseRulesText, RulesInvalidError, type RulesProblem } from '../src/rules/index.js';

const RULE = 'rules:\n  - { name: a, kind: streak, threshold: 3 }\n';

function problems(notifiers: string, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    parseRulesText(`${RULE}notifiers:\n${notifiers}`, 'rules.yaml', env);
  } catch (err) {
    expect(err).toBeInstanceOf(RulesInvalidError);
    return (err as RulesInvalidError).problems.map((p: RulesProblem) => `${p.line}:${p.path}: ${p.message}`);
  }
  return [];
}

const hook = (extra: string, url = 'https://hooks.example.com/x') => `  - { name: n, type: webhook, url: "${url}"${extra} }\n`;

describe('notifier checks', () => {
  it('refuses user:password@ in the URL, also when it comes from the environment, without echoing it', () => {
    const literal = problems(hook('', 'https://alice:s3cret@hooks.example.com/x'));
    expect(literal).toEqual([expect.stringMatching(/^4:notifiers\[0\]\.url: must not contain user:password@ .*send them in a header instead/)]);
    expect(literal.join()).not.toContain('s3cret');
    expect(problems(hook('', '${HOOK}'), { HOOK: 'http://bob@127.0.0.1:9/x' })).toEqual([
      expect.stringMatching(/^4:notifiers\[0\]\.url: must not contain user:password@/),
    ]);
    expect(problems(hook('', 'https://?x'))).toEqual(['4:notifiers[0].url: must be an http:// or https:// URL']);
  });

  it('refuses header names that are not RFC 7230 tokens, naming the key escaped', () => {
    expect(problems(hook('') + hook(', headers: { "X-A\\r\\nB": v, X-Ok: v }'))).toEqual([
      expect.stringMatching(/^5:notifiers\[1\]\.headers\["X-A\\r\\nB"\]: is not a valid header name \(an RFC 7230 token/),
    ]);
    expect(problems(hook(', headers: { "X Space": v }'))).toEqual([expect.stringMatching(/^4:notifiers\[0\]\.headers\["X Space"\]: is not a valid header name/)]);
    expect(problems(hook(', headers: { Content-Length: "5" }'))).toEqual(['4:notifiers[0].headers.Content-Length: is set by the HTTP client and cannot be configured']);
  });

  it('refuses CR, LF, NUL and other controls in header values, literal or from the environment', () => {
    expect(problems(hook(', headers: { X-A: "a\\r\\nX-Injected: 1" }'))).toEqual(['4:notifiers[0].headers.X-A: must not contain CR, LF or NUL']);
    expect(problems(hook(', headers: { X-A: "a\\0b" }'))).toEqual(['4:notifiers[0].headers.X-A: must not contain CR, LF or NUL']);
    expect(problems(hook(', headers: { Authorization: "Bearer ${TOKEN}" }'), { TOKEN: 'abc\n' })).toEqual([
      '4:notifiers[0].headers.Authorization: must not contain CR, LF or NUL',
    ]);
    expect(problems(hook(', headers: { X-A: "a\\x01b" }'))).toEqual([expect.stringMatching(/^4:notifiers\[0\]\.headers\.X-A: may contain only printable/)]);
    expect(problems(hook(', headers: { X-A: "tab\\tand spaces, ü" }'))).toEqual([]);
  });

  it('refuses a timeout outside 100ms..60s', () => {
    expect(problems(hook(', timeout: 0ms'))).toEqual(['4:notifiers[0].timeout: must be between 100ms and 60s']);
    expect(problems(hook(', timeout: 99ms'))).toEqual(['4:notifiers[0].timeout: must be between 100ms and 60s']);
    expect(problems(hook(', timeout: 1m1s'))).toEqual(['4:notifiers[0].timeout: must be between 100ms and 60s']);
    expect(problems(hook(', timeout: 100ms') + hook(', timeout: 60s').replace('name: n', 'name: m'))).toEqual([]);
  });

  it('refuses rule label names Alertmanager would not accept', () => {
    expect(() => parseRulesText('rules:\n  - { name: a, kind: streak, threshold: 3, labels: { team-name: x, ok_1: y } }\n', 'r.yaml', {})).toThrow(
      /line 2: rules\[0\]\.labels\.team-name: is not a valid label name/,
    );
  });
});
