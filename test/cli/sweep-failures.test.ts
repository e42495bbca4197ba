import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseDocument } from 'yaml';
import { runCommand } from '../support/cli-io.ts';
import { startWorld, type SandboxWorld } from '../support/world.ts';

// `sweep` against the sandbox with a configured project the sandbox Jira does not have.

let world: SandboxWorld;
let env: Record<string, string>;

beforeAll(async () => {
  world = await startWorld({ service: false });
  const file = parseDocument(readFileSync('config/projects.yaml', 'utf8'));
  file.setIn(['projects', 'NOPE'], file.getIn(['projects', 'SUP']));
  const configFile = join(mkdtempSync(join(tmpdir(), 'jsm-sweep-')), 'projects.yaml');
  writeFileSync(configFile, file.toString());
  env = { SANDBOX_PORT: new URL(world.jiraUrl).port, CONFIG_FILE: configFile, LOG_LEVEL: 'silent' };
});

afterAll(async () => {
  await world.close();
});

const NOT_FOUND =
  "GET /rest/api/3/project/NOPE/statuses failed: 404 Not Found (No project could be found with key 'NOPE'.)";

describe('sweep with a project Jira does not have', () => {
  it.each([[[]], [['--catch-up']]])(
    'reports it (%j) with its reason, sweeps the others, and exits 1',
    async (extra) => {
      const { code, stdout } = await runCommand(['sweep', '--dry-run', '--json', ...extra], env);
      const report = JSON.parse(stdout);
      expect(report).toMatchObject({
        projects: ['SUP', 'NOPE'],
        failedProjects: [{ project: 'NOPE', reason: NOT_FOUND }],
      });
      expect(report.stoppedEarly).toBeUndefined();
      expect(code).toBe(1);
    },
  );

  it('prints it in the text report', async () => {
    const { code, stdout } = await runCommand(['sweep', '--dry-run'], env);
    expect(stdout).toContain(`  project NOPE failed (not swept): ${NOT_FOUND}\n`);
    expect(code).toBe(1);
  });

  it('exits 0 when only the projects Jira has are swept', async () => {
    const { code, stdout } = await runCommand(
      ['sweep', '--dry-run', '--json', '--project', 'SUP'],
      env,
    );
    expect(JSON.parse(stdout).failedProjects).toEqual([]);
    expect(code).toBe(0);
  });
});
