import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SweepReport } from '../../src/jobs/index.ts';
import { runCommand } from '../support/cli-io.ts';
import { startWorld, type SandboxWorld } from '../support/world.ts';

let world: SandboxWorld;

beforeAll(async () => {
  world = await startWorld({ service: false });
});

afterAll(async () => {
  await world.close();
});

async function planAt(now: string): Promise<SweepReport> {
  const { code, stdout, stderr } = await runCommand(
    ['sweep', '--scheduled', '--dry-run', '--now', now, '--json'],
    {
      JIRA_BASE_URL: world.jiraUrl,
      JIRA_EMAIL: 'bot@pixeon.example',
      JIRA_API_TOKEN: 'sandbox',
      WEBHOOK_SECRETS: 'a-secret-of-this-test',
    },
  );
  if (code !== 0) throw new Error(`sweep exited ${code}: ${stderr}`);
  return JSON.parse(stdout) as SweepReport;
}

describe('sweep --scheduled (what the one CronJob runs every 15 minutes)', () => {
  it('is the full sweep on the nightly tick and the catch-up on the others', async () => {
    expect((await planAt('2026-02-25T02:00:07-03:00')).mode).toBe('full');
    expect((await planAt('2026-02-25T02:15:07-03:00')).mode).toBe('catch-up');
  });

  it('refuses --catch-up beside it', async () => {
    const { code, stderr } = await runCommand(['sweep', '--scheduled', '--catch-up']);
    expect(code).toBe(2);
    expect(stderr).toContain('--scheduled picks the mode itself');
  });
});
