import type { Logger } from 'pino';
import type { ActionRunner } from '../actions/index.ts';
import type { ProjectConfig, ProjectsFile } from '../config/index.ts';
import { projectByKey, type StatusRef } from '../domain/index.ts';
import type { CallCounter } from '../jira/index.ts';
import { UNGUARDED, type IssueGuard } from './issue-guard.ts';
import { IssueSweeper, type SeenIssue, type SweepKind, type SweptIssue } from './issue-sweeper.ts';
import { RunPolicy } from './run-policy.ts';
import type { SweepJira } from './sweep-jira.ts';
import type { SweepMode } from './sweep-mode.ts';
import { SweepPages, type FinishedIssue } from './sweep-pages.ts';
import { buildReport, type FailedProject, type SweepReport } from './sweep-report.ts';
import { WriteBudget } from './write-budget.ts';

export type { SweepJira } from './sweep-jira.ts';

export interface SweepOptions {
  gateway: SweepJira;
  /** counts the gateway's calls (the transport's observer) */
  calls: CallCounter;
  config: ProjectsFile;
  runner: ActionRunner;
  botAccountId: string;
  nowMs: number;
  log: Logger;
  /** limit to these projects; all configured projects by default */
  projectKeys?: string[];
  /**
   * full: everything in validation and pending, auto-close and reminders; catch-up: recent updates
   * (and the closed issues of its look-back), repairs only
   */
  mode?: SweepMode;
  /** checked before each issue is started: a shutdown finishes the issues in hand and stops */
  shouldStop?: () => boolean;
  /**
   * Issues handled side by side (default 1). One at a time, a sweep waits on every answer and
   * spends far less than the rate limit allows; the service passes JIRA_MAX_CONCURRENCY.
   */
  concurrency?: number;
  /** held while an issue is read fresh and acted on: the service's per-issue lock (default none) */
  guard?: IssueGuard;
  /**
   * Called with every issue the run finished, acted on or not, with its project's key: a dry run
   * reports what it saw (the admin page's forecast). Must not throw.
   */
  onIssue?: (seen: SeenIssue & { project: string }) => void;
}

/**
 * The statuses each mode searches. The catch-up also looks at the closed status: a customer's
 * comment made between a sweep's last read of an issue and its close reopens the issue when its
 * webhook was lost (a late one does it itself: decideCommentOnClosed). Only the issues the service
 * closed from validation within the look-back cost a comment read. The full run does not look:
 * its closes are what makes the race, and the catch-up follows it within minutes (every 15,
 * looking back 60, by default), so each close is looked at by several catch-ups; the full run has
 * no look-back, and searching every closed issue would page through the project's whole history
 * every night.
 */
const KINDS: Record<SweepMode, readonly SweepKind[]> = {
  full: ['validation', 'pending'],
  'catch-up': ['validation', 'pending', 'closed'],
};

/** The run's parts that each project's searches use. */
interface SweepUnits {
  sweeper: IssueSweeper;
  pages: SweepPages;
  policy: RunPolicy;
}

/**
 * The sweep (docs/architecture.md §4; behaviours B3 to B6): pages through each project's issues in
 * the validation and pending statuses (the catch-up also closed ones), decides each with the pure
 * rules, and acts through the runner, within a cap on writes per run. Decide, then act; a dry
 * run is the same path with a recording runner.
 *
 * Issues are worked on side by side, and the next search page is read while the current one is
 * worked on (SweepPages); each issue is decided and acted on by the IssueSweeper; the RunPolicy
 * says when to stop. The transport under the gateway bounds the requests in flight and paces them
 * once Jira throttles, so the sweep runs at the pace the site's rate limit allows rather than at
 * the pace of one issue's round trips.
 */
