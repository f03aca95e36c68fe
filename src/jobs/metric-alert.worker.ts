import type { Services } from '../container.ts';
import type { WorkerLog } from './delivery.worker.ts';

/** How often the early-warning sweep runs by default: detectors work on complete days. */
export const METRIC_ALERT_INTERVAL_MS = 15 * 60_000;

/**
 * Runs the early-warning sweep (`MetricsService.raiseMetricAlerts`) on an interval: EWMA and CUSUM
 * on daily complaint volume, negative-sentiment share and theme volume, and theme relapse after a
 * done action. Each alarm is raised once; its e-mails and webhooks go out through the delivery
 * queue. Safe in several processes (alerts are unique per org × incident × metric × detector × day).
 */
export class MetricAlertWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly services: Services,
    private readonly log?: WorkerLog,
  ) {}

  /** One sweep at the services' clock. @returns how many alerts were raised. */
  runOnce(): Promise<number> {
    return this.services.metrics.raiseMetricAlerts(this.services.clock());
  }

  start(intervalMs = METRIC_ALERT_INTERVAL_MS): void {
    const tick = async () => {
      try {
        this.running = this.runOnce();
        const raised = await this.running;
        if (raised > 0) this.log?.info({ raised }, 'metric alerts raised');
      } catch (err) {
        this.log?.error({ err }, 'metric alert sweep failed');
      }
      if (this.timer !== undefined) this.timer = setTimeout(tick, intervalMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }
}
