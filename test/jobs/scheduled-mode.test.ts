import { describe, expect, it } from '@jest/globals';
import cron from 'node-cron';
import { scheduledMode } from '../../src/jobs/scheduled-mode.ts';
import { CONFIG } from '../support/world.ts';

const at = (iso: string) => Date.parse(iso);

describe('the mode of a run of the one sweep CronJob', () => {
  it('is the full sweep on the nightly tick (02:00 São Paulo), even when the pod starts late', () => {
    expect(scheduledMode(CONFIG.schedules, at('2026-02-25T02:00:05-03:00'))).toBe('full');
    expect(scheduledMode(CONFIG.schedules, at('2026-02-25T02:04:30-03:00'))).toBe('full');
  });

  it('is the catch-up on every other tick, the next one included', () => {
    expect(scheduledMode(CONFIG.schedules, at('2026-02-25T02:15:00-03:00'))).toBe('catch-up');
    expect(scheduledMode(CONFIG.schedules, at('2026-02-25T01:45:00-03:00'))).toBe('catch-up');
    // 02:00 UTC is 23:00 in São Paulo: the host's zone never decides.
    expect(scheduledMode(CONFIG.schedules, at('2026-02-25T02:00:00Z'))).toBe('catch-up');
  });

  it('leaves no task behind in node-cron', () => {
    const before = cron.getTasks().size;
    scheduledMode(CONFIG.schedules, at('2026-02-25T02:00:00-03:00'));
    expect(cron.getTasks().size).toBe(before);
  });
});