export async function runSweep(options: SweepOptions): Promise<SweepReport> {
  const { gateway, calls, config, runner, log } = options;
  const mode = options.mode ?? 'full';
  const started = performance.now();
  const callsAtStart = calls.snapshot();
  const projectKeys = options.projectKeys ?? Object.keys(config.projects);
  const projects = projectKeys.map((key) => {
    const project = projectByKey(config.projects, key);
    if (!project) throw new Error(`project ${key} is not configured`);
    return { key, project };
  });
  const writeCap = config.schedules.maxWritesPerRun;
  const policy = new RunPolicy(options.shouldStop);
  const sweeper = new IssueSweeper({
    jira: gateway,
    runner,
    budget: new WriteBudget(writeCap, runner.writes),
    botAccountId: options.botAccountId,
    nowMs: options.nowMs,
    mode,
    lookbackStartMs:
      mode === 'catch-up'
        ? options.nowMs - config.schedules.catchUpLookbackMinutes * 60_000
        : undefined,
  });
  const finished: FinishedIssue[] = [];
  const pages = new SweepPages({
    jira: gateway,
    calls,
    policy,
    concurrency: Math.max(1, Math.floor(options.concurrency ?? 1)),
    guard: options.guard ?? UNGUARDED,
    onFinished: (issue) => {
      finished.push(issue);
      logIssue(log, issue.entry, runner.dryRun);
    },
  });
  const failedProjects = await searchProjects(projects, options, mode, { sweeper, pages, policy });
  // The issues in hand are finished, whatever stopped the run: nothing is left running.
  await pages.settle();
  policy.raiseBug();

  const report = buildReport({
    mode,
    dryRun: runner.dryRun,
    nowMs: options.nowMs,
    projects: projectKeys,
    startedAtMs: Date.now() - (performance.now() - started),
    durationMs: Math.round(performance.now() - started),
    finished,
    callsAtStart,
    callsAtEnd: calls.snapshot(),
    writes: runner.writes,
    writeCap,
    stoppedEarly: policy.stoppedEarly,
    failedProjects,
  });
  const { counts, durationMs } = report;
  const summary = {
    counts,
    jiraCalls: report.jiraCalls.total,
    durationMs,
    mode,
    ...(failedProjects.length > 0 ? { failedProjects: failedProjects.map((f) => f.project) } : {}),
  };
  log.info({ ...summary, dryRun: runner.dryRun }, 'sweep finished');
  return report;
}

/**
 * Each project's validation then pending issues (then, in the catch-up, closed ones), until the
 * policy stops the run. A project Jira refuses (unknown to it, or out of the bot's reach) fails
 * alone, with its reason.
 */
async function searchProjects(
  projects: ReadonlyArray<{ key: string; project: ProjectConfig }>,
  options: SweepOptions,
  mode: SweepMode,
  units: SweepUnits,
): Promise<FailedProject[]> {
  const failed: FailedProject[] = [];
  for (const { key, project } of projects) {
    try {
      await searchProject(key, project, options, mode, units);
    } catch (error) {
      const reason = units.policy.noteSearchFailure(error);
      if (reason === undefined) break;
      failed.push({ project: key, reason });
      options.log.warn({ project: key, reason }, 'sweep project failed');
    }
    if (!units.policy.mayStart()) break;
  }
  return failed;
}

async function searchProject(
  key: string,
  project: ProjectConfig,
  options: SweepOptions,
  mode: SweepMode,
  { sweeper, pages, policy }: SweepUnits,
): Promise<void> {
  for (const kind of KINDS[mode]) {
    const jql = await statusQuery(options, key, project.statuses[kind], mode);
    if (!jql) {
      options.log.warn(
        { project: key, status: kind },
        'no Jira status matches the configured one; skipped',
      );
      continue;
    }
    await pages.search(jql, {
      kind,
      wantsFreshRead: (issue) => sweeper.wantsFreshRead(issue, kind, project),
      sweep: async (issue, reread) => {
        if (!options.onIssue) return sweeper.sweep(issue, kind, project, reread);
        const seen = await sweeper.sweepSeen(issue, kind, project, reread);
        options.onIssue({ ...seen, project: key });
        return seen.entry;
      },
    });
    if (!policy.mayStart()) return;
  }
}

async function statusQuery(
  { gateway, config }: SweepOptions,
  projectKey: string,
  status: StatusRef,
  mode: SweepMode,
): Promise<string | undefined> {
  const ids = await gateway.statusIds(projectKey, status);
  if (ids.length === 0) return undefined;
  const recent =
    mode === 'catch-up' ? ` AND updated >= -${config.schedules.catchUpLookbackMinutes}m` : '';
  return `project = ${projectKey} AND status in (${ids.join(', ')})${recent} ORDER BY key ASC`;
}

function logIssue(log: Logger, entry: SweptIssue, dryRun: boolean): void {
  const { issue, rule, reason, outcome } = entry;
  const line = { issue, rule, reason, outcome, dryRun };
  if (outcome === 'failed') log.warn(line, 'sweep issue failed');
  else if (entry.actions.length > 0) log.info({ ...line, actions: entry.actions }, 'sweep action');
  else log.debug(line, 'sweep no action');
}
