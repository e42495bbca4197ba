import type { RequestHandler } from 'express';

export interface CallStatsSnapshot {
  total: number;
  /** by Jira's operationId (getIssue, doTransition, searchAndReconsileIssuesUsingJql, ...) */
  byOperation: Record<string, number>;
}

/** Calls made to the REST API, by operation: how a test counts what a client spent. */
export class CallStats {
  private total = 0;
  private readonly byOperation = new Map<string, number>();

  count(operation: string): RequestHandler {
    return (_req, _res, next) => {
      this.total++;
      this.byOperation.set(operation, (this.byOperation.get(operation) ?? 0) + 1);
      next();
    };
  }

  snapshot(): CallStatsSnapshot {
    return {
      total: this.total,
      byOperation: Object.fromEntries([...this.byOperation].sort(([a], [b]) => a.localeCompare(b))),
    };
  }

  calls(operation: string): number {
    return this.byOperation.get(operation) ?? 0;
  }

  reset(): void {
    this.total = 0;
    this.byOperation.clear();
  }
}
