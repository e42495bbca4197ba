import cron from 'node-cron';
import type { Schedules } from '../config/index.ts';
import type { SweepMode } from './sweep-mode.ts';

/** How long after the nightly schedule's minute a tick still counts as the nightly run. */
export const NIGHTLY_WINDOW_MINUTES = 10;

/**
 * The mode of a run started by the one CronJob that ticks on the catch-up's schedule (`sweep
 * --scheduled`): the full sweep when the nightly schedule fell within the last few minutes, the
 * catch-up otherwise. One CronJob with `concurrencyPolicy: Forbid` can never run two sweeps at
 * once; two CronJobs (nightly and catch-up, both matching 02:00) could, and would post the
 * customer-visible comments twice.
 */
export function scheduledMode(schedules: Schedules, nowMs: number): SweepMode {
  const nightly = cron.createTask(schedules.sweep, () => undefined, {
    timezone: schedules.timeZone,
  });
  try {
    const minute = Math.floor(nowMs / 60_000) * 60_000;
    for (let back = 0; back <= NIGHTLY_WINDOW_MINUTES; back++) {
      if (nightly.match(new Date(minute - back * 60_000))) return 'full';
    }
    return 'catch-up';
  } finally {
    void nightly.destroy();
  }
}
