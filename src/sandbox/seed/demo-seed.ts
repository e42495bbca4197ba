import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError } from '../../config/config-error.ts';
import { parseYamlConfig, readConfigText } from '../../config/yaml-file.ts';
import {
  checkSeed,
  seedIssue,
  seedOrganization,
  seedUser,
  type SandboxSeed,
} from './seed-schema.ts';

/**
 * config/sandbox-demo.yaml: the issues (and the clinics reporting them) that make the admin page
 * worth looking at. Only `npm start`'s embedded sandbox and `sandbox --demo` load it: the tests
 * count on the base seed's SUP-1..SUP-5 alone.
 */
export const DEMO_SEED_FILE = fileURLToPath(
  new URL('../../../config/sandbox-demo.yaml', import.meta.url),
);

const demoSchema = z.strictObject({
  users: z.array(seedUser).default([]),
  organizations: z.array(seedOrganization).default([]),
  issues: z.array(seedIssue).default([]),
});

type Appended = 'users' | 'organizations' | 'issues';

/**
 * The seed with the demo file's users, organizations and issues after its own (so the base
 * issues keep their keys), checked as one seed: a demo issue may name any user or status.
 */
export function withDemoSeed(seed: SandboxSeed, path: string = DEMO_SEED_FILE): SandboxSeed {
  const demo = parseYamlConfig(readConfigText(path), path, demoSchema);
  const combined: SandboxSeed = {
    ...seed,
    users: [...seed.users, ...demo.users],
    organizations: [...seed.organizations, ...demo.organizations],
    issues: [...seed.issues, ...demo.issues],
  };
  const problems: string[] = [];
  checkSeed(combined, (where, message) => problems.push(`${demoPath(seed, where)}: ${message}`));
  if (problems.length > 0) throw new ConfigError(path, problems);
  return combined;
}

/** A path in the combined seed, as a path in the demo file where it points into it. */
function demoPath(seed: SandboxSeed, where: PropertyKey[]): string {
  const [list, index, ...rest] = where;
  const base = typeof list === 'string' && list in demoSchema.shape ? seed[list as Appended] : [];
  if (typeof index === 'number' && index >= base.length) {
    return [list, index - base.length, ...rest].map(String).join('.');
  }
  return `(the base seed) ${where.map(String).join('.')}`;
}
