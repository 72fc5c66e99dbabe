import { describe, expect, it } from 'vitest';
import { errorCatalog } from '@claude-errors/schemas';
import { classify, type ClassifyInput } from '../src/processor/classify/index.js';
import { compileCues, CUE_CHECK, CueMatcher, cueWords, parseTerm } from '../src/processor/classify/cues.js';
import { ruleSet } from '../src/processor/classify/rules.js';

/**
 * Cues (catalog `match.cues`, cues.ts): a subject and a predicate of one guide row's vocabulary
 * near each other name its cause when no pattern, error code or error type did; alone, or with a
 * word of a no-row cause, they name nothing.
 */
const cueOf = (input: ClassifyInput): string | undefined => {
  const r = classify(input);
  return r.matched_by === 'cue' ? `${r.catalog_id}: ${r.cue}` : undefined;
};
/** What the cue layer alone says of a text (no pattern, no fallback before it). */
const cueLayer = (text: string, status: number | null = null): string | undefined => {
  const cue = ruleSet.matchCue(ruleSet.scan(text), status);
  return cue ? `${cue.entry.id}: ${cue.name}` : undefined;
};

describe('cues: a subject and a predicate of one row', () => {
  it('fire on a subject and a predicate near each other, and the result names the cue', () => {
    expect(classify({ message: 'Anthropic credentials were rejected by the server' })).toEqual({
      catalog_id: 'invalid-api-key',
      guide_id: 'invalid-api-key',
      confidence: 0.72,
      matched_by: 'cue',
      cue: 'api-key-rejected',
      fingerprint: null,
    });
    expect(cueOf({ message: 'apiKey not provided to the client' })).toBe('api-key-missing: api-key-not-set');
    expect(cueOf({ message: 'Error: the x-api-key header was empty' })).toBe('api-key-missing: api-key-not-set');
    expect(cueOf({ message: 'the server closed the connection before replying' })).toBe('socket-hang-up: connection-dropped');
    expect(cueOf({ message: 'Failed to import anthropic: no such module' })).toBe('import-error: sdk-not-importable');
    expect(cueOf({ message: 'Expected the first message in the conversation to be from the user' })).toBe('first-message-not-user: first-turn-not-user');
    expect(cueOf({ message: 'Error: your account is not permitted to use this model' })).toBe('permission-denied: permission-refused');
    expect(cueLayer('the SSE body was truncated')).toBe('stream-interrupted: stream-cut-off');
  });

  it('a cue limited to platforms fires only with one of them', () => {
    const text = 'Access token not found in response';
    const on = (platform: string | null) => ruleSet.matchCue(ruleSet.scan(text), null, platform)?.name;
    expect(on('vertex')).toBe('vertex-credential-not-found');
    expect(on(null)).toBeUndefined();
    expect(on('bedrock')).toBeUndefined();
    expect(cueOf({ message: text, platform: 'vertex' })).toBe('vertex-token: vertex-credential-not-found');
    // the platform adds no words: the same cue wants its words as any other
    expect(cueOf({ message: 'Vertex request failed', platform: 'vertex' })).toBeUndefined();
  });

  it('do not fire on a predicate alone, a subject alone, or the two too far apart', () => {
    for (const text of ['The value was rejected', 'missing', 'connection', 'closed', 'API key', 'the user', 'api key one two three four five six missing']) {
      expect(cueLayer(text), text).toBeUndefined();
    }
    // the same words within the window fire
    expect(cueLayer('api key one two three four missing')).toBe('api-key-missing: api-key-not-set');
  });

  it('yield to a specific pattern and to structured evidence', () => {
    // a pattern names the cause: the message rule wins, not the cue
    expect(classify({ message: 'The configured API key has been revoked' })).toMatchObject({ catalog_id: 'invalid-api-key', matched_by: 'message' });
    expect(cueLayer('The configured API key has been revoked')).toBe('invalid-api-key: api-key-rejected');
    // the API's error code, then its error type, come before any cue
    expect(classify({ message: 'apiKey not provided', error_code: 'ramp_limit_exceeded' })).toMatchObject({ catalog_id: 'ramp-limit-exceeded', matched_by: 'error_code' });
    expect(classify({ message: 'apiKey not provided', error_type: 'overloaded_error' })).toMatchObject({ catalog_id: 'overloaded', matched_by: 'error_type' });
    expect(classify({ message: 'ThrottlingException: the socket was dropped by the peer' })).toMatchObject({ catalog_id: 'bedrock-throttling', matched_by: 'error_type' });
  });

  it('come before platform + status and the status alone, except where the cue is for responses without a status', () => {
    expect(classify({ status: 403, platform: 'bedrock', message: 'your account lacks permission for this model' })).toMatchObject({ catalog_id: 'permission-denied', matched_by: 'cue' });
    expect(classify({ status: 401, message: 'apiKey not provided' })).toMatchObject({ catalog_id: 'api-key-missing', matched_by: 'cue' });
    // a dropped socket has no HTTP response: with a status, the status speaks
    expect(classify({ message: 'socket dropped by peer' })).toMatchObject({ catalog_id: 'socket-hang-up', matched_by: 'cue' });
    expect(classify({ status: 503, message: 'socket dropped by peer' })).toMatchObject({ catalog_id: 'service-unavailable', matched_by: 'status' });
    // a permission refusal with a 404 is not-found's
    expect(cueLayer('your project does not have access to the model', 404)).toBeUndefined();
  });

  it('stay silent on the no-row wordings of the corpus README', () => {
    const noRow = [
      'Rate limited',
      "This request would exceed your account's rate limit",
      '403 Request not allowed',
      'Edge IP Restricted',
      'JSON schema is invalid',
      'roles must alternate',
      'Conversation roles must alternate user/assistant/user/assistant; the first message must be from the user',
      'ThrottlingException',
      'new_api_error: rate_limit_check_failed',
      'do request failed',
      "Cannot find module '@anthropic-ai/tokenizer'",
      "AttributeError: module 'anthropic' has no attribute 'api_key'",
      'API Error: 400 due to tool use concurrency issues',
      'Bedrock: Conversation blocks and tool result blocks cannot be provided in the same turn',
      "ModuleNotFoundError: No module named 'pydantic_ai.models.anthropic'",
      "ModuleNotFoundError: No module named 'myapp.anthropic'",
      "Error: EACCES: permission denied, open '/home/u/.claude.json'",
      'messages.0.content.1.cache_control.ttl: Extra inputs are not permitted for this model',
      'Anthropic stream failed',
      'failed to stream completion',
      'MCP server connection closed',
      'Error decoding response body',
      'The client is destroyed',
    ];
    for (const text of noRow) expect(cueLayer(text), text).toBeUndefined();
  });
});

