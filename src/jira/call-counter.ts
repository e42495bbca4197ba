import type { CallRecord, RetryRecord, TransportObserver } from './transport.ts';

/** Counts Jira calls by operation: the figures a sweep report shows (DESIGN 2). */
export class CallCounter implements TransportObserver {
  total = 0;
  retries = 0;
  readonly byOperation: Record<string, number> = {};
  readonly byStatus: Record<string, number> = {};

  onCall(call: CallRecord): void {
    this.total++;
    this.byOperation[call.operation] = (this.byOperation[call.operation] ?? 0) + 1;
    this.byStatus[String(call.status)] = (this.byStatus[String(call.status)] ?? 0) + 1;
  }

  onRetry(_retry: RetryRecord): void {
    this.retries++;
  }

  snapshot() {
    return {
      total: this.total,
      retries: this.retries,
      byOperation: { ...this.byOperation },
      byStatus: { ...this.byStatus },
    };
  }
}
