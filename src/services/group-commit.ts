/**
 * Group commit: many concurrent callers' writes go to the database in one transaction. Each
 * `submit` resolves only once its item is committed, so an acknowledgement always means "on disk";
 * a flush starts as soon as the previous one finishes (or after `maxDelayMs` when idle), so under
 * load batches grow by themselves and one commit pays for hundreds of writes.
 * A batch that fails is retried item by item, so one bad item cannot fail the others.
 */
export class GroupCommitter<T, R> {
  private queue: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly write: (items: T[]) => Promise<R[]>,
    private readonly maxBatch = 2000,
    private readonly maxDelayMs = 2,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.queue.length >= this.maxBatch && !this.flushing) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), this.maxDelayMs);
    });
  }

  /** Writes everything queued now; resolves when done (used on shutdown and in tests). */
  async drain(): Promise<void> {
    while (this.flushing || this.queue.length > 0) {
      await (this.flushing ?? this.flush());
    }
  }

  private flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    // The running flush schedules the next one when it finishes.
    if (this.flushing) return this.flushing;
    const batch = this.queue.splice(0, this.maxBatch);
    if (batch.length === 0) return Promise.resolve();
    this.flushing = (async () => {
      try {
        const results = await this.write(batch.map((b) => b.item));
        batch.forEach((b, i) => b.resolve(results[i]!));
      } catch {
        for (const b of batch) {
          try {
            const [r] = await this.write([b.item]);
            b.resolve(r!);
          } catch (e) {
            b.reject(e);
          }
        }
      } finally {
        this.flushing = undefined;
        if (this.queue.length > 0) {
          clearTimeout(this.timer);
          this.timer = setTimeout(() => void this.flush(), 0);
        }
      }
    })();
    return this.flushing;
  }
}
