import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SECRET_DETECTORS, isSecretName, scrubSecrets, scrubSecretsCut } from '../src/secret-scrub.js';

// Shaped like the real thing, but not real credentials.
const ANTHROPIC = 'sk-ant-api03-Xq3vT9kLmN2pR8sW4yZ6bC1dF5gH7jK0-aB_cD3eF9gH2iJ4kL6mN8oP0qR2sT4uV6wX8yZ0aB2cD4eF6gH8iJ0kL2mN4oP6qAA';
const ANTHROPIC_ADMIN = 'sk-ant-admin01-Zr8uW2xY4zA6bC8dE0fG2hI4jK6lM8nO0pQ2rS4tU6vW8xY0zA2bC4dE6fG8hI0jK2lM4nO6pQ8rS0tU2vW4xY6zAA';
const OPENAI_PROJ = 'sk-proj-Hj7Kl9Mn2Pq4Rs6Tu8Vw0Xy2Za4Bc6De8Fg0Hi2Jk4Lm6No8Pq0Rs2Tu4Vw6Xy8Za0Bc2De4Fg6Hi8Jk0Lm2No4Pq6';
const OPENAI_LEGACY = 'sk-Ab3De5Gh7Jk9Mn1Pq3St5Vw7Yz9Bc1Ef3Hi5Kl7No9Qr1';
const AWS_ID = 'AKIAZ7QW3ERT5YUI8OPA';
const AWS_SESSION_ID = 'ASIAQ2WE4RT6YU8IO0PL';
const AWS_SECRET = 'kW9xZ2vB7nM4qR8tY3uI6oP1aS5dF0gH/jK+lZxC';
const GOOGLE = 'AIzaSyB3dF5hJ7kL9mN1pQ3rS5tV7wX9yZ1aB3c';
const GITHUB = ['ghp_', 'gho_', 'ghs_', 'ghu_'].map((p) => `${p}Zx8Cv6Bn4Mq2We0Rt9Yu7Io5Pa3Sd1Fg6Hj4K`);
const GITHUB_PAT = 'github_pat_11ABCDEFG0a1b2c3d4e5f6_g7h8i9j0k1l2m3n4o5p6q7r8s9t0u1v2w3x4y5z6A7B8C9D0E1F2G3H4I5J6';
const SLACK = ['xoxa', 'xoxb', 'xoxp', 'xoxr', 'xoxs'].map((p) => `${p}-918273645012-1029384756102-Qw8Er6Ty4Ui2Op0As9Df7Gh5`);
const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTQyIiwiaWF0IjoxNzAwMDAwMDAwfQ.k3Jm9Qx7Vb2Nw5Ty8Ui1Op4As6Df0Gh3Jk7Lz9Xc2Vb';
const BEARER = 'tok3nV4lue.Zq8Wm2Xn5Pr7';
const BASIC = Buffer.from('deploy:Pr0xyPassw0rd!').toString('base64');
const URL_PASSWORD = 'Hunt3rPassw0rd';

