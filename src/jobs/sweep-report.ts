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
  /** the move cannot be made as configured (see the reason); nothing was written */
  | 'blocked'
  /** a person or another process moved the issue while it was worked on: the decision was void */
  | 'moved'
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
  /** the status it was found in (SweepKind) */
  status: 'validation' | 'pending' | 'closed';
  outcome: SweepOutcome;
  rule: RuleName;
  reason: string;
  actions: string[];
  /** for validation issues: when the window closes */
  closesAt?: string;
  lastBusinessDay?: string;
}

/** A validation issue not yet due, with when its window closes. */
export interface NotDueIssue {
  issue: string;
  closesAt: string;
  lastBusinessDay: string;
}

/** A configured project the run could not sweep (Jira does not have it, or the bot cannot see it). */
export interface FailedProject {
  project: string;
  /** what Jira answered: method, path, status and Jira's messages */
  reason: string;
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
  /** each validation issue not yet due, in the order found (runSweep always lists them) */
  notDue?: NotDueIssue[];
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
  /** the projects Jira refused, with its reason; the others were swept (runSweep always lists them) */
  failedProjects?: FailedProject[];
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
    blocked: 0,
    moved: 0,
    failed: 0,
  };
}

/** One issue as the sweep finished it, with the calls spent on it and its place in the search. */
export interface CountedIssue {
  entry: PlannedIssue;
  calls: number;
  order: number;
}

/** The call counter's figures (CallCounter.snapshot()). */
export interface CallFigures {
  total: number;
  retries: number;
  byOperation: Record<string, number>;
}

export interface ReportInput {
  mode: SweepMode;
  dryRun: boolean;
  nowMs: number;
  projects: string[];
  startedAtMs: number;
  durationMs: number;
  /** in whatever order they finished */
  finished: readonly CountedIssue[];
  callsAtStart: CallFigures;
  callsAtEnd: CallFigures;
  writes: number;
  writeCap: number;
  stoppedEarly?: string | undefined;
  failedProjects?: readonly FailedProject[];
}

/** The report of a run: tallies derived from the finished issues, listed in the order found. */
export function buildReport(input: ReportInput): SweepReport {
  const { counts, issues, plan, notDue, spent } = tally(input.finished);
  const { callsAtStart: before, callsAtEnd: after } = input;
  return {
    mode: input.mode,
    dryRun: input.dryRun,
    now: new Date(input.nowMs).toISOString(),
    projects: input.projects,
    startedAt: new Date(input.startedAtMs).toISOString(),
    durationMs: input.durationMs,
    counts,
    issues,
    plan,
    notDue,
    jiraCalls: {
      total: after.total - before.total,
      retries: after.retries - before.retries,
      byOperation: difference(after.byOperation, before.byOperation),
      perClosedIssue: counts.closed > 0 ? round(spent.closed / counts.closed) : null,
      perNotDueIssue: counts['not-due'] > 0 ? round(spent.notDue / counts['not-due']) : null,
    },
    writes: input.writes,
    writeCap: input.writeCap,
    ...(input.stoppedEarly ? { stoppedEarly: input.stoppedEarly } : {}),
    failedProjects: [...(input.failedProjects ?? [])],
  };
}

function tally(finished: readonly CountedIssue[]) {
  const counts = emptyCounts();
  const issues: Partial<Record<SweepOutcome, string[]>> = {};
  const plan: PlannedIssue[] = [];
  const notDue: NotDueIssue[] = [];
  const spent = { closed: 0, notDue: 0 };
  for (const { entry, calls } of [...finished].sort((a, b) => a.order - b.order)) {
    counts[entry.outcome]++;
    (issues[entry.outcome] ??= []).push(entry.issue);
    if (entry.outcome === 'closed') spent.closed += calls;
    if (entry.outcome === 'not-due') {
      spent.notDue += calls;
      const { issue, closesAt, lastBusinessDay } = entry;
      // A not-due issue always has its window; the guard is for the type only.
      if (closesAt !== undefined && lastBusinessDay !== undefined)
        notDue.push({ issue, closesAt, lastBusinessDay });
    }
    if (entry.actions.length > 0 || NOTHING_DONE_BUT_LISTED.has(entry.outcome)) plan.push(entry);
  }
  return { counts, issues, plan, notDue, spent };
}

/** Outcomes without actions that the plan still lists, each with its reason. */
const NOTHING_DONE_BUT_LISTED = new Set<SweepOutcome>(['failed', 'deferred', 'blocked', 'moved']);

function difference(
  after: Record<string, number>,
  before: Record<string, number>,
): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [key, value] of Object.entries(after)) {
    const delta = value - (before[key] ?? 0);
    if (delta > 0) result[key] = delta;
  }
  return result;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
