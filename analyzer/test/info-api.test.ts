// GET /api/v1/info: where applications send spans, and whether any has arrived yet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildAnalyzerApp, Ingest, RecordStore } from '@claude-errors/analyzer';
import { call, tempDir } from './helpers.js';

let store: RecordStore;
let ingest: Ingest;
let app: FastifyInstance;
let otlpUrl: string | null = null;

beforeAll(async () => {
  store = new RecordStore({ dataDir: tempDir() });
  await store.start();
  ingest = new Ingest(store);
  const connect = () => ({ otlpUrl, ingestTokenRequired: true });
  app = await buildAnalyzerApp({ reader: store.reader, ingest, now: Date.now, connect }, { apiToken: 'tok-info' });
});
afterAll(async () => {
  await app.close();
  await store.shutdown();
});

const info = async (headers: Record<string, string> = { authorization: 'Bearer tok-info' }) => app.inject({ method: 'GET', url: '/api/v1/info', headers });

describe('GET /api/v1/info', () => {
  it('needs the API token like every other API route', async () => {
    expect((await info({})).statusCode).toBe(401);
  });

  it('says where spans go, read when asked (the collector may start after the analyzer)', async () => {
    expect((await info()).json()).toMatchObject({ otlp_url: null, otlp_traces_url: null, ingest_token_required: true, has_records: false });
    otlpUrl = 'http://127.0.0.1:4318';
    const body = (await info()).json();
    expect(body).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+/), otlp_url: 'http://127.0.0.1:4318', otlp_traces_url: 'http://127.0.0.1:4318/v1/traces', ingest_token_required: true, has_records: false });
  });

  it("has_records turns true with the first stored record of an app, not of the doctor's test span", async () => {
    await ingest.ingest({ records: call([200], { service: 'claude-errors-doctor' }) });
    expect((await info()).json()).toMatchObject({ has_records: false });
    await ingest.ingest({ records: call([529]) });
    expect((await info()).json()).toMatchObject({ has_records: true });
  });

  it('is in the OpenAPI document with its response schema', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json', headers: { authorization: 'Bearer tok-info' } })).json();
    expect(Object.keys(doc.paths['/api/v1/info'].get.responses['200'].content['application/json'].schema.properties)).toContain('otlp_url');
  });
});