function cases(): [string, string, string][] {
  // [input, secret that must vanish, marker kind that must appear]
  return [
    [`invalid key ${ANTHROPIC} used`, ANTHROPIC, 'anthropic-key'],
    [`admin key ${ANTHROPIC_ADMIN}`, ANTHROPIC_ADMIN, 'anthropic-key'],
    [`openai said: ${OPENAI_PROJ}`, OPENAI_PROJ, 'openai-key'],
    [`OPENAI_API_KEY ${OPENAI_LEGACY}`, OPENAI_LEGACY, 'openai-key'],
    [`creds ${AWS_ID} in us-east-1`, AWS_ID, 'aws-access-key-id'],
    [`session creds ${AWS_SESSION_ID}`, AWS_SESSION_ID, 'aws-access-key-id'],
    [`aws_secret_access_key=${AWS_SECRET}`, AWS_SECRET, 'aws-secret-key'],
    [`AWS_SECRET_ACCESS_KEY: ${AWS_SECRET}`, AWS_SECRET, 'aws-secret-key'],
    [`{"SecretAccessKey": "${AWS_SECRET}"}`, AWS_SECRET, 'aws-secret-key'],
    [`export AWS_SECRET_ACCESS_KEY ${AWS_SECRET}`, AWS_SECRET, 'aws-secret-key'],
    [`GET /maps?center=1&key=${GOOGLE} failed`, GOOGLE, 'google-api-key'],
    ...GITHUB.map((t): [string, string, string] => [`push with ${t} refused`, t, 'github-token']),
    [`token ${GITHUB_PAT}`, GITHUB_PAT, 'github-token'],
    ...SLACK.map((t): [string, string, string] => [`slack ${t}`, t, 'slack-token']),
    [`cookie jwt ${JWT}`, JWT, 'jwt'],
    [`Authorization: Bearer ${BEARER}`, BEARER, 'bearer-token'],
    [`authorization: bearer ${BEARER}`, BEARER, 'bearer-token'],
    [`Proxy-Authorization: Basic ${BASIC}`, BASIC, 'basic-credentials'],
    [`connect ECONNREFUSED https://deploy:${URL_PASSWORD}@proxy.internal:3128`, URL_PASSWORD, 'url-credentials'],
    [`fetch https://${BEARER}@git.example.com/repo.git`, BEARER, 'url-credentials'],
    [`POST /v1/hook?token=Zx81qpLm55t&v=2`, 'Zx81qpLm55t', 'secret'],
    [`GET /v1/thing?a=1&key=Qm9vb2FhYmI`, 'Qm9vb2FhYmI', 'secret'],
    [`api_key=plainValue123 rejected`, 'plainValue123', 'secret'],
    [`password: Tr0ub4dor&3`, 'Tr0ub4dor', 'secret'],
    [`client_secret=cs_live_4dF7gH9`, 'cs_live_4dF7gH9', 'secret'],
    [`{"x-api-key": "not-an-anthropic-shape-9f8e"}`, 'not-an-anthropic-shape-9f8e', 'secret'],
    [`{\\"x-api-key\\": \\"escapedValue77\\"}`, 'escapedValue77', 'secret'],
    [`{'Authorization': 'opaque value with spaces'}`, 'opaque value with spaces', 'secret'],
    [`headers {"cookie":"sessionid=abc123def456"}`, 'abc123def456', 'secret'],
    [`sessionToken=Wq9Er7Ty5`, 'Wq9Er7Ty5', 'secret'],
  ];
}

describe('scrubSecrets: each detector', () => {
  it.each(cases())('%s', (input, secret, kind) => {
    const out = scrubSecrets(input);
    expect(out).not.toContain(secret);
    expect(out).toContain(`[REDACTED:${kind}]`);
  });

  it('finds a key inside escaped JSON and keeps the JSON parseable', () => {
    const inner = JSON.stringify({ headers: { 'x-api-key': ANTHROPIC, authorization: `Bearer ${BEARER}` }, url: `https://u:${URL_PASSWORD}@h/p` });
    const outer = JSON.stringify({ message: inner });
    const out = scrubSecrets(outer);
    for (const s of [ANTHROPIC, BEARER, URL_PASSWORD]) expect(out).not.toContain(s);
    expect(() => JSON.parse(JSON.parse(out).message)).not.toThrow();
  });

  it('marks Anthropic keys by name, keeps the text around them', () => {
    expect(scrubSecrets(`401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key ${ANTHROPIC}"}}`)).toBe(
      '401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key [REDACTED:anthropic-key]"}}',
    );
    expect(scrubSecrets(`x-api-key: ${ANTHROPIC}`)).toBe('x-api-key: [REDACTED:anthropic-key]');
    expect(scrubSecrets(`Authorization: Bearer ${BEARER}`)).toBe('Authorization: Bearer [REDACTED:bearer-token]');
    expect(scrubSecrets(`https://deploy:${URL_PASSWORD}@proxy:3128/x`)).toBe('https://[REDACTED:url-credentials]@proxy:3128/x');
  });

  it('is idempotent', () => {
    for (const [input] of cases()) {
      const once = scrubSecrets(input);
      expect(scrubSecrets(once)).toBe(once);
    }
  });
});

describe('scrubSecrets: leaves ordinary text alone', () => {
  const untouched = [
    'invalid x-api-key',
    'authentication_error: invalid x-api-key',
    'Overloaded',
    'request_id: req_011CVd7wQdbYzqKqHCLQmWvq',
    'req_011CVd7wQdbYzqKqHCLQmWvq',
    'trace 4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7',
    'claude-sonnet-4-5-20250929',
    'model: claude-opus-4-1-20250805',
    'max_tokens: 100000 > 64000, which is the maximum allowed number of output tokens for claude-opus-4-1',
    'prompt is too long: 210000 tokens > 200000 maximum',
    'messages.0.content.0.type: Field required',
    'Basic authentication failed for this proxy',
    'Bearer token is missing',
    'The API key you provided has expired; create a new key in the console',
    'missing key: model',
    '{"key":"http.response.status_code","value":{"intValue":"529"}}',
    "{'key': 'anthropic.error.type', 'value': 'overloaded_error'}",
    'Unexpected token u in JSON at position 0',
    'see https://docs.claude.com/en/api/errors for details',
    'ssh to git.example.com failed: permission denied (publickey)',
    'task-queue-worker-processing-pipeline-001 crashed',
    'input_tokens=512 output_tokens=20',
    '@anthropic-ai/sdk',
    'anthropic.ratelimit.tokens.remaining',
    '',
  ];
  it.each(untouched)('%j', (s) => expect(scrubSecrets(s)).toBe(s));
});

