import type { AlertNotification } from './notification.js';

/** Alertmanager's "zero time" for an alert that has not ended. */
const NOT_ENDED = '0001-01-01T00:00:00Z';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Label and annotation values as Alertmanager requires them: valid UTF-8. A value taken from a
 * record can hold a lone UTF-16 surrogate, which has no UTF-8 form; it becomes U+FFFD. (Label
 * names are valid by construction: record field names, and rule labels the rules schema checks.)
 */
function utf8Values(values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) out[k] = v.replace(LONE_SURROGATE, '\uFFFD');
  return out;
}

/**
 * The Alertmanager webhook payload (version "4"), one alert per notification, so receivers built
 * for Alertmanager (PagerDuty bridges, alertmanager-webhook-logger, …) accept it unchanged.
 */
export function alertmanagerPayload(n: AlertNotification, receiver: string): object {
  const labels = utf8Values(n.labels);
  const annotations = utf8Values(n.annotations);
  return {
    version: '4',
    groupKey: `{}:{alertname=${JSON.stringify(n.rule)}}`,
    truncatedAlerts: 0,
    status: n.status,
    receiver,
    groupLabels: { alertname: n.rule },
    commonLabels: labels,
    commonAnnotations: annotations,
    externalURL: '',
    alerts: [
      {
        status: n.status,
        labels,
        annotations,
        startsAt: new Date(n.startsAt).toISOString(),
        endsAt: n.endsAt === null ? NOT_ENDED : new Date(n.endsAt).toISOString(),
        generatorURL: '',
        fingerprint: n.fingerprint,
      },
    ],
  };
}
