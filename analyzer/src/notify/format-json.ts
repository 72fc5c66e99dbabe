import type { AlertNotification, AlertStatus, AlertSubject } from './notification.js';

/** An alert's state as JSON (snake_case keys, ISO 8601 times): the live change, and this format after its `event`. */
export interface AlertStateJson extends AlertSubject {
  status: AlertStatus;
  starts_at: string;
  ends_at: string | null;
}

export function alertStateJson(a: AlertSubject & Pick<AlertNotification, 'status' | 'startsAt' | 'endsAt'>): AlertStateJson {
  return {
    status: a.status,
    rule: a.rule,
    fingerprint: a.fingerprint,
    severity: a.severity,
    labels: a.labels,
    annotations: a.annotations,
    starts_at: new Date(a.startsAt).toISOString(),
    ends_at: a.endsAt === null ? null : new Date(a.endsAt).toISOString(),
    value: a.value,
  };
}

/** The plain JSON format: the alert event as the engine sees it. */
export function jsonPayload(n: AlertNotification): object {
  return { event: n.event, ...alertStateJson(n) };
}
