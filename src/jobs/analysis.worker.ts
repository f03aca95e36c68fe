import type { Services } from '../container.ts';
import type { WorkerLog } from './delivery.worker.ts';

/**
 * Analyses feedback off the request path: whatever was written unanalysed (the durable queue) is
 * picked up in batches, back to back while there is work, every second otherwise.
 */
export class AnalysisWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly services: Services,
    private readonly log?: WorkerLog,
    private readonly batchSize = 500,
  ) {}

  runOnce(): Promise<number> {
    return this.services.feedback.analysePending(this.batchSize);
  }

  start(idleMs = 1000): void {
    const tick = async () => {
      let handled = 0;
      try {
        this.running = this.runOnce();
        handled = await this.running;
      } catch (err) {
        this.log?.error({ err }, 'analysis pass failed');
      }
      if (this.timer !== undefined) this.timer = setTimeout(tick, handled > 0 ? 0 : idleMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }
}
