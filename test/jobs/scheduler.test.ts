import { afterEach, describe, expect, it } from '@jest/globals';
import { startScheduler, type Scheduler } from '../../src/jobs/index.ts';
import { captureLog, silentLogger } from '../support/log-capture.ts';
import { CONFIG } from '../support/world.ts';

let scheduler: Scheduler | undefined;

afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
});

describe('the scheduler', () => {
  it('runs the nightly sweep at 02:00 and the catch-up every 15 minutes, São Paulo time whatever the host', () => {
    scheduler = startScheduler({
      schedules: CONFIG.schedules,
      log: silentLogger(),
      run: async () => {},
    });
    const full = scheduler.tasks.get('full')!;
    const catchUp = scheduler.tasks.get('catch-up')!;
    // 02:00 in São Paulo (UTC-3) is 05:00 UTC.
    expect(full.match(new Date('2026-02-25T05:00:00Z'))).toBe(true);
    expect(full.match(new Date('2026-02-25T02:00:00Z'))).toBe(false);
    expect(catchUp.match(new Date('2026-02-25T05:15:00Z'))).toBe(true);
    expect(catchUp.match(new Date('2026-02-25T05:07:00Z'))).toBe(false);
  });

  it('logs a failed run and keeps going', async () => {
    const capture = captureLog('error');
    const modes: string[] = [];
    scheduler = startScheduler({
      schedules: CONFIG.schedules,
      log: capture.logger,
      run: async (mode) => {
        modes.push(mode);
        throw new Error('Jira is down');
      },
    });
    await scheduler.tasks.get('full')!.execute();
    await scheduler.tasks.get('full')!.execute();
    expect(modes).toEqual(['full', 'full']);
    expect(capture.find('scheduled sweep failed')).toHaveLength(2);
    expect(scheduler.running).toBe(0);
  });

  it('never runs the catch-up beside the nightly sweep (both match 02:00 by default)', async () => {
    const capture = captureLog('info');
    const modes: string[] = [];
    let finishFull: () => void = () => undefined;
    scheduler = startScheduler({
      schedules: CONFIG.schedules,
      log: capture.logger,
      run: (mode) => {
        modes.push(mode);
        return mode === 'full'
          ? new Promise<void>((done) => (finishFull = done))
          : Promise.resolve();
      },
    });
    const nightly = scheduler.tasks.get('full')!.execute();
    await scheduler.tasks.get('catch-up')!.execute();
    expect(modes).toEqual(['full']);
    expect(capture.find('scheduled sweep skipped')).toEqual([
      expect.objectContaining({ mode: 'catch-up', running: 'full' }),
    ]);
    finishFull();
    await nightly;
    await scheduler.tasks.get('catch-up')!.execute();
    expect(modes).toEqual(['full', 'catch-up']);
  });
});
