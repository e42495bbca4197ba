import { shareInFlight } from './share-in-flight.ts';

/**
 * Look-ups kept for `ttlMs` by key; callers side by side while one is in flight share it, and a
 * failed look-up is not kept.
 */
export class TtlCache<T> {
  private readonly entries = new Map<string, { value: T; expiresAt: number }>();
  private readonly inFlight = new Map<string, Promise<T>>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(ttlMs: number, now: () => number) {
    this.ttlMs = ttlMs;
    this.now = now;
  }

  get(key: string, load: () => Promise<T>): Promise<T> {
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > this.now()) return Promise.resolve(cached.value);
    return shareInFlight(this.inFlight, key, async () => {
      const value = await load();
      this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
      return value;
    });
  }
}
