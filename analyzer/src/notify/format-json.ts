import type { AlertNotification } from './notification.js';

/** The plain JSON format: the alert event as the engine sees it. */
export function jsonPayload(n: AlertNotification): object {
  return {
    event: n.event,
    status: n.status,
    rule: n.rule,
    fingerprint: n.fingerprint,
    severity: n.severity,
    labels: n.labels,
    annotations: n.annotations,
    starts_at: new Date(n.startsAt).toISOString(),
    ends_at: n.endsAt === null ? null : new Date(n.endsAt).toISOString(),
    value: n.value,
  };
}
