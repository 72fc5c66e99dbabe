export { WebhookNotifier, type WebhookOptions, type WebhookStats } from './webhook.js';
export type { AlertNotification } from './notification.js';
export { renderPayload } from './format.js';
export { alertmanagerPayload } from './format-alertmanager.js';
export { slackPayload } from './format-slack.js';
export { jsonPayload } from './format-json.js';
export { redactUrl, summarizeNotifier } from './redact.js';
