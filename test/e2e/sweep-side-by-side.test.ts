/**
 * The sweep with several issues in hand at once (JIRA_MAX_CONCURRENCY): the per-run write cap
 * and the calls counted per issue must hold however the issues interleave.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import type { Sandbox } from '../../src/sandbox/index.ts';
import {
  arrangeIssue,
  closingComments,
  CONFIG,
  range,
  startSandbox,
  startService,
  STATUS,
  statusOf,
  withSchedules,
  type ReliabilityWorld,
  type ServiceInstance,
} from '../reliability/support.ts';

const NIGHT_MS = Date.parse('2026-03-20T02:00:00-03:00');
const SIDE_BY_SIDE = 8;

let world: ReliabilityWorld | undefined;
const instances: ServiceInstance[] = [];

afterEach(async () => {
  for (const instance of instances.splice(0)) await instance.stop();
  await world?.close();
  world = undefined;
});

async function start(maxWritesPerRun: number): Promise<ServiceInstance> {
  const instance = await startService(world!.jiraUrl, {
    config: withSchedules(CONFIG, { maxWritesPerRun }),
    env: { JIRA_MAX_CONCURRENCY: String(SIDE_BY_SIDE) },
    register: false,
  });
  instances.push(instance);
  return instance;
}

/** Issues in validation since `at`: due on the night of 2026-03-20 when resolved on 03-02. */
function resolvedAt(sandbox: Sandbox, count: number, at: string): string[] {
  return range(count).map(() =>
    arrangeIssue(sandbox, [
      { status: STATUS.analysts, at: '2026-02-27T09:00:00-03:00' },
      { status: STATUS.validation, at },
    ]),
  );
}

describe('the sweep with issues side by side', () => {
  it('never exceeds the write cap; what does not fit is deferred to the next run, and a dry run says so', async () => {
    world = await startSandbox({ now: NIGHT_MS });
    const due = resolvedAt(world.sandbox, 20, '2026-03-02T10:00:00-03:00');
    // A closing is two writes (comment, transition): 15 writes fit 7 closings, not 8.
    const instance = await start(15);

    const planned = await instance.service.sweep('full', { nowMs: NIGHT_MS, dryRun: true });
    expect(planned.counts).toMatchObject({ closed: 7, deferred: 13 });

    const first = await instance.service.sweep('full', { nowMs: NIGHT_MS });
    expect(first.counts).toMatchObject({ closed: 7, deferred: 13, failed: 0 });
    expect(first.writes).toBe(14);
    expect(first.jiraCalls.byOperation.addComment).toBe(7);
    expect(first.jiraCalls.byOperation.doTransition).toBe(7);
    const closed = due.filter((key) => statusOf(world!.sandbox, key) === STATUS.closed);
    expect(closed.sort()).toEqual([...(first.issues.closed ?? [])].sort());
    // Nothing half done: every issue is closed with its comment, or untouched.
    for (const key of due) {
      const comments = closingComments(world.sandbox, key).length;
      expect({ key, comments }).toEqual({ key, comments: closed.includes(key) ? 1 : 0 });
    }

    const second = await instance.service.sweep('full', { nowMs: NIGHT_MS });
    const third = await instance.service.sweep('full', { nowMs: NIGHT_MS });
    expect([second.counts.closed, third.counts.closed]).toEqual([7, 6]);
    expect(due.every((key) => statusOf(world!.sandbox, key) === STATUS.closed)).toBe(true);
  });

  it('counts each issue the calls made for it, not those of the issues beside it', async () => {
    world = await startSandbox({ now: NIGHT_MS });
    resolvedAt(world.sandbox, SIDE_BY_SIDE, '2026-03-02T10:00:00-03:00');
    resolvedAt(world.sandbox, SIDE_BY_SIDE, '2026-03-18T10:00:00-03:00');
    const instance = await start(500);

    const report = await instance.service.sweep('full', { nowMs: NIGHT_MS });

    expect(report.counts).toMatchObject({ closed: SIDE_BY_SIDE, 'not-due': SIDE_BY_SIDE });
    // One search page holds all 16 issues. An issue not due spends its share of it and nothing
    // else; the due ones share one fresh read, each posts, reads its comment back and moves, and
    // the first to move looks the transitions up.
    const pageShare = 1 / (2 * SIDE_BY_SIDE);
    expect(report.jiraCalls.perNotDueIssue).toBeCloseTo(pageShare, 2);
    const closing = 1 + 3 * SIDE_BY_SIDE + 1;
    expect(report.jiraCalls.perClosedIssue).toBeCloseTo(pageShare + closing / SIDE_BY_SIDE, 2);
  });
});
