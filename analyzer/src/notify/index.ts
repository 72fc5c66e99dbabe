export { WebhookNotifier, type WebhookOptions, type WebhookStats } from './webhook.js';
export type { AlertNotification, NotificationGroup } from './notification.js';
export { renderPayload } from './format.js';
export { alertmanagerPayload } from './format-alertmanager.js';
export { slackPayload } from './format-slack.js';
export { jsonPayload } from './format-json.js';
export { redactUrl, summarizeNotifier } from './redact.js';
export type { NotifierConfig, NotifierSummary, NotifyFormat } from './config.js';
export type { DeliveryState, DeliveryUpdate, Severity } from './notification.js';
