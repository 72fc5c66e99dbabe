import type { DuckDBConnection } from '@duckdb/node-api';
import type { Logger } from 'pino';
import { incidentsIn } from '../incidents/verdict.js';
import type { AlertEvent } from './events.js';

/**
 * A firing alert that overlaps a provider incident of the status feed says so: annotation
 * `provider_incident`. Never fails the commit (no feed, no table: no annotation).
 */
export async function annotateProviderIncidents(connection: DuckDBConnection, events: AlertEvent[], logger: Logger | undefined): Promise<void> {
  const firing = events.filter((e) => e.status === 'firing');
  if (firing.length === 0) return;
  try {
    const from = Math.min(...firing.map((e) => e.startsAt));
    const to = Math.max(...firing.map((e) => e.time)) + 1;
    const incidents = await incidentsIn(connection, { from, to });
    for (const e of firing) {
      const hit = incidents.filter((i) => Date.parse(i.from) <= e.time && (i.to === null || Date.parse(i.to) >= e.startsAt));
      if (hit.length) e.annotations = { ...e.annotations, provider_incident: hit.map((i) => `${i.name} (${i.impact}, ${i.status}${i.url ? `, ${i.url}` : ''})`).join('; ') };
    }
  } catch (err) {
    logger?.debug({ err }, 'provider incidents not looked up');
  }
}
