/**
 * Two `sweep` commands started together (a manual run beside the CronJob's): no lock is shared
 * between them, and still each issue gets one closing comment and one reminder per cycle.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { projectCalendar } from '../../src/config/index.ts';
import { validationWindow } from '../../src/rules/index.ts';
import { STATUS, statusOf } from '../e2e/world.ts';
import { inValidationSince, markedComments } from '../reliability/support.ts';
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

describe('two sweeps at once, in two processes', () => {
  it('leave exactly one closing comment and one reminder per issue, Jira at 150 ms', async () => {
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const due = inValidationSince(world.sandbox, 30, iso(now - 20 * DAY));
    const reminded = inValidationSince(world.sandbox, 10, iso(reminderDueEntry(now)));
    world.sandbox.faults.set({ latencyMs: 150 });

    const runs = await Promise.all([
      runCommand(['sweep', '--json'], env),
      runCommand(['sweep', '--json'], env),
    ]);
    world.sandbox.faults.set({});

    for (const run of runs) expect(JSON.parse(run.stdout).counts.failed).toBe(0);
    for (const key of due) {
      expect({ key, status: statusOf(world.sandbox, key) }).toEqual({ key, status: STATUS.closed });
      expect({ key, closing: markedComments(world.sandbox, key, 'closing').length }).toEqual({
        key,
        closing: 1,
      });
    }
    for (const key of reminded) {
      expect({ key, reminders: markedComments(world.sandbox, key, 'reminder').length }).toEqual({
        key,
        reminders: 1,
      });
    }
  });
});
