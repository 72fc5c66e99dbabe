import type { AlertNotification } from './notification.js';

/** Alertmanager's "zero time" for an alert that has not ended. */
const NOT_ENDED = '0001-01-01T00:00:00Z';

/**
 * The Alertmanager webhook payload (version "4"), one alert per notification, so receivers built
 * for Alertmanager (PagerDuty bridges, alertmanager-webhook-logger, …) accept it unchanged.
 */
export function alertmanagerPayload(n: AlertNotification, receiver: string): object {
  return {
    version: '4',
    groupKey: `{}:{alertname=${JSON.stringify(n.rule)}}`,
    truncatedAlerts: 0,
    status: n.status,
    receiver,
    groupLabels: { alertname: n.rule },
    commonLabels: n.labels,
    commonAnnotations: n.annotations,
    externalURL: '',
    alerts: [
      {
        status: n.status,
        labels: n.labels,
        annotations: n.annotations,
        startsAt: new Date(n.startsAt).toISOString(),
        endsAt: n.endsAt === null ? NOT_ENDED : new Date(n.endsAt).toISOString(),
        generatorURL: '',
        fingerprint: n.fingerprint,
      },
    ],
  };
}
