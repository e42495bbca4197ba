import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { scrubbingIo } from '../../src/cli/cli-io.ts';
import { fakeCliIo, runCommand } from '../support/cli-io.ts';
import { startQuotingJira, type QuotingJira } from '../support/quoting-jira.ts';
import { forbiddenForms, leakedForms, secretEnv, TEST_EMAIL } from '../support/secret-forms.ts';

// Jira's (or a proxy's) error answers quote the request's credentials back: the commands show
// Jira's words, with every credential blanked out in every form, on stderr and stdout alike.

let jira: QuotingJira;
beforeAll(async () => {
  jira = await startQuotingJira();
});
afterAll(async () => {
  await jira.close();
});
beforeEach(() => {
  jira.settings.answers = {};
});

const MYSELF = { accountId: 'bot-account-1', displayName: 'Bot', accountType: 'atlassian' };

describe.each(['json', 'proxy'] as const)(
  'an error answer quoting the credentials (%s)',
  (mode) => {
    beforeEach(() => {
      jira.settings.mode = mode;
    });
    const status = '400 Bad Request';

    it('sweep: stderr shows the refusal without any form of a secret', async () => {
      const { code, stdout, stderr } = await runCommand(
        ['sweep', '--dry-run'],
        secretEnv(jira.url),
      );
      expect(stderr).toContain(
        `sweep: cannot reach Jira: GET /rest/api/3/myself failed: ${status}`,
      );
      expect(stderr).toContain('[redacted]');
      expect(leakedForms(stderr)).toEqual([]);
      expect(leakedForms(stdout)).toEqual([]);
      expect(code).toBe(1);
    });

    it('sweep --json: the failed project reason on stdout and the logs on stderr carry none', async () => {
      jira.settings.answers = { 'GET /rest/api/3/myself': MYSELF };
      const { code, stdout, stderr } = await runCommand(
        ['sweep', '--dry-run', '--json'],
        secretEnv(jira.url),
      );
      const report = JSON.parse(stdout) as { failedProjects: Array<{ reason: string }> };
      expect(report.failedProjects[0]?.reason).toContain(status);
      expect(report.failedProjects[0]?.reason).toContain('[redacted]');
      expect(stderr).toContain(status); // the log line of the failed project
      expect(leakedForms(stdout)).toEqual([]);
      expect(leakedForms(stderr)).toEqual([]);
      expect(code).toBe(1);
    });

    it('webhooks list: stderr shows the refusal without any form of a secret', async () => {
      const { code, stderr } = await runCommand(['webhooks', 'list'], secretEnv(jira.url));
      expect(stderr).toContain(`webhooks list: GET /rest/webhooks/1.0/webhook failed: ${status}`);
      expect(stderr).toContain('[redacted]');
      expect(leakedForms(stderr)).toEqual([]);
      expect(code).toBe(1);
    });

    it('webhooks register: a refusal quoting the posted webhook secret carries none', async () => {
      jira.settings.answers = { 'GET /rest/webhooks/1.0/webhook': [] };
      const { code, stdout, stderr } = await runCommand(
        ['webhooks', 'register', '--json'],
        secretEnv(jira.url),
      );
      expect(stderr).toContain(
        `webhooks register: POST /rest/webhooks/1.0/webhook failed: ${status}`,
      );
      expect(leakedForms(stderr)).toEqual([]);
      expect(leakedForms(stdout)).toEqual([]);
      expect(code).toBe(1);
    });
  },
);

describe('a JIRA_BASE_URL with credentials in it', () => {
  it.each([
    `https://${encodeURIComponent(TEST_EMAIL)}:pass-Zk81-in-url@example.atlassian.net`,
    'https://pass-Zk81-in-url@example.atlassian.net',
  ])('is refused at start, naming the variable and not repeating it (%#)', async (url) => {
    const { code, stdout, stderr } = await runCommand(['sweep', '--dry-run'], secretEnv(url));
    expect(stderr).toContain('JIRA_BASE_URL: must not carry credentials');
    expect(stderr).not.toContain('pass-Zk81-in-url');
    expect(stderr).not.toContain('secrets-test.example');
    expect(stdout).toBe('');
    expect(code).toBe(1);
  });
});

describe("a command's io", () => {
  it("blanks every form of the environment's secrets from stdout and stderr", () => {
    const fake = fakeCliIo(secretEnv('https://example.atlassian.net'));
    const io = scrubbingIo(fake.io);
    const everything = Object.values(forbiddenForms()).join(' | ');
    io.stdout(`${everything}\n`);
    io.stderr(`${everything}\n`);
    expect(fake.stdout()).toContain('[redacted] | [redacted]');
    expect(leakedForms(fake.stdout())).toEqual([]);
    expect(leakedForms(fake.stderr())).toEqual([]);
  });
});
