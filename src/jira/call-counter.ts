import { AsyncLocalStorage } from 'node:async_hooks';
import type { CallRecord, RetryRecord, TransportObserver } from './transport.ts';

/** Counts Jira calls by operation: the figures a sweep report shows (docs/architecture.md §4). */
export class CallCounter implements TransportObserver {
  total = 0;
  retries = 0;
  readonly byOperation: Record<string, number> = {};
  readonly byStatus: Record<string, number> = {};
  // The calls made inside measure(): with several issues in flight at once, the difference of two
  // totals would count the other issues' calls too.
  private readonly scope = new AsyncLocalStorage<{ calls: number }>();

  onCall(call: CallRecord): void {
    this.total++;
    this.byOperation[call.operation] = (this.byOperation[call.operation] ?? 0) + 1;
    this.byStatus[String(call.status)] = (this.byStatus[String(call.status)] ?? 0) + 1;
    const scope = this.scope.getStore();
    if (scope) scope.calls++;
  }

  onRetry(_retry: RetryRecord): void {
    this.retries++;
  }

  /**
   * Runs `work` and counts the calls made on its behalf (its async continuations included), apart
   * from the calls other work makes at the same time. The totals count every call in any case.
   */
  async measure<T>(work: () => Promise<T>): Promise<{ value: T; calls: number }> {
    const scope = { calls: 0 };
    const value = await this.scope.run(scope, work);
    return { value, calls: scope.calls };
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
