import { copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { loadEnv } from '../../src/config/index.ts';
import { bootstrap, secretsOf } from '../../src/service/bootstrap.ts';
import { DEMO_CLOSURE_NAME } from '../../src/service/demo-calendar.ts';
import { captureLog } from '../support/log-capture.ts';

const REAL_JIRA = {
  JIRA_BASE_URL: 'https://example.atlassian.net',
  JIRA_EMAIL: 'bot@example.com',
  JIRA_API_TOKEN: 'api-token-1234',
  WEBHOOK_SECRETS: 'current-secret-1, old-secret-2',
  WEBHOOK_SHARED_TOKEN: 'shared-token-3',
};

describe('the secrets every entry point scrubs', () => {
  it('are the API token, the shared token and every webhook secret', () => {
    const env = loadEnv(REAL_JIRA);
    expect(secretsOf(env, env.WEBHOOK_SECRETS).sort()).toEqual(
      ['api-token-1234', 'current-secret-1', 'old-secret-2', 'shared-token-3'].sort(),
    );
  });

  it("include the secret made up for the embedded sandbox, not the sandbox's published token", () => {
    const env = loadEnv({});
    expect(secretsOf(env, ['made-up-secret'])).toEqual(['made-up-secret']);
  });

  it("are blanked from the bootstrap's log lines and from text it scrubs", async () => {
    const { lines, stream } = captureLog();
    const boot = await bootstrap({ env: REAL_JIRA, log: { destination: 'stderr', stream } });
    const all = 'api-token-1234 current-secret-1 old-secret-2 shared-token-3';
    boot.log.error({ detail: all }, `failed: ${all}`);
    const output = lines.join('');
    expect(output).toContain('failed: [redacted] [redacted]');
    for (const secret of all.split(' ')) expect(output).not.toContain(secret);
    expect(boot.scrubber.scrub(`quoted ${all}`)).toBe(
      'quoted [redacted] [redacted] [redacted] [redacted]',
    );
  });

  it('are warned about, without their value, when too short to be blanked', async () => {
    const { lines, stream } = captureLog();
    await bootstrap({
      env: { ...REAL_JIRA, WEBHOOK_SECRETS: 'shrt7', LOG_LEVEL: 'warn' },
      log: { destination: 'stderr', stream },
    });
    expect(lines.join('')).toContain('too short to be blanked from output');
    expect(lines.join('')).not.toContain('shrt7');
  });
});

describe('bootstrap', () => {
  it('points at the configured Jira and loads the projects file', async () => {
    const boot = await bootstrap({
      env: { ...REAL_JIRA, LOG_LEVEL: 'silent' },
      log: { destination: 'stderr' },
      startEmbeddedSandbox: true,
    });
    expect(boot.connection).toMatchObject({ baseUrl: REAL_JIRA.JIRA_BASE_URL, sandbox: false });
    expect(boot.sandbox).toBeUndefined();
    expect(Object.keys(boot.config.projects)).toEqual(['SUP']);
    expect(boot.webhookSecrets).toEqual(['current-secret-1', 'old-secret-2']);
  });

  it('with no Jira and startEmbeddedSandbox, starts the sandbox and talks to it', async () => {
    const boot = await bootstrap({
      env: { SANDBOX_PORT: '0', LOG_LEVEL: 'silent' },
      log: { destination: 'stderr' },
      startEmbeddedSandbox: true,
    });
    try {
      expect(boot.connection.baseUrl).toBe(boot.sandbox!.url);
      expect(boot.webhookSecrets).toHaveLength(1);
      // The made-up webhook secret and admin token, not the sandbox's published API token.
      expect(boot.secrets.sort()).toEqual([boot.webhookSecrets[0], boot.adminToken].sort());
      expect(await boot.jira.botAccountId()).toMatch(/\S/);
    } finally {
      await boot.sandbox?.close();
    }
  });

  it('without startEmbeddedSandbox, a command talks to the sandbox npm start runs', async () => {
    const boot = await bootstrap({
      env: { SANDBOX_PORT: '4321', LOG_LEVEL: 'silent' },
      log: { destination: 'stderr' },
    });
    expect(boot.sandbox).toBeUndefined();
    expect(boot.connection).toMatchObject({ baseUrl: 'http://127.0.0.1:4321', sandbox: true });
    expect(boot.webhookSecrets).toEqual([]);
  });
});

describe("the admin page's token", () => {
  const embedded = (env: Record<string, string>) =>
    bootstrap({
      env: { SANDBOX_PORT: '0', LOG_LEVEL: 'silent', ...env },
      log: { destination: 'stderr' },
      startEmbeddedSandbox: true,
    });

  it('is made up for each run of the embedded default, and scrubbed like every secret', async () => {
    const first = await embedded({});
    const second = await embedded({});
    try {
      expect(first.adminToken).toMatch(/^[A-Za-z0-9_-]{24,}$/);
      expect(second.adminToken).not.toBe(first.adminToken);
      expect(first.scrubber.scrub(`token ${first.adminToken}`)).toBe('token [redacted]');
    } finally {
      await first.sandbox?.close();
      await second.sandbox?.close();
    }
  });

  it('is ADMIN_TOKEN when set, in the embedded default too', async () => {
    const boot = await embedded({ ADMIN_TOKEN: 'admin-token-from-env-42' });
    try {
      expect(boot.adminToken).toBe('admin-token-from-env-42');
      expect(boot.secrets).toContain('admin-token-from-env-42');
    } finally {
      await boot.sandbox?.close();
    }
  });

  it('is not made up against a real Jira: the page is off', async () => {
    const boot = await bootstrap({
      env: { ...REAL_JIRA, LOG_LEVEL: 'silent' },
      log: { destination: 'stderr' },
      startEmbeddedSandbox: true,
    });
    expect(boot.adminToken).toBeUndefined();
  });
});

describe("the demo's day off", () => {
  it('is added to SUP in the embedded default with the default config, in memory', async () => {
    const boot = await bootstrap({
      env: { SANDBOX_PORT: '0', LOG_LEVEL: 'silent' },
      log: { destination: 'stderr' },
      startEmbeddedSandbox: true,
    });
    try {
      expect(boot.demoClosure).toMatchObject({ project: 'SUP', name: DEMO_CLOSURE_NAME });
      expect(boot.config.projects.SUP!.calendar.closures).toContainEqual({
        date: boot.demoClosure!.date,
        name: DEMO_CLOSURE_NAME,
      });
    } finally {
      await boot.sandbox?.close();
    }
  });

  it('is not added to a CONFIG_FILE of ones own, nor against a real Jira', async () => {
    const file = join(tmpdir(), `projects-${process.pid}.yaml`);
    copyFileSync('config/projects.yaml', file);
    const own = await bootstrap({
      env: { SANDBOX_PORT: '0', LOG_LEVEL: 'silent', CONFIG_FILE: file },
      log: { destination: 'stderr' },
      startEmbeddedSandbox: true,
    });
    await own.sandbox?.close();
    expect(own.demoClosure).toBeUndefined();
    expect(own.config.projects.SUP!.calendar.closures).toEqual([]);
    const real = await bootstrap({
      env: { ...REAL_JIRA, LOG_LEVEL: 'silent' },
      log: { destination: 'stderr' },
      startEmbeddedSandbox: true,
    });
    expect(real.demoClosure).toBeUndefined();
  });
});
