/** At most `limit` holders at once; the others wait in arrival order (FIFO). */
export class Semaphore {
  private held = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  /** Runs `work` once a slot is free; the slot is released however `work` ends. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.held >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.held++;
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next waiter (held stays the same), or give it back.
      const next = this.waiting.shift();
      if (next) next();
      else this.held--;
    }
  }

  /** Callers waiting for a slot (for tests and metrics). */
  get waitingCount(): number {
    return this.waiting.length;
  }
}
