/**
 * Two `sweep` commands started together (a manual run beside the CronJob's): no lock is shared
 * between them, and still each issue gets one closing comment and one reminder per cycle.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { projectCalendar } from '../../src/config/index.ts';
import { MARKER_PROPERTY, validationWindow } from '../../src/rules/index.ts';
import { arrangeIssue, STATUS, statusOf } from '../e2e/world.ts';
import { runCommand } from '../support/cli-io.ts';
import { CONFIG, startWorld, type SandboxWorld } from '../support/world.ts';

let world: SandboxWorld;
let env: Record<string, string>;

beforeAll(async () => {
  world = await startWorld({ service: false });
  env = { SANDBOX_PORT: new URL(world.jiraUrl).port, LOG_LEVEL: 'silent' };
});

afterAll(async () => {
  await world.close();
});

const DAY = 86_400_000;

/** An entry into validation whose window, by SUP's calendar, puts `nowMs` in its reminder day. */
function reminderDueEntry(nowMs: number): number {
  const project = CONFIG.projects.SUP!;
  const calendar = projectCalendar(project);
  for (let at = nowMs - 3_600_000; at > nowMs - 30 * DAY; at -= 3_600_000) {
    const window = validationWindow({ atMs: at, historyId: 'x' } as never, project, calendar);
    if (window.reminderAtMs! <= nowMs && nowMs < window.closesAtMs - 3_600_000) return at;
  }
  throw new Error('no reminder-due entry found');
}

function marked(key: string, kind: string) {
  return world.sandbox.store
    .issue(key)!
    .comments.filter(
      (c) => (c.properties.get(MARKER_PROPERTY) as { kind?: string } | undefined)?.kind === kind,
    );
}

function validationSince(atMs: number): string {
  return arrangeIssue(world.sandbox, [
    { status: STATUS.analysts, at: new Date(atMs - DAY).toISOString() },
    { status: STATUS.validation, at: new Date(atMs).toISOString(), resolution: 'Resolvido' },
  ]);
}

describe('two sweeps at once, in two processes', () => {
  it('leave exactly one closing comment and one reminder per issue, Jira at 150 ms', async () => {
    const now = Date.now();
    const due = Array.from({ length: 30 }, () => validationSince(now - 20 * DAY));
    const reminded = Array.from({ length: 10 }, () => validationSince(reminderDueEntry(now)));
    world.sandbox.faults.set({ latencyMs: 150 });

    const runs = await Promise.all([
      runCommand(['sweep', '--json'], env),
      runCommand(['sweep', '--json'], env),
    ]);
    world.sandbox.faults.set({});

    for (const run of runs) expect(JSON.parse(run.stdout).counts.failed).toBe(0);
    for (const key of due) {
      expect({ key, status: statusOf(world.sandbox, key) }).toEqual({ key, status: STATUS.closed });
      expect({ key, closing: marked(key, 'closing').length }).toEqual({ key, closing: 1 });
    }
    for (const key of reminded) {
      expect({ key, reminders: marked(key, 'reminder').length }).toEqual({ key, reminders: 1 });
    }
  });
});
