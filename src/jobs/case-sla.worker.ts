import type { Services } from '../container.ts';
import type { WorkerLog } from './delivery.worker.ts';

/** How often the SLA sweep runs by default: a breach is noticed within a minute. */
export const CASE_SLA_INTERVAL_MS = 60_000;

/**
 * Runs the case SLA sweep on an interval: every open case past a due time gets its breach alert
 * once, and the e-mail about it goes out through the delivery queue. Safe in several processes
 * (alerts are unique per case × kind × cycle).
 */
export class CaseSlaWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly services: Services,
    private readonly log?: WorkerLog,
  ) {}

  /** One sweep at the services' clock. @returns how many alerts were raised. */
  runOnce(): Promise<number> {
    return this.services.cases.raiseBreachAlerts(this.services.clock());
  }

  start(intervalMs = CASE_SLA_INTERVAL_MS): void {
    const tick = async () => {
      try {
        this.running = this.runOnce();
        const raised = await this.running;
        if (raised > 0) this.log?.info({ raised }, 'case SLA alerts raised');
      } catch (err) {
        this.log?.error({ err }, 'case SLA sweep failed');
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
