export type Severity = 'critical' | 'warning' | 'info';

/** Where one notification stands: `none` when its event had no notifier. */
export type DeliveryState = 'pending' | 'sent' | 'failed' | 'dropped' | 'none';

/** One delivery outcome of one notification, reported to whoever logs deliveries. */
export interface DeliveryUpdate {
  id: string;
  delivery: DeliveryState;
  attempts: number;
  last_error: string | null;
  delivered_at: number | null;
}

/** One event for one notifier: what every format is rendered from. */
export interface AlertNotification {
  id: string; // the `alerts` table row this delivery updates
  event: 'firing' | 'resolved' | 'repeat';
  status: 'firing' | 'resolved';
  rule: string;
  fingerprint: string;
  severity: Severity;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: number;
  endsAt: number | null;
  value: number;
}

/** Notifications sent together under notifier grouping (group_by / group_wait). */
export interface NotificationGroup {
  /** The grouping labels and their values, alertname (the rule) first. */
  labels: Record<string, string>;
  alerts: AlertNotification[];
}
