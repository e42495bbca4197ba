import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { runCommand } from '../support/cli-io.ts';

const run = (...argv: string[]) => runCommand(argv);

describe('deadline', () => {
  it('prints the deadline document (README, Commands) for the Carnival 2026 example', async () => {
    const { code, stdout, stderr } = await run(
      'deadline',
      '--from',
      '2026-02-13T17:00:00-03:00',
      '--days',
      '5',
      '--holidays',
      'BR',
      '--types',
      'public,bank',
      '--json',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({
      from: '2026-02-13T17:00:00-03:00',
      days: 5,
      lastBusinessDay: '2026-02-24',
      closesAt: '2026-02-25T00:00:00-03:00',
      skipped: [
        { date: '2026-02-16', name: 'Carnaval' },
        { date: '2026-02-17', name: 'Carnaval' },
      ],
    });
  });

  it("takes the calendar and the window from a project's config", async () => {
    const { code, stdout } = await run(
      'deadline',
      '--from',
      '2026-11-19T10:00:00-03:00',
      '--project',
      'SUP',
      '--json',
    );
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    // SUP uses BR-SP-SP with public+bank: Nov 20 (Friday) is off.
    expect(result).toMatchObject({ days: 5, holidays: 'BR-SP-SP', lastBusinessDay: '2026-11-27' });
  });

  it('prints a readable summary without --json', async () => {
    const { code, stdout } = await run(
      'deadline',
      '--from',
      '2026-02-13',
      '--days',
      '5',
      '--types',
      'public,bank',
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/last business day 2026-02-24/);
    expect(stdout).toMatch(/2026-02-16 Carnaval/);
  });

  it.each([
    [['--from', 'yesterday', '--days', '5'], /--from: "yesterday" is not an ISO date-time/],
    [['--from', '2026-02-30T10:00:00Z', '--days', '5'], /is not an ISO date-time/],
    [
      ['--from', '2026-02-13T17:00:00-03:00', '--days', '0'],
      /--days must be a whole number of at least 1/,
    ],
    [['--from', '2026-02-13T17:00:00-03:00', '--days', 'five'], /--days must be a whole number/],
    [['--from', '2026-02-13T17:00:00-03:00'], /--days is required/],
    [['--days', '5'], /--from is required/],
    [['--from', '2026-02-13', '--days', '5', '--types', 'public,school'], /unknown type school/],
    [['--from', '2026-02-13', '--days', '5', '--holidays', 'BR-XX'], /no state XX/],
    [['--from', '2026-02-13', '--days', '5', '--colour'], /Unknown option '--colour'/],
    [['--from', '2026-02-13', '--project', 'NOPE'], /project NOPE is not configured/],
  ])('exits 2 with a message for bad options %j', async (args, message) => {
    const { code, stdout, stderr } = await run('deadline', ...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });
});

describe('config check', () => {
  it('accepts the default projects file', async () => {
    const { code, stdout } = await run('config', 'check', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      valid: true,
      problems: [],
      projects: [{ key: 'SUP' }],
    });
  });

  it('lists the problems of a bad file and exits 1', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'config-check-')), 'projects.yaml');
    writeFileSync(file, 'projects:\n  SUP:\n    statuses: {}\n    validaton: {}\n');
    const { code, stdout } = await run('config', 'check', '--file', file, '--json');
    expect(code).toBe(1);
    const answer = JSON.parse(stdout);
    expect(answer).toMatchObject({ file, valid: false, projects: [] });
    expect(answer.problems).toContain('projects.SUP: unknown key validaton');
    expect(answer.problems).toContainEqual(
      expect.stringMatching(/^projects\.SUP\.statuses\.closed: required/),
    );
  });

  it('says why settings that cannot work are refused', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'config-check-')), 'projects.yaml');
    const statuses =
      '    statuses: { pending: P, analystQueue: A, validation: V, reopen: A, closed: F }\n';
    writeFileSync(
      file,
      `projects:\n  SUP:\n${statuses}    validation: { businessDays: 2 }\n` +
        '    reminder: { enabled: true, businessDaysBefore: 2 }\nschedules: { maxWritesPerRun: 1 }\n',
    );
    const { code, stderr } = await run('config', 'check', '--file', file);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /schedules\.maxWritesPerRun: must be at least 2: closing an issue takes two writes/,
    );
    expect(stderr).toMatch(
      /projects\.SUP\.reminder\.businessDaysBefore: must be less than validation\.businessDays \(2\)/,
    );
  });

  it('exits 2 on a missing subcommand', async () => {
    const { code, stderr } = await run('config');
    expect(code).toBe(2);
    expect(stderr).toMatch(/usage: config check/);
  });
});

describe('the command line', () => {
  it('exits 2 on an unknown command and lists the commands', async () => {
    const { code, stderr } = await run('frobnicate');
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown command "frobnicate"/);
    expect(stderr).toMatch(/deadline/);
  });
});
