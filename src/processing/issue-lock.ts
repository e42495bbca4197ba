/**
 * Serialises work per issue inside one process: two deliveries for the same issue, or a delivery
 * and the in-process sweep, never act at once (the second re-reads Jira after the first acted).
 * Across processes, re-reading Jira before acting and idempotent rules do the same job.
 */
export class IssueLock {
  private readonly tails = new Map<string, Promise<void>>();

  /**
   * Resolves once the issue is the caller's, with the function that gives it back (call it once).
   * Callers that hold several issues at once take them in one order (sorted keys): no deadlock.
   */
  async acquire(key: string): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
      // The last one out removes the entry, so the map only holds issues with work in flight.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const release = await this.acquire(key);
    try {
      return await work();
    } finally {
      release();
    }
  }

  get size(): number {
    return this.tails.size;
  }
}
