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
 * The Alertmanager webhook payload (version "4"), so receivers built for Alertmanager (PagerDuty
 * bridges, alertmanager-webhook-logger, …) accept it unchanged: one alert per notification, or
 * every alert of a notification group, with the labels and annotations they share as `common…`.
 */
export function alertmanagerPayload(ns: AlertNotification[], receiver: string, groupLabels: Record<string, string>): object {
  const alerts = ns.map((n) => ({
    status: n.status,
    labels: utf8Values(n.labels),
    annotations: utf8Values(n.annotations),
    startsAt: new Date(n.startsAt).toISOString(),
    endsAt: n.endsAt === null ? NOT_ENDED : new Date(n.endsAt).toISOString(),
    generatorURL: '',
    fingerprint: n.fingerprint,
  }));
  const group = utf8Values(groupLabels);
  return {
    version: '4',
    groupKey: `{}:{${Object.entries(group)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(',')}}`,
    truncatedAlerts: 0,
    status: ns.some((n) => n.status === 'firing') ? 'firing' : 'resolved',
    receiver,
    groupLabels: group,
    commonLabels: common(alerts.map((a) => a.labels)),
    commonAnnotations: common(alerts.map((a) => a.annotations)),
    externalURL: '',
    alerts,
  };
}

/** The entries every map has with the same value. */
function common(maps: Record<string, string>[]): Record<string, string> {
  const [first, ...rest] = maps;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(first ?? {})) if (rest.every((m) => m[k] === v)) out[k] = v;
  return out;
}
