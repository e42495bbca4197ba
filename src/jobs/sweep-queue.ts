import type { SweepMode } from './sweep-mode.ts';

/** What a tick came to: it ran, or it was skipped because another run covers it. */
export type TickResult = 'ran' | 'skipped';

/**
 * One queue for the scheduled runs of a process, so that two sweeps never run at once: two runs
 * side by side would post a customer-visible comment twice (the nightly and the catch-up both
 * match 02:00 by default). A full sweep waits for a catch-up in progress and then runs; a catch-up
 * tick is skipped while a full sweep runs or waits, since the full sweep repairs everything the
 * catch-up would; a tick of a mode already waiting is skipped.
 */
export class SweepQueue {
  private readonly run: (mode: SweepMode) => Promise<void>;
  private current: { mode: SweepMode; done: Promise<void> } | undefined;
  private fullWaiting = false;

  constructor(run: (mode: SweepMode) => Promise<void>) {
    this.run = run;
  }

  /** The mode running now, if any. */
  get running(): SweepMode | undefined {
    return this.current?.mode;
  }

  async tick(mode: SweepMode): Promise<TickResult> {
    if (mode === 'catch-up' && (this.current || this.fullWaiting)) return 'skipped';
    if (mode === 'full') {
      if (this.fullWaiting || this.current?.mode === 'full') return 'skipped';
      this.fullWaiting = true;
      try {
        while (this.current) await this.current.done.catch(() => undefined);
      } finally {
        this.fullWaiting = false;
      }
    }
    const done = this.run(mode);
    this.current = { mode, done };
    try {
      await done;
    } finally {
      this.current = undefined;
    }
    return 'ran';
  }
}
