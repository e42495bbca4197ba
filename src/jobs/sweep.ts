import type { Logger } from 'pino';
import type { ActionRunner } from '../actions/index.ts';
import {
  projectCalendar,
  type ProjectConfig,
  type ProjectsFile,
  type StatusRef,
} from '../config/index.ts';
import {
  errorMessage,
  isTransientJiraError,
  TransitionUnavailableError,
  type CallCounter,
  type IssueSnapshot,
  type JiraGateway,
} from '../jira/index.ts';
import {
  decidePending,
  decideValidation,
  enteredCurrentStatus,
  needsGroups,
  VALIDATION_PROPERTY,
  whoIsCustomer,
  type Decision,
  type JudgedComment,
  type SweepContext,
  type SweepVerdict,
} from '../rules/index.ts';
import {
  emptyCounts,
  OUTCOME_OF_RULE,
  type PlannedIssue,
  type SweepOutcome,
  type SweepReport,
} from './sweep-report.ts';

export interface SweepOptions {
  gateway: JiraGateway;
  /** counts the gateway's calls (the transport's observer) */
  calls: CallCounter;
  config: ProjectsFile;
  runner: ActionRunner;
  botAccountId: string;
  nowMs: number;
  log: Logger;
  /** limit to these projects; all configured projects by default */
  projectKeys?: string[];
  /** full: everything in the statuses, auto-close and reminders; catch-up: recent updates, repairs only */
  mode?: 'full' | 'catch-up';
  /** checked between issues: a shutdown finishes the current issue and stops */
  shouldStop?: () => boolean;
}

/** Consecutive transient failures after which Jira is taken to be down for this run. */
const GIVE_UP_AFTER_FAILURES = 5;

/** Repairs of missed webhooks: what the light catch-up run does. Closing waits for the nightly run. */
const CATCH_UP_RULES = new Set(['customer-reply', 'customer-rejection']);

/**
 * The sweep (DESIGN 2, behaviours 3 to 6): pages through each project's issues in the validation
 * and pending statuses, decides each with the pure rules, and acts through the runner, within a
 * cap on writes per run. Decide, then act; a dry run is the same path with a recording runner.
 */
export async function runSweep(options: SweepOptions): Promise<SweepReport> {
  const { gateway, calls, config, runner, log } = options;
  const mode = options.mode ?? 'full';
  const started = performance.now();
  const startCalls = calls.snapshot();
  const counts = emptyCounts();
  const issues: Partial<Record<SweepOutcome, string[]>> = {};
  const plan: PlannedIssue[] = [];
  const spent = { closed: 0, notDue: 0 };
  const writeCap = config.schedules.maxWritesPerRun;
  let stoppedEarly: string | undefined;
  let failuresInARow = 0;

  const projectKeys = options.projectKeys ?? Object.keys(config.projects);
  const record = (entry: PlannedIssue, callsSpent: number) => {
    counts[entry.outcome]++;
    (issues[entry.outcome] ??= []).push(entry.issue);
    if (entry.outcome === 'closed') spent.closed += callsSpent;
    if (entry.outcome === 'not-due') spent.notDue += callsSpent;
    if (entry.actions.length > 0 || entry.outcome === 'failed' || entry.outcome === 'deferred')
      plan.push(entry);
    const line = {
      issue: entry.issue,
      rule: entry.rule,
      reason: entry.reason,
      outcome: entry.outcome,
      dryRun: runner.dryRun,
    };
    if (entry.outcome === 'failed') log.warn(line, 'sweep issue failed');
    else if (entry.actions.length > 0)
      log.info({ ...line, actions: entry.actions }, 'sweep action');
    else log.debug(line, 'sweep no action');
  };

  outer: for (const key of projectKeys) {
    const project = config.projects[key];
    if (!project) throw new Error(`project ${key} is not configured`);
    for (const kind of ['validation', 'pending'] as const) {
      try {
        const jql = await statusQuery(
          gateway,
          key,
          kind === 'validation' ? project.statuses.validation : project.statuses.pending,
          mode,
          config,
        );
        if (!jql) {
          log.warn(
            { project: key, status: kind },
            'no Jira status matches the configured one; skipped',
          );
          continue;
        }
        let pageStart = calls.total;
        for await (const page of gateway.searchIssues(jql, {
          changelog: true,
          properties: [VALIDATION_PROPERTY],
        })) {
          const searchShare = page.length > 0 ? (calls.total - pageStart) / page.length : 0;
          for (const issue of page) {
            if (options.shouldStop?.()) {
              stoppedEarly = 'shutting down';
              break outer;
            }
            const before = calls.total;
            const entry = await sweepIssue(issue, kind, project, options, mode, writeCap);
            record(entry, calls.total - before + searchShare);
            if (entry.outcome === 'failed' && entry.transient) {
              if (++failuresInARow >= GIVE_UP_AFTER_FAILURES) {
                stoppedEarly = `Jira failed ${failuresInARow} times in a row: ${entry.reason}`;
                break outer;
              }
            } else failuresInARow = 0;
          }
          pageStart = calls.total;
        }
      } catch (error) {
        // A search that fails for good ends the run with its report of what was done so far;
        // the next run picks up the rest.
        if (!isTransientJiraError(error)) throw error;
        stoppedEarly = `Jira failed: ${errorMessage(error)}`;
        break outer;
      }
    }
  }

  const end = calls.snapshot();
  const report: SweepReport = {
    mode,
    dryRun: runner.dryRun,
    now: new Date(options.nowMs).toISOString(),
    projects: projectKeys,
    startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
    durationMs: Math.round(performance.now() - started),
    counts,
    issues,
    plan,
    jiraCalls: {
      total: end.total - startCalls.total,
      retries: end.retries - startCalls.retries,
      byOperation: difference(end.byOperation, startCalls.byOperation),
      perClosedIssue: counts.closed > 0 ? round(spent.closed / counts.closed) : null,
      perNotDueIssue: counts['not-due'] > 0 ? round(spent.notDue / counts['not-due']) : null,
    },
    writes: runner.writes,
    writeCap,
    ...(stoppedEarly ? { stoppedEarly } : {}),
  };
  log.info(
    {
      counts,
      jiraCalls: report.jiraCalls.total,
      durationMs: report.durationMs,
      mode,
      dryRun: runner.dryRun,
    },
    'sweep finished',
  );
  return report;
}

