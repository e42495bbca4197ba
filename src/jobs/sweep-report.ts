import type { RuleName } from '../rules/index.ts';
import type { SweepMode } from './sweep-mode.ts';

/** How one issue ended in a sweep. */
export type SweepOutcome =
  | 'closed'
  | 'reopened'
  | 'reminded'
  | 'moved-to-analysts'
  | 'not-due'
  | 'no-action'
  | 'deferred'
  | 'failed';

export const OUTCOME_OF_RULE: Record<RuleName, SweepOutcome> = {
  'auto-close': 'closed',
  'customer-rejection': 'reopened',
  reminder: 'reminded',
  'customer-reply': 'moved-to-analysts',
  none: 'no-action',
};

export interface PlannedIssue {
  issue: string;
  status: 'validation' | 'pending';
  outcome: SweepOutcome;
  rule: RuleName;
  reason: string;
  actions: string[];
  /** for validation issues: when the window closes */
  closesAt?: string;
  lastBusinessDay?: string;
}

export interface SweepReport {
  mode: SweepMode;
  dryRun: boolean;
  now: string;
  projects: string[];
  startedAt: string;
  durationMs: number;
  counts: Record<SweepOutcome, number>;
  issues: Partial<Record<SweepOutcome, string[]>>;
  /** every issue that has (or, in a dry run, would have) an action, with reasons and deadlines */
  plan: PlannedIssue[];
  jiraCalls: {
    total: number;
    retries: number;
    byOperation: Record<string, number>;
    /** calls spent per closed issue, its share of the search pages included */
    perClosedIssue: number | null;
    /** calls spent per validation issue not yet due, its share of the search pages included */
    perNotDueIssue: number | null;
  };
  writes: number;
  writeCap: number;
  /** why the run stopped early, if it did (the next run picks up the rest) */
  stoppedEarly?: string;
}

export function emptyCounts(): Record<SweepOutcome, number> {
  return {
    closed: 0,
    reopened: 0,
    reminded: 0,
    'moved-to-analysts': 0,
    'not-due': 0,
    'no-action': 0,
    deferred: 0,
    failed: 0,
  };
}
