/** The admin data over the in-memory sweep world (test/jobs/in-memory.ts). */
import { createAdminData, type AdminDataHandle } from '../../src/admin/admin-data.ts';
import type { ProjectsFile } from '../../src/config/index.ts';
import { config } from '../rules/fixtures.ts';
import { world, type World } from '../jobs/in-memory.ts';

export const SITE = 'https://pixeon.atlassian.net';

export interface AdminWorld extends World {
  admin: AdminDataHandle;
  builds: number[];
}

export function adminWorld(
  options: { cacheSeconds?: number; config?: ProjectsFile } = {},
): AdminWorld {
  const w = world();
  const builds: number[] = [];
  const admin = createAdminData({
    config: options.config ?? config,
    configFile: 'config/projects.yaml',
    site: SITE,
    siteUrl: SITE,
    embeddedSandbox: false,
    scheduler: true,
    cacheSeconds: options.cacheSeconds ?? 60,
    now: () => w.clock.now,
    dryRun: (onIssue, nowMs) => w.sweep({ dryRun: true, onIssue, nowMs }),
    onBuild: (calls) => builds.push(calls),
  });
  return { ...w, admin, builds };
}
