/**
 * Which delivery identifiers the receiver has seen, so that Jira's retries and duplicates are not
 * processed twice. Bounded and short-lived on purpose: Jira retries for about 30 minutes and late
 * deliveries arrive within about as long, and the service acts idempotently anyway (this cache
 * saves Jira calls; it is not what keeps actions from being repeated).
 *
 * A Map keeps insertion order, and every write re-inserts its key with a fresh expiry under one
 * TTL, so the oldest entry is always the first to expire and the first to evict: no library needed.
 */

export type DedupeState = 'in-progress' | 'done';

export interface DedupeOptions {
  /** how long an identifier is remembered after its last change; default one hour */
  ttlMs?: number;
  /** the most identifiers remembered; the oldest go first beyond it; default 100,000 */
  maxEntries?: number;
  now?: () => number;
}

export const DEFAULT_DEDUPE_TTL_MS = 60 * 60_000;
export const DEFAULT_DEDUPE_MAX_ENTRIES = 100_000;

interface Entry {
  state: DedupeState;
  expiresAt: number;
}

export class DeliveryDedupe {
  readonly ttlMs: number;
  readonly maxEntries: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, Entry>();

  constructor(options: DedupeOptions = {}) {
    this.ttlMs = options.ttlMs ?? DEFAULT_DEDUPE_TTL_MS;
    this.maxEntries = options.maxEntries ?? DEFAULT_DEDUPE_MAX_ENTRIES;
    this.now = options.now ?? Date.now;
    if (!Number.isFinite(this.ttlMs) || this.ttlMs <= 0) {
      throw new RangeError(`dedupe ttlMs must be a positive number, got ${this.ttlMs}`);
    }
    if (!Number.isInteger(this.maxEntries) || this.maxEntries < 1) {
      throw new RangeError(`dedupe maxEntries must be a positive integer, got ${this.maxEntries}`);
    }
  }

  /** Identifiers remembered now (expired ones are dropped first). */
  get size(): number {
    this.expire();
    return this.entries.size;
  }

  /** What is known about an identifier, if anything. */
  state(identifier: string): DedupeState | undefined {
    this.expire();
    return this.entries.get(identifier)?.state;
  }

  /**
   * Marks an identifier in progress unless it is already known. Returns undefined when the caller
   * now owns the delivery, or the state that makes it a duplicate.
   */
  claim(identifier: string): DedupeState | undefined {
    const known = this.state(identifier);
    if (known !== undefined) return known;
    this.write(identifier, 'in-progress');
    return undefined;
  }

  /** The delivery was processed: replays within the TTL are duplicates. */
  complete(identifier: string): void {
    this.write(identifier, 'done');
  }

  /** The delivery was not processed (a transient failure): Jira's retry must be processed. */
  forget(identifier: string): void {
    this.entries.delete(identifier);
  }

  private write(identifier: string, state: DedupeState): void {
    this.entries.delete(identifier);
    this.entries.set(identifier, { state, expiresAt: this.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  private expire(): void {
    const now = this.now();
    for (const [identifier, entry] of this.entries) {
      if (entry.expiresAt > now) break;
      this.entries.delete(identifier);
    }
  }
}
