import type { Logger } from 'pino';
import { DryRunRecorder, JiraActionRunner } from '../actions/index.ts';
import type { ProjectsFile } from '../config/index.ts';
import {
  runSweep,
  type IssueGuard,
  type SweepMode,
  type SweepOptions,
  type SweepReport,
} from '../jobs/index.ts';
import type { BuiltGateway } from './gateway-factory.ts';

export interface SweepRunOptions {
  /** plan only: record the actions, write nothing */
  dryRun?: boolean;
  /** the sweep's "now" (default the clock) */
  nowMs?: number;
  /** limit to these projects (validated by the caller) */
  projectKeys?: string[];
  /** checked before each issue: a shutdown finishes the issues in hand and stops */
  shouldStop?: () => boolean;
  /** every issue the run finished (the admin page's dry run) */
  onIssue?: SweepOptions['onIssue'];
}

export type SweepRunner = (mode: SweepMode, options?: SweepRunOptions) => Promise<SweepReport>;

export interface SweepRunnerOptions {
  jira: BuiltGateway;
  config: ProjectsFile;
  log: Logger;
  /** issues worked on side by side (JIRA_MAX_CONCURRENCY) */
  concurrency: number;
  botAccountId: () => Promise<string>;
  now?: () => number;
  /** the per-issue lock the webhook path takes (the service's; a CLI sweep has none) */
  guard?: IssueGuard;
}

/**
 * The one way to run a sweep, shared by the service (scheduler) and the `sweep` command: a dry run
 * records the actions, a real one performs them; every run gets a fresh write budget.
 */
export function createSweepRunner(options: SweepRunnerOptions): SweepRunner {
  const { jira, config, log } = options;
  const now = options.now ?? Date.now;
  return async (mode, run = {}) =>
    runSweep({
      gateway: jira.gateway,
      calls: jira.calls,
      config,
      runner: run.dryRun ? new DryRunRecorder(jira.gateway) : new JiraActionRunner(jira.gateway),
      botAccountId: await options.botAccountId(),
      nowMs: run.nowMs ?? now(),
      log: log.child({ sweep: mode }),
      mode,
      ...(run.projectKeys ? { projectKeys: run.projectKeys } : {}),
      ...(run.shouldStop ? { shouldStop: run.shouldStop } : {}),
      ...(run.onIssue ? { onIssue: run.onIssue } : {}),
      concurrency: options.concurrency,
      ...(options.guard ? { guard: options.guard } : {}),
    });
}
