/**
 * The dry-run snapshot, reused for a short time: reloading the page does not multiply Jira calls.
 * Views that come while a build runs share it; a finished real sweep drops the snapshot (and
 * detaches a build in flight, whose answer may predate the sweep's writes).
 */
export interface Cached<T> {
  value: T;
  /** true when no build was started for this answer */
  cached: boolean;
}

export class SnapshotCache<T> {
  private readonly ttlMs: number;
  private readonly build: () => Promise<T>;
  private readonly now: () => number;
  private value: { value: T; atMs: number } | undefined;
  private inFlight: Promise<T> | undefined;
  private generation = 0;

  /** ttlMs 0: every view builds afresh (views at the same moment still share one build) */
  constructor(options: { ttlMs: number; build: () => Promise<T>; now?: () => number }) {
    this.ttlMs = options.ttlMs;
    this.build = options.build;
    this.now = options.now ?? Date.now;
  }

  async get(): Promise<Cached<T>> {
    if (this.value && this.now() - this.value.atMs < this.ttlMs) {
      return { value: this.value.value, cached: true };
    }
    if (this.inFlight) return { value: await this.inFlight, cached: true };
    const generation = this.generation;
    const building = this.build();
    this.inFlight = building;
    try {
      const value = await building;
      if (generation === this.generation) this.value = { value, atMs: this.now() };
      return { value, cached: false };
    } finally {
      if (this.inFlight === building) this.inFlight = undefined;
    }
  }

  invalidate(): void {
    this.generation++;
    this.value = undefined;
    this.inFlight = undefined;
  }
}
