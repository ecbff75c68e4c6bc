// Group commit for single-event requests: requests that arrive while a batch is being written
// (or within `lingerMs` of an idle moment) are written together by ONE call of `write` (one
// transaction), and each request's promise settles only when that call has settled — a request
// is never told "stored" before its batch committed, and a failed batch never reports success.
//
// Why: a transaction per event costs ~6 round trips and a commit (WAL flush); at 64 concurrent
// clients on 2 cores that caps out well below 5,000 events/s, while the same work amortised over
// batches of ~50-200 events is a handful of statements per batch.
//
// Failure isolation: if a batch of several requests fails with an error `shouldSplit` accepts
// (anything but "database unreachable", where every retry would fail too), it is halved and each
// half written again, recursively, so one poisonous request fails alone in log2(n) extra writes
// instead of failing the 63 requests that happened to share its batch. Writes are idempotent
// (events keyed by unique_id), so re-writing after an unknown outcome cannot duplicate.

export type TBatchWriter<I, O> = (items: I[]) => Promise<O[]>;

export type TBatcherOptions = {
  /** Upper bound of items per write (bounds statement size and lock footprint). */
  maxBatchSize: number;
  /** How long an idle batcher waits for company before writing a lone item. */
  lingerMs: number;
  /** Writes in flight at once (each holds one database connection). */
  maxConcurrentWrites: number;
  /** Whether a failed multi-item batch should be split and retried. */
  shouldSplit: (error: unknown) => boolean;
};

type TPending<I, O> = { item: I; resolve: (value: O) => void; reject: (error: unknown) => void };

export class GroupCommitBatcher<I, O> {
  private queue: TPending<I, O>[] = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly write: TBatchWriter<I, O>,
    private readonly options: TBatcherOptions,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Items waiting for a write slot (for metrics and tests). */
  get pendingCount(): number {
    return this.queue.length;
  }

  /**
   * Writes what is queued now and resolves when nothing is queued or in flight: a shutting-down
   * server calls it after it stops accepting requests, so every accepted request gets its answer.
   */
  async drain(): Promise<void> {
    this.flush();
    while (this.queue.length > 0 || this.inFlight > 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      this.flush();
    }
  }

  private schedule(): void {
    if (this.inFlight >= this.options.maxConcurrentWrites || this.queue.length === 0) return;
    if (this.queue.length >= this.options.maxBatchSize || this.options.lingerMs <= 0) {
      this.flush();
      return;
    }
    this.timer ??= setTimeout(() => this.flush(), this.options.lingerMs);
  }

  private flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.inFlight >= this.options.maxConcurrentWrites || this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.options.maxBatchSize);
    this.inFlight++;
    this.writeAndSettle(batch)
      .catch((error: unknown) => {
        // writeAndSettle settles every item itself; this only guards against a bug there.
        for (const pending of batch) pending.reject(error);
      })
      .finally(() => {
        this.inFlight--;
        // Whatever queued up during the write goes next, without lingering: it already waited.
        if (this.queue.length > 0) this.flush();
      });
    // More than a batch's worth waiting and a free slot: start another write at once.
    if (this.queue.length >= this.options.maxBatchSize) this.flush();
  }

  private async writeAndSettle(batch: TPending<I, O>[]): Promise<void> {
    let results: O[];
    try {
      results = await this.write(batch.map((pending) => pending.item));
    } catch (error) {
      if (batch.length > 1 && this.options.shouldSplit(error)) {
        const middle = Math.ceil(batch.length / 2);
        await this.writeAndSettle(batch.slice(0, middle));
        await this.writeAndSettle(batch.slice(middle));
        return;
      }
      for (const pending of batch) pending.reject(error);
      return;
    }
    if (results.length !== batch.length) {
      const error = new Error(`batch writer returned ${results.length} results for ${batch.length} items`);
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, index) => {
      pending.resolve(results[index]!);
    });
  }
}
