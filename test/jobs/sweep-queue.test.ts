import { describe, expect, it } from '@jest/globals';
import type { SweepMode } from '../../src/jobs/index.ts';
import { SweepQueue } from '../../src/jobs/sweep-queue.ts';

/** Runs that end when the test says so, recording when each started and ended. */
function controlledRuns() {
  const events: string[] = [];
  const pending: Array<() => void> = [];
  const run = (mode: SweepMode) =>
    new Promise<void>((resolve) => {
      events.push(`start ${mode}`);
      pending.push(() => {
        events.push(`end ${mode}`);
        resolve();
      });
    });
  const finishNext = async () => {
    pending.shift()!();
    // let the queue's awaits resume
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { events, run, finishNext };
}

describe('the queue of scheduled sweeps', () => {
  it('skips a catch-up tick while the full sweep runs', async () => {
    const { events, run, finishNext } = controlledRuns();
    const queue = new SweepQueue(run);
    const full = queue.tick('full');
    expect(await queue.tick('catch-up')).toBe('skipped');
    await finishNext();
    expect(await full).toBe('ran');
    expect(events).toEqual(['start full', 'end full']);
  });

  it('makes the full sweep wait for a catch-up in progress, and never runs both at once', async () => {
    const { events, run, finishNext } = controlledRuns();
    const queue = new SweepQueue(run);
    const catchUp = queue.tick('catch-up');
    const full = queue.tick('full');
    // a catch-up tick while the full sweep waits is covered by the full sweep
    expect(await queue.tick('catch-up')).toBe('skipped');
    expect(events).toEqual(['start catch-up']);
    await finishNext();
    expect(await catchUp).toBe('ran');
    expect(events).toEqual(['start catch-up', 'end catch-up', 'start full']);
    await finishNext();
    expect(await full).toBe('ran');
  });

  it('skips a second full tick while one waits or runs', async () => {
    const { run, finishNext } = controlledRuns();
    const queue = new SweepQueue(run);
    const first = queue.tick('full');
    expect(await queue.tick('full')).toBe('skipped');
    await finishNext();
    await first;
    expect(queue.running).toBeUndefined();
  });

  it('goes on after a failed run, which its caller sees', async () => {
    const queue = new SweepQueue(async (mode) => {
      if (mode === 'catch-up') throw new Error('Jira is down');
    });
    await expect(queue.tick('catch-up')).rejects.toThrow('Jira is down');
    expect(queue.running).toBeUndefined();
    expect(await queue.tick('full')).toBe('ran');
  });
});
