/**
 * Webhook deliveries of the last hours, from memory: counts per hour by outcome (HOURS_KEPT
 * buckets at most) and the last FAILURES_KEPT failures.
 */
import type { DeliveriesSummary, DeliveryFailure } from './admin-model.ts';

export const HOURS_KEPT = 24;
export const FAILURES_KEPT = 20;
const HOUR_MS = 3_600_000;
const FAILED_OUTCOMES = new Set(['failed', 'transient-failure', 'internal-error']);

export interface DeliveryRecord {
  event: string | undefined;
  outcome: string;
  status: number;
  issue?: string;
  reason?: string;
}

export function isFailure(delivery: Pick<DeliveryRecord, 'outcome' | 'status'>): boolean {
  return delivery.status >= 400 || FAILED_OUTCOMES.has(delivery.outcome);
}

export class DeliveryLog {
  private readonly now: () => number;
  /** hour start (ms) → counts by outcome, oldest first (Map keeps insertion order) */
  private readonly hours = new Map<number, Record<string, number>>();
  private readonly failures: DeliveryFailure[] = [];

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  record(delivery: DeliveryRecord): void {
    const nowMs = this.now();
    const hour = Math.floor(nowMs / HOUR_MS) * HOUR_MS;
    let counts = this.hours.get(hour);
    if (!counts) {
      counts = {};
      this.hours.set(hour, counts);
      this.prune(nowMs);
    }
    counts[delivery.outcome] = (counts[delivery.outcome] ?? 0) + 1;
    if (!isFailure(delivery)) return;
    this.failures.unshift({
      at: new Date(nowMs).toISOString(),
      ...(delivery.event !== undefined ? { event: delivery.event } : {}),
      outcome: delivery.outcome,
      status: delivery.status,
      ...(delivery.issue !== undefined ? { issue: delivery.issue } : {}),
      ...(delivery.reason !== undefined ? { reason: delivery.reason } : {}),
    });
    this.failures.length = Math.min(this.failures.length, FAILURES_KEPT);
  }

  summary(): DeliveriesSummary {
    const nowMs = this.now();
    this.prune(nowMs);
    const byOutcome: Record<string, number> = {};
    const byHour = [...this.hours].map(([hour, counts]) => {
      for (const [outcome, n] of Object.entries(counts))
        byOutcome[outcome] = (byOutcome[outcome] ?? 0) + n;
      return { hour: new Date(hour).toISOString(), byOutcome: { ...counts } };
    });
    return {
      since: new Date(this.oldestHour(nowMs)).toISOString(),
      byOutcome,
      byHour,
      lastFailures: [...this.failures],
    };
  }

  /** The start of the oldest hour kept: the current hour and the HOURS_KEPT - 1 before it. */
  private oldestHour(nowMs: number): number {
    return (Math.floor(nowMs / HOUR_MS) - (HOURS_KEPT - 1)) * HOUR_MS;
  }

  private prune(nowMs: number): void {
    const oldest = this.oldestHour(nowMs);
    for (const hour of this.hours.keys()) if (hour < oldest) this.hours.delete(hour);
  }
}
