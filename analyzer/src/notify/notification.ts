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

export type AlertStatus = 'firing' | 'resolved';

/** An alert event's kind: a state change, or a repeated notification of a firing alert. */
export type AlertEventKind = AlertStatus | 'repeat';

/**
 * What every form of an alert event says about its alert: the event the rules engine builds, its
 * `alerts` table rows, the notification sent, the live change and the API row.
 */
export interface AlertSubject {
  rule: string;
  fingerprint: string;
  severity: Severity;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  value: number;
}

/** One event for one notifier: what every format is rendered from. */
export interface AlertNotification extends AlertSubject {
  id: string; // the `alerts` table row this delivery updates
  event: AlertEventKind;
  status: AlertStatus;
  startsAt: number;
  endsAt: number | null;
}

/** Notifications sent together under notifier grouping (group_by / group_wait). */
export interface NotificationGroup {
  /** The grouping labels and their values, alertname (the rule) first. */
  labels: Record<string, string>;
  alerts: AlertNotification[];
}
