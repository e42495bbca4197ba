import { EventEmitter } from 'node:events';
import { describe, expect, it } from '@jest/globals';
import { serveCommand } from '../../src/cli/commands/serve.ts';
import { fakeCliIo } from '../support/cli-io.ts';
import { captureLog } from '../support/log-capture.ts';
import { eventually } from '../support/poll.ts';

const OFF_WARNING = 'admin page off: set ADMIN_TOKEN (16+ characters) to serve /admin';

/** A real Jira's settings (nothing listens on port 9: serve starts all the same). */
const REAL_JIRA = {
  JIRA_BASE_URL: 'http://127.0.0.1:9',
  JIRA_EMAIL: 'bot@example.com',
  JIRA_API_TOKEN: 'api-token-1234',
  WEBHOOK_SECRETS: 'webhook-secret-1234',
};

/** serve in this process on free ports until `stop`; its log lines and stdout captured. */
async function startServe(env: Record<string, string>) {
  const log = captureLog();
  const signals = new EventEmitter();
  const cli = fakeCliIo({
    PORT: '0',
    SANDBOX_PORT: '0',
    SCHEDULER_ENABLED: 'false',
    LOG_LEVEL: 'info',
    ...env,
  });
  const serving = serveCommand([], cli.io, { signals, logStream: log.stream });
  const url = await eventually(
    () => log.find('jira-support-middleware listening')[0]?.url as string | undefined,
    { what: 'serve to listen', timeoutMs: 10_000 },
  );
  return {
    log,
    stdout: cli.stdout,
    url: url.replace('0.0.0.0', '127.0.0.1'),
    stop: () => {
      signals.emit('SIGTERM');
      return serving;
    },
  };
}

describe.each([
  ['against a real Jira', {}],
  ['in production', { NODE_ENV: 'production' }],
])('serve %s without ADMIN_TOKEN', (_where, extra) => {
  it('serves no /admin, and says once at start why and how to turn it on', async () => {
    const serve = await startServe({ ...REAL_JIRA, ...extra });
    try {
      const warnings = serve.log.find(OFF_WARNING);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.level).toBe('warn');
      expect((await fetch(`${serve.url}/admin`)).status).toBe(404);
    } finally {
      await serve.stop();
    }
  });

  it('with ADMIN_TOKEN set, does not warn (and never logs the token)', async () => {
    const serve = await startServe({
      ...REAL_JIRA,
      ...extra,
      ADMIN_TOKEN: 'admin-token-5678-abcd',
    });
    try {
      expect(serve.log.find(OFF_WARNING)).toEqual([]);
      expect(serve.log.text()).not.toContain('admin-token-5678-abcd');
    } finally {
      await serve.stop();
    }
  });
});

describe('serve in the embedded default', () => {
  it("prints the admin page's URL and this run's token, which no log line shows", async () => {
    const serve = await startServe({});
    try {
      await eventually(() => serve.stdout().includes('Try it'), { what: 'the banner' });
      const line = /^ {2}admin {4}(\S+)\/admin {3}\(token: ([A-Za-z0-9_-]+); pt-BR page: /m.exec(
        serve.stdout(),
      );
      expect(line?.[1]).toBe(serve.url);
      expect(line?.[2]).toMatch(/^[A-Za-z0-9_-]{24,}$/);
      expect(serve.log.find(OFF_WARNING)).toEqual([]);
      expect(serve.log.text()).not.toContain(line![2]);
      expect(serve.stdout()).toMatch(/^ {11}demo: closure on \d\d\/\d\d added to SUP's calendar/m);
    } finally {
      await serve.stop();
    }
  });

  it('with ADMIN_TOKEN set, names the variable instead of printing it', async () => {
    const serve = await startServe({ ADMIN_TOKEN: 'admin-token-5678-abcd' });
    try {
      await eventually(() => serve.stdout().includes('Try it'), { what: 'the banner' });
      expect(serve.stdout()).toMatch(
        /^ {2}admin {4}\S+\/admin {3}\(token: the one in ADMIN_TOKEN;/m,
      );
      expect(serve.stdout()).not.toContain('admin-token-5678-abcd');
    } finally {
      await serve.stop();
    }
  });
});
