import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { loadSeedFile } from '../../src/sandbox/seed/load-seed.ts';
import { runCommand } from '../support/cli-io.ts';

let sandbox: Sandbox;
let jiraUrl: string;
const dir = mkdtempSync(join(tmpdir(), 'doctor-'));
const DEFAULT_CONFIG = readFileSync('config/projects.yaml', 'utf8');

beforeAll(async () => {
  sandbox = createSandbox();
  jiraUrl = (await sandbox.start(0, '127.0.0.1')).url;
});
afterAll(async () => {
  await sandbox.close();
});

const env = (extra: Record<string, string> = {}) => ({
  JIRA_BASE_URL: jiraUrl,
  JIRA_EMAIL: 'bot@pixeon.example',
  JIRA_API_TOKEN: 'sandbox',
  WEBHOOK_SECRETS: 'a-webhook-secret-123',
  PUBLIC_URL: 'https://support-bot.example.com',
  LOG_LEVEL: 'silent',
  ...extra,
});

function configWith(name: string, edit: (text: string) => string): string {
  const file = join(dir, name);
  const text = edit(DEFAULT_CONFIG);
  expect(text).not.toBe(DEFAULT_CONFIG);
  writeFileSync(file, text);
  return file;
}

interface JsonCheck {
  name: string;
  ok: boolean;
  severity: string;
  detail: string;
  fix: string;
}

describe('doctor against the sandbox', () => {
  beforeAll(async () => {
    expect((await runCommand(['webhooks', 'register'], env())).code).toBe(0);
  });

  it('passes on the default seed and config, only the automation reminder a warning', async () => {
    const { code, stdout } = await runCommand(['doctor', '--json'], env());
    const report = JSON.parse(stdout) as { ok: boolean; checks: JsonCheck[] };
    expect(report.ok).toBe(true);
    expect(report.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual([
      'SUP: JSM automation rules',
    ]);
    expect(report.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'credentials',
        'clock',
        'webhook',
        'SUP: statuses',
        'SUP: transition pending → analystQueue',
        'SUP: transition validation → reopen',
        'SUP: transition validation → closed',
        'SUP: calendar region',
      ]),
    );
    for (const check of report.checks)
      expect(Object.keys(check).sort()).toEqual(['detail', 'fix', 'name', 'ok', 'severity']);
    expect(code).toBe(0);
  });

  it('names a misspelt status and the move into it, each with its fix; exit 1', async () => {
    const file = configWith('broken.yaml', (text) =>
      text.replace('analystQueue: Em Atendimento', 'analystQueue: Em Atendimeto'),
    );
    const { code, stdout } = await runCommand(['doctor'], env({ CONFIG_FILE: file }));
    expect(stdout).toMatch(/\[FAIL\] SUP: statuses: analystQueue: "Em Atendimeto" is not a status/);
    expect(stdout).toMatch(
      /fix: fix projects\.SUP\.statuses\.analystQueue; the project's statuses: .*"Em Atendimento"/,
    );
    expect(stdout).toMatch(
      /\[FAIL\] SUP: transition pending → analystQueue: on SUP-5: transition to "Em Atendimeto" is not available/,
    );
    expect(stdout).toMatch(/fix: set projects\.SUP\.transitions\.analystQueue/);
    expect(stdout).toMatch(/doctor: PROBLEMS/);
    expect(code).toBe(1);
  });

  it('names a required field the config does not set', async () => {
    const file = configWith('no-resolution.yaml', (text) =>
      text.replace(
        'closed: { name: Fechar, fields: { resolution: { name: Resolvido } } }',
        'closed: { name: Fechar }',
      ),
    );
    const { code, stdout } = await runCommand(['doctor'], env({ CONFIG_FILE: file }));
    expect(stdout).toMatch(
      /\[FAIL\] SUP: transition validation → closed: on SUP-\d+: "Fechar" needs Resolu/,
    );
    expect(stdout).toMatch(/set transitions\.closed\.fields\.resolution/);
    expect(code).toBe(1);
  });

  it('a region that does not exist: the projects file check fails with the problem; exit 1', async () => {
    const file = configWith('region.yaml', (text) =>
      text.replace('region: BR-SP-SP', 'region: BR-XX'),
    );
    const { code, stdout } = await runCommand(['doctor', '--json'], env({ CONFIG_FILE: file }));
    const report = JSON.parse(stdout) as { ok: boolean; checks: JsonCheck[] };
    expect(report.ok).toBe(false);
    expect(report.checks[0]).toMatchObject({ name: 'projects file', ok: false, severity: 'error' });
    expect(report.checks[0]!.detail).toMatch(/no state XX in BR/);
    expect(code).toBe(1);
  });

  it('bad options exit 2', async () => {
    expect((await runCommand(['doctor', '--bogus'], env())).code).toBe(2);
    expect((await runCommand(['doctor', '--project', 'NOPE'], env())).code).toBe(2);
  });
});

