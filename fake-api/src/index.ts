// A fake Claude API for tests and demos: the real error envelope, headers and SSE streams, with a
// scriptable fate per request. Point the SDK's `baseURL` at `FakeApi.url`.
export { startFakeApi } from './server.js';
export type { FakeApi, RecordedRequest } from './server.js';
export { fates, DEFAULT_ERROR_MESSAGES } from './fates.js';
export { batchResultsJsonl } from './bodies.js';
export type { BatchResultSpec } from './bodies.js';
export type {
  Fate,
  SuccessFate,
  ErrorFate,
  StreamErrorFate,
  StreamCutFate,
  HangUpFate,
  RateLimits,
  RateLimitKind,
  RateLimitValues,
} from './fates.js';
