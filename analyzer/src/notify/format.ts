import type { NotifyFormat } from './config.js';
import { alertmanagerPayload } from './format-alertmanager.js';
import { jsonPayload } from './format-json.js';
import { slackGroupPayload, slackPayload } from './format-slack.js';
import type { AlertNotification, NotificationGroup } from './notification.js';

/** One notification, or a group of them (notifier grouping on): the body of one request. */
export function renderPayload(format: NotifyFormat, n: AlertNotification | NotificationGroup, receiver: string): object {
  if ('alerts' in n) {
    if (format === 'slack') return slackGroupPayload(n);
    if (format === 'json') return { group: n.labels, count: n.alerts.length, alerts: n.alerts.map(jsonPayload) };
    return alertmanagerPayload(n.alerts, receiver, n.labels);
  }
  if (format === 'slack') return slackPayload(n);
  if (format === 'json') return jsonPayload(n);
  return alertmanagerPayload([n], receiver, { alertname: n.rule });
}
