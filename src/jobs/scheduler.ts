import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { Schedules } from '../config/index.ts';
import type { SweepMode } from './sweep-mode.ts';
import { SweepQueue } from './sweep-queue.ts';

export interface SchedulerOptions {
  schedules: Schedules;
  log: Logger;
  /** one run of the given mode; resolves when it is over */
  run: (mode: SweepMode) => Promise<void>;
}

export interface Scheduler {
  stop(): Promise<void>;
  /** the runs in flight, so a shutdown can wait for them */
  readonly running: number;
  /** the node-cron tasks, by mode (read-only use: next runs, matching) */
  readonly tasks: ReadonlyMap<SweepMode, ScheduledTask>;
}

/**
 * The nightly sweep and the frequent catch-up on node-cron, in the configured time zone (São Paulo
 * by default, never the host's). Both go through one SweepQueue, so they never run at once: the
 * catch-up skips its tick while the full sweep runs, and the full sweep waits for a catch-up in
 * progress. A missed run needs no catching up of its own, since every run looks at everything
 * still due.
 */
export function startScheduler(options: SchedulerOptions): Scheduler {
  let running = 0;
  const tasks = new Map<SweepMode, ScheduledTask>();
  const queue = new SweepQueue(options.run);
  const schedule = (mode: SweepMode, expression: string) => {
    tasks.set(
      mode,
      cron.schedule(
        expression,
        async () => {
          running++;
          try {
            if ((await queue.tick(mode)) === 'skipped')
              options.log.info({ mode, running: queue.running }, 'scheduled sweep skipped');
          } catch (error) {
            options.log.error(
              { mode, err: error instanceof Error ? error.message : String(error) },
              'scheduled sweep failed',
            );
          } finally {
            running--;
          }
        },
        { timezone: options.schedules.timeZone, noOverlap: true, name: `sweep-${mode}` },
      ),
    );
  };
  schedule('full', options.schedules.sweep);
  schedule('catch-up', options.schedules.catchUp);
  options.log.info(
    {
      sweep: options.schedules.sweep,
      catchUp: options.schedules.catchUp,
      timeZone: options.schedules.timeZone,
    },
    'scheduler started',
  );
  return {
    get running() {
      return running;
    },
    tasks,
    async stop() {
      await Promise.all([...tasks.values()].map((task) => task.destroy()));
    },
  };
}