describe('scrubSecretsCut', () => {
  it('never leaves the start of a secret at the cut', () => {
    const text = `${'x'.repeat(90)} ${ANTHROPIC}`;
    const out = scrubSecretsCut(text, 100);
    expect(out.length).toBeLessThanOrEqual(100);
    expect(out).not.toContain('sk-ant-api03-Xq');
    expect(out).not.toContain('sk-ant');
  });
  it('returns short text scrubbed, whole', () => {
    expect(scrubSecretsCut(`k ${GOOGLE}`, 400)).toBe('k [REDACTED:google-api-key]');
  });
});

describe('secret-like names', () => {
  it.each(['x-api-key', 'api_key', 'apiKey', 'ANTHROPIC_API_KEY', 'password', 'db.password', 'Authorization', 'Proxy-Authorization', 'set-cookie', 'access_token', 'refreshToken', 'client_secret', 'private_key', 'key', 'X-Amz-Signature', 'sessionid', 'session_id'])(
    '%s is secret-like',
    (n) => expect(isSecretName(n)).toBe(true),
  );
  it.each(['max_tokens', 'input_tokens', 'anthropic.ratelimit.tokens.remaining', 'monkey', 'keyboard', 'request_id', 'model', 'passenger', 'service.name'])('%s is not', (n) =>
    expect(isSecretName(n)).toBe(false),
  );
});

describe('linear time', () => {
  // Inputs built to make a backtracking pattern explode if one could: long runs of the characters
  // each pattern repeats, with the character that would complete a match missing at the end.
  const hostile = [
    'sk-ant-'.repeat(20_000),
    'eyJ'.repeat(30_000),
    'eyJaaaa.'.repeat(12_000),
    'a-'.repeat(50_000),
    `${'a'.repeat(100_000)}=`,
    'https://'.repeat(12_000),
    `https://${'u'.repeat(100_000)}`,
    'Bearer '.repeat(15_000),
    '\\"'.repeat(50_000),
    `"${'k'.repeat(60)}"   :   `.repeat(1_500),
    'aws_secret_access_key '.repeat(5_000),
    'key=key=key='.repeat(8_000),
  ];
  it.each(hostile.map((s, i) => [i, s] as const))('hostile input %i scrubs in well under a second', (_i, s) => {
    const t0 = performance.now();
    scrubSecrets(s);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('every pattern has star height 1 and bounded repetition', () => {
    for (const d of SECRET_DETECTORS) {
      // Without escapes and character classes, no unbounded quantifier and no quantified group.
      const src = d.pattern.source.replace(/\\./g, 'e').replace(/\[[^\]]*\]/g, 'c');
      expect(src, d.kind).not.toMatch(/[*+]/);
      expect(src, d.kind).not.toMatch(/\)[?*+{]/);
    }
  });
});

describe('query strings', () => {
  it('judges every parameter after the first secret one', () => {
    expect(scrubSecrets('GET /x?token=Aa1&page=2&sig=Bb2&key=[REDACTED:google-api-key]')).toBe(
      'GET /x?token=[REDACTED:secret]&page=2&sig=[REDACTED:secret]&key=[REDACTED:google-api-key]',
    );
    expect(scrubSecrets('password: Tr0ub4dor&3 end')).toBe('password: [REDACTED:secret] end');
  });
});

describe('forms the first redaction handled', () => {
  it.each([
    ["api_key='0123456789abcdef'", "api_key='[REDACTED:secret]'"],
    ['note: Bearer abcdefghijkl', 'note: Bearer [REDACTED:bearer-token]'],
    ['Overloaded: x-api-key=opaque0123', 'Overloaded: x-api-key=[REDACTED:secret]'],
  ])('%s', (input, expected) => expect(scrubSecrets(input)).toBe(expected));
});

describe('docs', () => {
  it('docs/collector.md#redaction names every detector kind', () => {
    const doc = readFileSync(new URL('../../docs/collector.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('## Redaction'), doc.indexOf('## Guarantees'));
    for (const d of SECRET_DETECTORS) expect(section, d.kind).toContain(`\`${d.kind}\``);
  });
});