describe('cues: compiled from the catalog', () => {
  const cues = compileCues(errorCatalog.entries);

  it('every cue has a unique name, 2 to 4 families, and is written in terms the schema allows', () => {
    expect(cues.length).toBeGreaterThanOrEqual(8);
    expect(new Set(cues.map((c) => c.name)).size).toBe(cues.length);
    for (const c of cues) {
      expect(c.families.length, c.name).toBeGreaterThanOrEqual(2);
      expect(c.families.length, c.name).toBeLessThanOrEqual(4);
    }
    expect(() => parseTerm('a')).toThrow();
    expect(() => parseTerm('ab*')).toThrow();
    expect(() => parseTerm('API key')).toThrow();
    expect(parseTerm('^anthropic sdk*')).toEqual({ free: true, words: [{ word: 'anthropic', prefix: false }, { word: 'sdk', prefix: true }] });
  });

  it('are tried highest priority first, as the rules are', () => {
    const priorities = cues.map((c) => c.priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    // vertex-token (85) before invalid-api-key (70): Google credentials are the Vertex row's
    expect(cueLayer('Unable to load Google application credentials')).toBe('vertex-token: google-credentials-unresolved');
    expect(cueLayer('Unable to load AWS credentials')).toBe('invalid-api-key: credentials-not-resolved');
  });

  it('words: runs of ASCII letters, digits and _, lowercased; a word after one `.`, `/` or `-` is joined to the one before', () => {
    expect(cueWords('Cannot find module "@anthropic-ai/sdk" (pydantic_ai.models.anthropic) é-x')).toEqual({
      words: ['cannot', 'find', 'module', 'anthropic', 'ai', 'sdk', 'pydantic_ai', 'models', 'anthropic', 'x'],
      joined: [0, 0, 0, 0, 1, 1, 0, 1, 1, 0],
    });
  });

  it('the matcher: all families within the window, none of `none`, whatever the order', () => {
    const [cue] = compileCues([
      {
        ...errorCatalog.entries[0]!,
        match: { priority: 1, cues: [{ name: 'x', all: [['alpha', 'beta gamma'], ['delta*']], none: ['omega'], window: 2 }] },
      },
    ]);
    const m = new CueMatcher([cue!]);
    const on = (text: string): boolean => {
      m.state[0] = CUE_CHECK;
      return m.match(text) === 0;
    };
    expect(on('alpha deltas')).toBe(true);
    expect(on('deltas x alpha')).toBe(true);
    expect(on('beta gamma delta')).toBe(true);
    expect(on('alpha x y delta')).toBe(false);
    expect(on('beta x gamma delta')).toBe(false);
    expect(on('beta gamma x y delta')).toBe(false);
    expect(on('alpha delta omega')).toBe(false);
    expect(on('omega alpha delta')).toBe(false);
    expect(on('alphas delta')).toBe(false);
  });

  it('take time linear in the text: 100,000 words of terms of every family cost about ten times 10,000', () => {
    const text = (n: number): string => 'api key no socket reset stream '.repeat(Math.ceil(n / 6));
    const time = (t: string): number => {
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const start = performance.now();
        const m = new CueMatcher(cues);
        m.state.fill(CUE_CHECK);
        m.match(t);
        best = Math.min(best, performance.now() - start);
      }
      return best;
    };
    const [small, large] = [time(text(10_000)), time(text(100_000))];
    expect(large / Math.max(small, 0.5)).toBeLessThan(30);
  });
});
