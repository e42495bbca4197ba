/**
 * The sweep against the in-memory Jira (test/support/fake-jira.ts), with the real SUP config: a
 * world with a movable clock, issues arranged by when they entered their status, and runSweep
 * wired as the service wires it (the action runner writes through the same fake).
 */
import pino from 'pino';
import { DryRunRecorder, JiraActionRunner, type ActionRunner } from '../../src/actions/index.ts';
import type { ProjectsFile } from '../../src/config/index.ts';
import type { IssueSnapshot } from '../../src/domain/index.ts';
import { CallCounter, type JiraGateway } from '../../src/jira/index.ts';
import { runSweep, type SweepOptions, type SweepReport } from '../../src/jobs/index.ts';
import { FakeJira, type FakeCall } from '../support/fake-jira.ts';
import { at, change, config, issue } from '../rules/fixtures.ts';

/** The nightly run of Friday 2026-03-20 (no holiday in March in BR-SP-SP). */
export const NIGHT = at('2026-03-20T02:00:00-03:00');
/** Entered validation then: closed by the night of 03-20 (window closed 2026-03-10). */
export const DUE = '2026-03-02T10:00:00-03:00';
/** Entered validation then: the night of 03-20 is inside the reminder day (closes 03-21). */
export const REMINDER = '2026-03-13T10:00:00-03:00';
/** Entered validation then: not due (closes 2026-03-26T00:00-03:00, last business day 03-25). */
export const NOT_DUE = '2026-03-18T10:00:00-03:00';

export interface World {
  jira: FakeJira;
  calls: CallCounter;
  clock: { now: number };
  /** runs `react` each time the sweep makes a call of `op` (what a person does meanwhile) */
  onCall(op: string, react: (call: FakeCall) => void): void;
  /** an issue in validation since `enteredAt` (or pending, with `status`) */
  put(n: number, enteredAt: string, status?: 'validation' | 'pending'): string;
  sweep(
    options?: Partial<SweepOptions> & { dryRun?: boolean; maxWritesPerRun?: number },
  ): Promise<SweepReport>;
}

export function world(): World {
  const clock = { now: NIGHT };
  const jira = new FakeJira({ now: () => clock.now });
  const calls = new CallCounter();
  const reactions: Array<{ op: string; react: (call: FakeCall) => void }> = [];
  // Every call the fake records is counted where it is made (the transport's observer does the
  // same), so the report's per-issue figures are those of a real run.
  const push = jira.calls.push.bind(jira.calls);
  jira.calls.push = (...recorded: FakeCall[]) => {
    for (const call of recorded) {
      calls.onCall({ operation: call.op, method: 'GET', status: 200, attempt: 1, durationMs: 0 });
      for (const r of reactions) if (r.op === call.op) r.react(call);
    }
    return push(...recorded);
  };
  return {
    jira,
    calls,
    clock,
    onCall: (op, react) => reactions.push({ op, react }),
    put(n, enteredAt, status = 'validation') {
      const key = `SUP-${n}`;
      const snapshot: IssueSnapshot = issue(
        status,
        [
          change('open', 'analysts', '2026-02-27T09:00:00-03:00'),
          change('analysts', status, enteredAt),
        ],
        { id: String(10_000 + n), key },
      );
      jira.put(snapshot);
      return key;
    },
    sweep({ dryRun = false, maxWritesPerRun, ...options } = {}) {
      const runner: ActionRunner = dryRun
        ? new DryRunRecorder()
        : // The fake has the gateway's methods, not its class.
          new JiraActionRunner(jira as unknown as JiraGateway);
      return runSweep({
        gateway: jira,
        calls,
        config: withWriteCap(config, maxWritesPerRun),
        runner,
        botAccountId: jira.bot.accountId,
        nowMs: clock.now,
        log: pino({ level: 'silent' }),
        ...options,
      });
    },
  };
}

function withWriteCap(file: ProjectsFile, cap: number | undefined): ProjectsFile {
  if (cap === undefined) return file;
  return { ...file, schedules: { ...file.schedules, maxWritesPerRun: cap } };
}

/**
 * The sweep's calls, split into the threads that have an order of their own: each issue's calls
 * (its fresh read included, as `rereadIssues` with the batch's keys), the searches (status look-ups
 * and pages, in order) and the group look-ups (sorted: they belong to whichever comment asked).
 * Issues worked side by side interleave; within a thread the order is exact.
 */
export function threads(jira: FakeJira): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  const add = (thread: string, call: string) => (result[thread] ??= []).push(call);
  for (const call of jira.calls) {
    const line = [call.op, call.key, call.detail].filter(Boolean).join(' ');
    if (call.op === 'statusIds' || call.op === 'searchIssues') add('search', line);
    else if (call.op === 'userGroups') add('groups', line);
    else if (call.op === 'rereadIssues') for (const key of call.detail!.split(',')) add(key, line);
    else add(call.key!, line);
  }
  result.groups?.sort();
  return result;
}

/** The search thread of a full run that reads one page of each status. */
export const SEARCHED_BOTH = [
  'statusIds SUP "Tarefa Resolvida – Aguardando Validação do cliente"',
  'searchIssues page 1',
  'statusIds SUP "Pendente Informação do cliente"',
  'searchIssues page 1',
];

/** The search thread of a catch-up that reads one page of each status it looks at. */
export const SEARCHED_CATCH_UP = [
  ...SEARCHED_BOTH,
  'statusIds SUP "Fechado"',
  'searchIssues page 1',
];

/** The calls that change Jira. */
export const WRITES = ['addComment', 'deleteComment', 'transitionTo', 'assign', 'setIssueProperty'];

export function writesIn(jira: FakeJira): string[] {
  return jira.sequence().filter((call) => WRITES.includes(call.split(' ')[0]!));
}