describe('doctor with no webhook', () => {
  it('names the missing webhook and how to register it; exit 1', async () => {
    expect((await runCommand(['webhooks', 'delete'], env())).code).toBe(0);
    const { code, stdout } = await runCommand(['doctor'], env());
    expect(stdout).toMatch(/\[FAIL\] webhook: no webhook named ".+" in Jira/);
    expect(stdout).toMatch(/fix: run `npm run --silent cli -- webhooks register`/);
    expect(code).toBe(1);
  });

  it('names a webhook pointing at an old URL', async () => {
    await runCommand(['webhooks', 'register'], env({ PUBLIC_URL: 'https://old.example.com' }));
    const { code, stdout } = await runCommand(['doctor'], env());
    expect(stdout).toMatch(
      /\[FAIL\] webhook: it calls https:\/\/old\.example\.com\/webhooks\/jira, not https:\/\/support-bot\.example\.com/,
    );
    expect(code).toBe(1);
  });
});

describe('doctor on a broken seed', () => {
  let broken: Sandbox;
  let brokenUrl: string;
  beforeAll(async () => {
    const seed = loadSeedFile();
    const bot = seed.users.find((u) => u.email === 'bot@pixeon.example')!;
    bot.permissions = bot.permissions.filter((p) => p !== 'USER_PICKER');
    bot.serviceDeskAgent = false;
    // A second local transition into Fechado: without a name the service cannot choose.
    seed.workflow.transitions.push({
      ...seed.workflow.transitions.find((t) => t.name === 'Fechar')!,
      id: '81',
      name: 'Encerrar',
    });
    broken = createSandbox({ seed });
    brokenUrl = (await broken.start(0, '127.0.0.1')).url;
    expect(
      (await runCommand(['webhooks', 'register'], env({ JIRA_BASE_URL: brokenUrl }))).code,
    ).toBe(0);
  });
  afterAll(async () => {
    await broken.close();
  });

  it('names the missing permission, the missing agent licence and the ambiguous Fechado; exit 1', async () => {
    const file = configWith('unnamed-close.yaml', (text) =>
      text.replace('closed: { name: Fechar, fields: { resolution: { name: Resolvido } } }', ''),
    );
    const { code, stdout } = await runCommand(
      ['doctor', '--json'],
      env({ JIRA_BASE_URL: brokenUrl, CONFIG_FILE: file }),
    );
    const report = JSON.parse(stdout) as { ok: boolean; checks: JsonCheck[] };
    const failing = Object.fromEntries(
      report.checks.filter((c) => !c.ok && c.severity === 'error').map((c) => [c.name, c]),
    );
    expect(Object.keys(failing).sort()).toEqual([
      'SUP: permissions',
      'SUP: service desk agent',
      'SUP: transition validation → closed',
    ]);
    expect(failing['SUP: permissions']!.detail).toContain('USER_PICKER');
    expect(failing['SUP: permissions']!.fix).toContain('"Browse users and groups"');
    expect(failing['SUP: service desk agent']!.fix).toContain('agent licence');
    expect(failing['SUP: transition validation → closed']!.detail).toContain(
      'several transitions lead to "Fechado" ("Fechar", "Encerrar")',
    );
    expect(failing['SUP: transition validation → closed']!.fix).toContain('transitions.closed');
    expect(report.ok).toBe(false);
    expect(code).toBe(1);
  });
});
