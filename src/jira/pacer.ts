/**
 * Paces the client's requests once Jira has said it is sending too fast (docs/architecture.md §6; Atlassian's
 * guide to rate limits asks an app both to pace itself and to honour 429s). Until the first 429
 * nothing is held back. A 429 caps the pace a little under the rate Jira was accepting just before
 * it; the cap then rises by a few percent per second until the next 429, and is lifted once it is
 * far above anything the site accepted. Waiting out the 429 itself is the retry policy's business;
 * the pacer keeps the other requests from piling into the limit meanwhile, where each would earn
 * its own 429 and its own wait.
 *
 * A 429 for one issue's writes (Jira's per-issue limit) says nothing about the site's limit and
 * does not slow the client down.
 */
export interface PacerOptions {
  /** performance.now-like clock, in ms */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** told each time a 429 cuts the pace (for the logs) */
  onCut?: (requestsPerSecond: number) => void;
}

/** The share of the rate accepted before a 429 that the pace is cut to. */
const CUT_TO = 0.9;
/** How fast the cap grows back, per second without a 429: 5%, and at least 2 requests/s. */
const GROWTH_PER_SECOND = 0.05;
const LEAST_GROWTH_PER_SECOND = 2;
/** A cap grown past this many requests per second is lifted. */
const UNPACED_ABOVE = 1_000;
/** The window in which accepted requests are counted, and the least time between two cuts. */
const WINDOW_MS = 1_000;
/** Accepted requests are counted over this much time at least. */
const SHORTEST_SPAN_MS = 100;
/** Requests per second: the pace never falls below this. */
const SLOWEST = 1;

/** RateLimit-Reason of Jira's per-issue write limit. */
export const PER_ISSUE_LIMIT = 'jira-per-issue-on-write';

export class Pacer {
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly onCut: ((requestsPerSecond: number) => void) | undefined;
  /** requests per second allowed; Infinity until the first 429 */
  private rate = Number.POSITIVE_INFINITY;
  private grownAt = 0;
  private nextAt = 0;
  private cutAt = Number.NEGATIVE_INFINITY;
  /** when each recent accepted response came back, oldest first */
  private readonly accepted: number[] = [];

  constructor(options: PacerOptions = {}) {
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.onCut = options.onCut;
  }

  /** The pace now, in requests per second (Infinity: not paced). */
  get requestsPerSecond(): number {
    this.grow(this.now());
    return this.rate;
  }

  /** Waits for this request's turn. */
  async turn(): Promise<void> {
    const now = this.now();
    this.grow(now);
    if (this.rate === Number.POSITIVE_INFINITY) return;
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + 1000 / this.rate;
    if (at > now) await this.sleep(at - now);
  }

  /** A response that was not a 429. */
  onAccepted(): void {
    const now = this.now();
    this.accepted.push(now);
    this.forget(now);
  }

  /** A 429, with its RateLimit-Reason header if any. */
  onThrottled(reason?: string | null): void {
    if (reason === PER_ISSUE_LIMIT) return;
    const now = this.now();
    // The 429s of one burst are one signal: the requests in flight all hit the same limit.
    if (now - this.cutAt < WINDOW_MS) return;
    this.cutAt = now;
    this.forget(now);
    // Over the window, or over the time since the first of them when the client has not been
    // sending for a whole window yet (a run that starts by hitting the limit).
    const span = Math.max(SHORTEST_SPAN_MS, now - (this.accepted[0] ?? now - WINDOW_MS));
    const acceptedRate = (this.accepted.length * 1000) / Math.min(WINDOW_MS, span);
    this.grow(now);
    this.rate = Math.max(SLOWEST, CUT_TO * Math.min(this.rate, acceptedRate));
    this.grownAt = now;
    this.onCut?.(this.rate);
  }

  private grow(now: number): void {
    if (this.rate === Number.POSITIVE_INFINITY) return;
    const seconds = (now - this.grownAt) / 1000;
    if (seconds <= 0) return;
    this.rate += seconds * Math.max(LEAST_GROWTH_PER_SECOND, this.rate * GROWTH_PER_SECOND);
    if (this.rate > UNPACED_ABOVE) this.rate = Number.POSITIVE_INFINITY;
    this.grownAt = now;
  }

  private forget(now: number): void {
    while (this.accepted.length > 0 && this.accepted[0]! <= now - WINDOW_MS) this.accepted.shift();
  }
}
