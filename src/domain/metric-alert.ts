/**
 * Metric alerts: an early-warning detector (EWMA, CUSUM, relapse; domain/metrics/detectors.ts)
 * flagged a period of a monitored series. Raised once per organization × incident × metric ×
 * detector × period, e-mailed to owners and admins and sent to webhook subscriptions, and
 * acknowledged by someone who has it in hand. Defaults and definitions: docs/metrics.md.
 */

export const METRIC_ALERT_DETECTORS = ['ewma', 'cusum', 'relapse'] as const;
export type MetricAlertDetector = (typeof METRIC_ALERT_DETECTORS)[number];

export interface MetricAlert {
  organizationId: string;
  id: string;
  /** null: an organization-level alert (not tied to one incident). */
  incidentId: string | null;
  /** What was monitored: `complaints.volume`, `sentiment.negative`, `theme.<name>`. */
  metric: string;
  detector: MetricAlertDetector;
  /** Start of the period that alarmed (YYYY-MM-DD, UTC). */
  period: string;
  /** The observed value of that period (a count or a share). */
  value: number;
  /** The in-control reference it was compared with (baseline mean, share or rate). */
  threshold: number;
  message: string;
  raisedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

/** How many days of history the sweep reads: the baseline part and the monitored part. */
export const ALERT_SWEEP_DEFAULTS = { baselineDays: 56, monitoredDays: 28 };

/** A readable message for a raised alert. */
export function alertMessage(
  a: Pick<MetricAlert, 'metric' | 'detector' | 'period' | 'value' | 'threshold'>,
): string {
  const what =
    a.metric === 'complaints.volume'
      ? 'Complaint volume'
      : a.metric === 'sentiment.negative'
        ? 'Negative-sentiment share'
        : a.metric.startsWith('theme.')
          ? `Feedback on “${a.metric.slice('theme.'.length)}”`
          : a.metric;
  const fmt = (v: number) =>
    a.metric === 'sentiment.negative' ? `${(v * 100).toFixed(1)} %` : String(Math.round(v * 100) / 100);
  if (a.detector === 'relapse') {
    return `${what} is coming back after its action was done: ${fmt(a.value)} on ${a.period} against a post-fix rate of ${fmt(a.threshold)} a day.`;
  }
  return `${what} rose above its usual level (${a.detector.toUpperCase()}): ${fmt(a.value)} on ${a.period} against a baseline of ${fmt(a.threshold)}.`;
}
