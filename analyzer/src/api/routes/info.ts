import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { DOCTOR_SERVICE } from '@claude-errors/schemas';
import { query, type ApiContext } from '../context.js';

/** What the analyzer knows about where applications send their spans (set by whoever wires it). */
export interface ConnectInfo {
  /** The collector's OTLP/HTTP base URL (no /v1/traces), or null when it runs elsewhere (Kafka mode). */
  otlpUrl: string | null;
  /** Whether OTLP requests need `Authorization: Bearer <ingest token>`. */
  ingestTokenRequired: boolean;
}

const VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export const infoResponse = {
  type: 'object',
  required: ['version', 'otlp_url', 'otlp_traces_url', 'ingest_token_required', 'has_records'],
  additionalProperties: false,
  properties: {
    version: { type: 'string', description: 'The analyzer version.' },
    otlp_url: { type: ['string', 'null'], description: 'OTLP/HTTP base URL of the collector (OTEL_EXPORTER_OTLP_ENDPOINT); null when the collector runs as its own process.' },
    otlp_traces_url: { type: ['string', 'null'], description: 'otlp_url + /v1/traces (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, or the exporter\'s `url`).' },
    ingest_token_required: { type: 'boolean', description: 'OTLP requests need `Authorization: Bearer <ingest token>`.' },
    has_records: { type: 'boolean', description: 'At least one call or attempt of an application (not of `claude-errors doctor`) has been stored: something is connected.' },
  },
} as const;

/** GET /api/v1/info — where to send spans, and whether any have arrived yet. */
export function registerInfo(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/api/v1/info', { schema: { summary: 'Version, the OTLP URL applications send to, and whether any span has arrived', response: { 200: infoResponse } } }, async () => {
    const connect = ctx.connect?.() ?? { otlpUrl: null, ingestTokenRequired: false };
    const [row] = await query(ctx.reader, 'SELECT EXISTS (SELECT 1 FROM records WHERE service <> $1) AS has_records', [DOCTOR_SERVICE]);
    return {
      version: VERSION,
      otlp_url: connect.otlpUrl,
      otlp_traces_url: connect.otlpUrl === null ? null : `${connect.otlpUrl}/v1/traces`,
      ingest_token_required: connect.ingestTokenRequired,
      has_records: row?.has_records === true,
    };
  });
}
