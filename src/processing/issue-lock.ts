/**
 * Serialises work per issue inside one process: two deliveries for the same issue never act at
 * once (the second re-reads Jira after the first acted). Across replicas, re-reading Jira before
 * acting and idempotent rules do the same job.
 */
export class IssueLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    try {
      await previous;
      return await work();
    } finally {
      release();
      // The last one out removes the entry, so the map only holds issues with work in flight.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  get size(): number {
    return this.tails.size;
  }
}
