import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { DOCTOR_SERVICE } from '@claude-errors/schemas';
import type { ApiResponses } from '@claude-errors/schemas/api';
import { query } from '../../store/query.js';
import type { ApiContext } from '../context.js';
import { routeSchema } from './report-route.js';

/** What the analyzer knows about where applications send their spans (set by whoever wires it). */
export interface ConnectInfo {
  /** The collector's OTLP/HTTP base URL (no /v1/traces), or null when it runs elsewhere (Kafka mode). */
  otlpUrl: string | null;
  /** Whether OTLP requests need `Authorization: Bearer <ingest token>`. */
  ingestTokenRequired: boolean;
}

const VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** GET /api/v1/info — where to send spans, and whether any have arrived yet. */
export function registerInfo(app: FastifyInstance, ctx: ApiContext): void {
  const summary = 'Version, the OTLP URL applications send to, and whether any span has arrived';
  app.get<{ Reply: ApiResponses['/api/v1/info'] }>('/api/v1/info', { schema: routeSchema('/api/v1/info', { summary }) }, async () => {
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
