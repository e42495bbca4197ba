import { EventEmitter } from 'node:events';
import { describe, expect, it } from '@jest/globals';
import { runCli } from '../../src/cli/main.ts';
import { serveCommand } from '../../src/cli/commands/serve.ts';
import { fakeCliIo, runCommand } from '../support/cli-io.ts';
import { arrangeIssue, CUSTOMER, STATUS } from '../e2e/world.ts';
import { eventually } from '../support/poll.ts';
import { startWorld } from '../support/world.ts';

function io(env: Record<string, string>) {
  const fake = fakeCliIo(env);
  return {
    out: {
      get stdout() {
        return fake.stdout();
      },
      get stderr() {
        return fake.stderr();
      },
    },
    io: fake.io,
  };
}

/** serve with the embedded sandbox on free ports, driven by a fake signal source. */
async function startServe() {
  const signals = new EventEmitter();
  const exits: number[] = [];
  const { out, io: cli } = io({
    PORT: '0',
    SANDBOX_PORT: '0',
    LOG_LEVEL: 'silent',
    SCHEDULER_ENABLED: 'false',
  });
  const serving = serveCommand([], cli, { signals, exit: (code) => exits.push(code) });
  await eventually(() => out.stdout.includes('Try it'), {
    what: 'serve to print how to try it',
    timeoutMs: 5_000,
  });
  return { signals, exits, out, serving };
}

describe('serve', () => {
  it('refuses to start in production without a Jira, naming the missing variables', async () => {
    const { out, io: cli } = io({ NODE_ENV: 'production' });
    const code = await runCli(['serve'], cli);
    expect(code).toBe(1);
    expect(out.stderr).toContain('JIRA_BASE_URL: required');
    expect(out.stderr).toContain('JIRA_EMAIL: required');
    expect(out.stderr).toContain('JIRA_API_TOKEN: required');
    expect(out.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('with no Jira configured runs the embedded sandbox, says so first, and stops cleanly on SIGTERM', async () => {
    const { signals, exits, out, serving } = await startServe();
    expect(out.stdout.trimStart()).toMatch(
      /^jira-support-middleware is running against the EMBEDDED SANDBOX Jira/,
    );
    expect(out.stdout).toMatch(
      /curl -s -u clinica@cliente\.example:sandbox .*\/rest\/api\/3\/issue\/SUP-1\/comment/,
    );
    expect(out.stdout).toContain('npm run --silent cli -- sweep --dry-run');
    signals.emit('SIGTERM');
    await expect(serving).resolves.toBe(0);
    expect(exits).toEqual([]);
  });

  it('prints a dry-run sweep command that works on the sandbox port it runs on (not 4010)', async () => {
    const { signals, out, serving } = await startServe();
    try {
      const sandboxUrl = /sandbox {2}http:\/\/127\.0\.0\.1:(\d+)/.exec(out.stdout);
      const command = /^ {2}SANDBOX_PORT=(\d+) npm run --silent cli -- sweep --dry-run$/m.exec(
        out.stdout,
      );
      expect(command?.[1]).toBe(sandboxUrl?.[1]);
      // Run what the banner says, the way a user pastes it.
      const { code, stdout } = await runCommand(['sweep', '--dry-run'], {
        SANDBOX_PORT: command![1],
        LOG_LEVEL: 'silent',
      });
      expect(stdout).toMatch(/SUP-2 would be closed/);
      expect(code).toBe(0);
    } finally {
      signals.emit('SIGTERM');
      await serving;
    }
  });

  it("prints the doctor's summary, and a doctor command that passes on what it runs", async () => {
    const { signals, out, serving } = await startServe();
    try {
      expect(out.stdout).toMatch(/^ {2}doctor {3}OK: \d+ ok, 0 failing, 1 warning\(s\)/m);
      const pasted =
        /\(the checklist: PUBLIC_URL=(\S+) SANDBOX_PORT=(\d+) npm run --silent cli -- doctor\)/.exec(
          out.stdout,
        );
      expect(pasted).not.toBeNull();
      const { code, stdout } = await runCommand(['doctor'], {
        PUBLIC_URL: pasted![1]!,
        SANDBOX_PORT: pasted![2]!,
        LOG_LEVEL: 'silent',
      });
      expect(stdout).toMatch(/\[ok\] {3}webhook: /);
      expect(code).toBe(0);
    } finally {
      signals.emit('SIGTERM');
      await serving;
    }
  });

  it('a second signal exits at once', async () => {
    const { signals, exits, serving } = await startServe();
    signals.emit('SIGTERM');
    signals.emit('SIGINT');
    expect(exits).toEqual([1]);
    await serving;
  });
});

describe('shutdown', () => {
  it('finishes a delivery in flight before it completes', async () => {
    const world = await startWorld();
    const key = arrangeIssue(world.sandbox, [
      { status: STATUS.analysts, at: '2026-03-02T09:00:00-03:00' },
      { status: STATUS.pending, at: '2026-03-02T10:00:00-03:00' },
    ]);
    // A slow Jira keeps the delivery in flight long enough to shut down in the middle of it.
    world.sandbox.faults.set({ latencyMs: 150 });
    world.sandbox.store.addComment(key, { body: 'Segue' }, { by: CUSTOMER });
    await eventually(() => world.service.webhooks.receiver.inFlight > 0, {
      what: 'the delivery to be in flight',
    });
    expect(world.service.webhooks.receiver.inFlight).toBe(1);
    await world.service.shutdown();
    expect(world.service.webhooks.receiver.inFlight).toBe(0);
    expect(world.sandbox.site.status(world.sandbox.store.issue(key)!.statusId).name).toBe(
      STATUS.analysts,
    );
    await world.close();
  });
});
