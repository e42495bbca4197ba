import { describe, expect, it } from '@jest/globals';
import { runCommand } from '../support/cli-io.ts';

const STACK_LINE = /\n\s+at /;

describe('a project key that names a property of every object', () => {
  it.each(['constructor', 'toString', '__proto__'])(
    'deadline --project %s exits 2 with a message, like an unknown key',
    async (key) => {
      const { code, stdout, stderr } = await runCommand([
        'deadline',
        '--from',
        '2026-02-13',
        '--project',
        key,
      ]);
      expect(stderr).toContain(`project ${key} is not configured in config/projects.yaml`);
      expect(stderr).not.toMatch(STACK_LINE);
      expect(stdout).toBe('');
      expect(code).toBe(2);
    },
  );

  it.each(['constructor', 'toString', '__proto__'])(
    'sweep --project %s is refused before Jira is called',
    async (key) => {
      const { code, stderr } = await runCommand(['sweep', '--dry-run', '--project', key]);
      expect(stderr).toContain(`project ${key} is not configured`);
      expect(code).toBe(2);
    },
  );
});

describe('deadline', () => {
  it('--days past the years the calendar covers exits 2 with a message', async () => {
    const { code, stderr } = await runCommand([
      'deadline',
      '--from',
      '2026-02-13',
      '--days',
      '99999',
    ]);
    expect(stderr).toMatch(/^deadline: --days 99999 from 2026-02-13 .*1900-2199/);
    expect(stderr).not.toMatch(STACK_LINE);
    expect(code).toBe(2);
  });
});

describe('sweep --now', () => {
  it('is refused without --dry-run: a real sweep "in the future" would close issues early', async () => {
    const { code, stderr } = await runCommand(['sweep', '--now', '2099-01-01T02:00:00-03:00']);
    expect(stderr).toMatch(/--now needs --dry-run/);
    expect(code).toBe(2);
  });
});

describe('--help after a command', () => {
  it.each([
    [['sweep', '--help'], 'usage: sweep'],
    [['deadline', '--help'], 'usage: deadline'],
    [['config', 'check', '--help'], 'usage: config check'],
    [['config', '--help'], 'usage: config check'],
    [['webhooks', '--help'], 'usage: webhooks register'],
    [['webhooks', 'register', '-h'], 'usage: webhooks register'],
    [['serve', '--help'], 'usage: serve'],
    [['sandbox', '--help'], 'usage: sandbox'],
  ])("%j prints that command's usage on stdout and exits 0", async (argv, usage) => {
    const { code, stdout, stderr } = await runCommand(argv);
    expect(stderr).toBe('');
    expect(stdout.startsWith(usage)).toBe(true);
    expect(code).toBe(0);
  });

  it('a "--help" after "--" is an argument, not a request for help', async () => {
    const { code, stderr } = await runCommand(['deadline', '--', '--help']);
    expect(stderr).toMatch(/unexpected argument "--help"/);
    expect(code).toBe(2);
  });
});

describe('a missing config file is bad input: exit 2, naming the file', () => {
  it.each([
    [['config', 'check', '--file', '/nonexistent.yaml'], {}],
    [['config', 'check', '--file', '/nonexistent.yaml', '--json'], {}],
    [['deadline', '--from', '2026-02-13', '--project', 'SUP', '--file', '/nonexistent.yaml'], {}],
    [['sweep', '--dry-run'], { CONFIG_FILE: '/nonexistent.yaml' }],
    [['serve'], { CONFIG_FILE: '/nonexistent.yaml', LOG_LEVEL: 'silent' }],
    [['webhooks', 'list'], { CONFIG_FILE: '/nonexistent.yaml' }],
  ])('%j %j', async (argv, env) => {
    const { code, stdout, stderr } = await runCommand(argv, env);
    expect(stderr).toMatch(/\/nonexistent\.yaml: file not found/);
    expect(stdout).toBe('');
    expect(code).toBe(2);
  });
});

describe('webhooks', () => {
  it.each([
    [[], /webhooks: say what to do: register, list or delete/],
    [['frobnicate'], /webhooks: unknown subcommand "frobnicate": register, list or delete/],
    [['list', 'extra'], /webhooks: unexpected argument "extra"/],
  ])('%j exits 2 with a message and the usage', async (args, message) => {
    const { code, stderr } = await runCommand(['webhooks', ...args]);
    expect(stderr).toMatch(message);
    expect(stderr).toContain('usage: webhooks register');
    expect(code).toBe(2);
  });
});
