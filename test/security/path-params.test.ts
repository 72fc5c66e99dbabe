// Schemathesis found GET /api/v1/errors/{trace_id}/{span_id} answering Fastify's own 414 body
// (code FST_ERR_MAX_PARAM_LENGTH, not in the document) for a path parameter over 100 characters.
// The router's refusals now go through the API's error handler: a coded, documented 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzerApp, KNOWN_CALL, type TestAnalyzer } from './analyzer-app.js';

let t: TestAnalyzer;
beforeAll(async () => {
  t = await analyzerApp({ apiToken: 'tok' });
});
afterAll(() => t?.close());

const auth = { authorization: 'Bearer tok' };

describe("the router's own refusals", () => {
  it('a path parameter over 100 characters: 400 CE_ERR_BAD_PARAMETER in the API error body', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/errors/${'a'.repeat(101)}/${KNOWN_CALL.span_id}`, headers: auth });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ statusCode: 400, code: 'CE_ERR_BAD_PARAMETER', error: 'Bad Request', message: 'a path parameter is longer than 100 characters' });
  });
  it('a path that does not decode: 400 CE_ERR_BAD_PARAMETER', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/errors/%E0%A4%A/x', headers: auth });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ statusCode: 400, code: 'CE_ERR_BAD_PARAMETER' });
  });
  it('a path parameter of 100 characters still reaches the route (404: no such call)', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/errors/${'a'.repeat(100)}/${KNOWN_CALL.span_id}`, headers: auth });
    expect(res.statusCode).not.toBe(414);
    expect([400, 404]).toContain(res.statusCode);
  });
});
