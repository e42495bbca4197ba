export { runSweep, type SweepOptions } from './sweep.ts';
export {
  emptyCounts,
  type PlannedIssue,
  type SweepOutcome,
  type SweepReport,
} from './sweep-report.ts';
export { startScheduler, type Scheduler, type SchedulerOptions } from './scheduler.ts';
export type { SweepMode } from './sweep-mode.ts';
