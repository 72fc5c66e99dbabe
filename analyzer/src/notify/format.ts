import type { NotifyFormat } from '../rules/types.js';
import { alertmanagerPayload } from './format-alertmanager.js';
import { jsonPayload } from './format-json.js';
import { slackPayload } from './format-slack.js';
import type { AlertNotification } from './notification.js';

export function renderPayload(format: NotifyFormat, n: AlertNotification, receiver: string): object {
  if (format === 'slack') return slackPayload(n);
  if (format === 'json') return jsonPayload(n);
  return alertmanagerPayload(n, receiver);
}
