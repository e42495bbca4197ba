export { runSweep, type SweepOptions } from './sweep.ts';
export type { SweepJira, SweepReadOptions } from './sweep-jira.ts';
export { UNGUARDED, type IssueGuard } from './issue-guard.ts';
export {
  emptyCounts,
  type NotDueIssue,
  type PlannedIssue,
  type SweepOutcome,
  type SweepReport,
} from './sweep-report.ts';
export { startScheduler, type Scheduler, type SchedulerOptions } from './scheduler.ts';
export type { SweepMode } from './sweep-mode.ts';
export type { SeenIssue, SweepKind, SweptIssue } from './issue-sweeper.ts';