async function statusQuery(
  gateway: JiraGateway,
  projectKey: string,
  status: StatusRef,
  mode: 'full' | 'catch-up',
  config: ProjectsFile,
): Promise<string | undefined> {
  const ids = await gateway.statusIds(projectKey, status);
  if (ids.length === 0) return undefined;
  const recent =
    mode === 'catch-up' ? ` AND updated >= -${config.schedules.catchUpLookbackMinutes}m` : '';
  return `project = ${projectKey} AND status in (${ids.join(', ')})${recent} ORDER BY key ASC`;
}

type Entry = PlannedIssue & { transient?: boolean };

async function sweepIssue(
  issue: IssueSnapshot,
  kind: 'validation' | 'pending',
  project: ProjectConfig,
  options: SweepOptions,
  mode: 'full' | 'catch-up',
  writeCap: number,
): Promise<Entry> {
  const { gateway, runner } = options;
  const context: SweepContext = {
    issue,
    project,
    calendar: projectCalendar(project),
    nowMs: options.nowMs,
    botAccountId: options.botAccountId,
  };
  const decide = kind === 'validation' ? decideValidation : decidePending;
  const base = { issue: issue.key, status: kind } as const;
  try {
    let current = issue;
    const planned = decide(context).window;
    const closingOrReminding =
      kind === 'validation' &&
      mode === 'full' &&
      planned !== undefined &&
      (options.nowMs >= planned.closesAtMs ||
        (planned.reminderAtMs !== undefined && options.nowMs >= planned.reminderAtMs));
    if (closingOrReminding) {
      // Writes the customer sees act on the issue as Jira holds it now, not as the search page
      // showed it minutes ago: a comment or a reopen since then changes the decision.
      const fresh = await gateway.getIssue(issue.key, { changelog: true });
      current = { ...fresh, ...(issue.properties ? { properties: issue.properties } : {}) };
    }
    const freshContext = { ...context, issue: current };
    let verdict: SweepVerdict = decide(freshContext);
    if (verdict.kind === 'read-comments') {
      const since =
        verdict.window?.enteredAtMs ??
        enteredCurrentStatus(current)?.atMs ??
        current.createdMs ??
        0;
      const comments = await judge(
        await gateway.commentsSince(current.key, since),
        current,
        project,
        options,
      );
      verdict = decide({ ...freshContext, comments });
    }
    if (verdict.kind !== 'decided') throw new Error('unreachable: comments were read');
    const window = verdict.window
      ? {
          closesAt: context.calendar.zone.formatInstant(verdict.window.closesAtMs),
          lastBusinessDay: verdict.window.lastBusinessDay,
        }
      : {};
    let decision: Decision = verdict.decision;
    if (mode === 'catch-up' && !CATCH_UP_RULES.has(decision.rule)) {
      decision = {
        rule: 'none',
        actions: [],
        reason: `${decision.reason} (left for the nightly sweep)`,
      };
    }
    const entry = { ...base, ...window, rule: decision.rule, reason: decision.reason };
    if (decision.actions.length === 0) {
      const notDue =
        kind === 'validation' && verdict.window && options.nowMs < verdict.window.closesAtMs;
      return { ...entry, outcome: notDue ? 'not-due' : 'no-action', actions: [] };
    }
    if (runner.writes + decision.actions.length > writeCap) {
      return {
        ...entry,
        outcome: 'deferred',
        reason: `write cap of ${writeCap} reached: ${decision.reason}`,
        actions: [],
      };
    }
    const performed = await runner.run(current, decision);
    return {
      ...entry,
      outcome: OUTCOME_OF_RULE[decision.rule],
      actions: performed.map((p) => p.summary),
    };
  } catch (error) {
    const transient = isTransientJiraError(error);
    if (!transient && !(error instanceof TransitionUnavailableError)) throw error;
    return {
      ...base,
      outcome: 'failed',
      rule: 'none',
      reason: errorMessage(error),
      actions: [],
      transient,
    };
  }
}

/** Judges each comment's author once (group lookups are cached by the gateway). */
async function judge(
  comments: Awaited<ReturnType<JiraGateway['commentsSince']>>,
  issue: IssueSnapshot,
  project: ProjectConfig,
  options: SweepOptions,
): Promise<JudgedComment[]> {
  const judged: JudgedComment[] = [];
  for (const comment of comments) {
    const author = comment.author;
    // Only the customer's verdict matters, and only for public comments not by the service.
    const skipLookup =
      !author ||
      !comment.isPublic ||
      author.accountId === options.botAccountId ||
      !needsGroups(project.customer);
    const authorGroups = skipLookup ? [] : await options.gateway.userGroups(author.accountId);
    judged.push({
      ...comment,
      customer: whoIsCustomer(author, {
        botAccountId: options.botAccountId,
        ...(issue.reporter ? { reporterAccountId: issue.reporter.accountId } : {}),
        authorGroups,
        customer: project.customer,
      }),
    });
  }
  return judged;
}

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
