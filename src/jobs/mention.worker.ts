import type { Services } from '../container.ts';
import type { WorkerLog } from './delivery.worker.ts';

/**
 * Mentions off the request path: polls the feeds that are due (each claimed exclusively, so several
 * workers may run) and analyses mentions written unanalysed (the durable queue). Runs back to back
 * while there is work, every `idleMs` otherwise.
 */
export class MentionWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly services: Services,
    private readonly log?: WorkerLog,
    private readonly pollBatch = 10,
    private readonly analyseBatch = 500,
  ) {}

  /** One pass: due feeds, then a batch of analysis. @returns feeds polled plus mentions analysed. */
  async runOnce(): Promise<number> {
    const polled = await this.services.mentions.pollDue(this.pollBatch);
    for (const p of polled) {
      if (p.status === 'error') this.log?.warn({ feed: p.feed.id, err: p.error }, 'feed poll failed');
    }
    const analysed = await this.services.mentions.analysePending(this.analyseBatch);
    return polled.length + analysed;
  }

  start(idleMs = 5000): void {
    const tick = async () => {
      let handled = 0;
      try {
        this.running = this.runOnce();
        handled = await this.running;
      } catch (err) {
        this.log?.error({ err }, 'mention pass failed');
      }
      if (this.timer !== undefined) this.timer = setTimeout(tick, handled > 0 ? 0 : idleMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Stops scheduling and waits for the pass in flight (a poll ends within its fetch timeout). */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }
}
