import type { ProjectsFile } from '../config/index.ts';
import type { WebhookDefinition } from '../service/webhook-registration.ts';
import { readTenantCloudId } from '../jira/tenant-info.ts';
import { allChecks } from './checks.ts';
import { gatherFacts, type DoctorJira } from './facts.ts';
import { reportOf, type DoctorReport } from './report.ts';

export type { Check } from './checks.ts';
export type { DoctorJira } from './facts.ts';
export { failingErrors, reportText, summaryLine, type DoctorReport } from './report.ts';

export interface DoctorInput {
  jira: DoctorJira;
  config: ProjectsFile;
  definition: WebhookDefinition;
  baseUrl: string;
  /** the site people open (JIRA_SITE_URL); with the gateway form, its cloud id is checked */
  siteUrl?: string;
  /** reads a site's cloud id (default `{site}/_edge/tenant_info`) */
  tenantCloudId?: (siteUrl: string) => Promise<string>;
  publicUrl: string | undefined;
  hasSecret: boolean;
  /** only these projects (default: every configured one) */
  projects?: string[];
  now?: () => number;
}

/** Reads the site once, then runs every check over what it read. */
export async function runDoctor(input: DoctorInput): Promise<DoctorReport> {
  const facts = await gatherFacts(input.jira, input.config, {
    baseUrl: input.baseUrl,
    ...(input.siteUrl ? { siteUrl: input.siteUrl } : {}),
    tenantCloudId: input.tenantCloudId ?? ((site) => readTenantCloudId(site)),
    ...(input.projects ? { projects: input.projects } : {}),
    ...(input.now ? { now: input.now } : {}),
  });
  return reportOf(
    allChecks(facts, {
      config: input.config,
      definition: input.definition,
      publicUrl: input.publicUrl,
      hasSecret: input.hasSecret,
    }),
  );
}
