import { issueLink } from '../config/index.ts';
import type { SweepOutcome, SweepReport } from '../jobs/index.ts';

/** How a dry run names what it would do; the other outcomes read the same in both runs. */
const WOULD: Partial<Record<SweepOutcome, string>> = {
  closed: 'would close',
  reopened: 'would reopen',
  reminded: 'would remind',
  'moved-to-analysts': 'would move to analysts',
};

/**
 * The sweep's report as `sweep` prints it without --json. With `siteUrl` (a real site: the
 * sandbox has no issue pages) each planned issue gets its link, on the site people open
 * (JIRA_SITE_URL), never the api.atlassian.com gateway.
 */
export function formatReport(report: SweepReport, options: { siteUrl?: string } = {}): string {
  const counted = (outcome: SweepOutcome) =>
    (report.dryRun ? WOULD[outcome] : undefined) ?? outcome;
  const lines = [
    `${report.dryRun ? 'DRY RUN (nothing changed in Jira): ' : ''}${report.mode} sweep of ${report.projects.join(', ')} at ${report.now}`,
    `  ${
      (Object.entries(report.counts) as Array<[SweepOutcome, number]>)
        .filter(([, n]) => n > 0)
        .map(([outcome, n]) => `${counted(outcome)} ${n}`)
        .join(', ') || 'no issues in the statuses'
    }`,
    `  Jira calls ${report.jiraCalls.total} (retries ${report.jiraCalls.retries}), writes ${report.writes}/${report.writeCap}, ${report.durationMs} ms`,
  ];
  if (report.stoppedEarly) lines.push(`  stopped early: ${report.stoppedEarly}`);
  // The projects Jira refused: the others were swept.
  for (const { project, reason } of report.failedProjects ?? []) {
    lines.push(`  project ${project} failed (not swept): ${reason}`);
  }
  for (const item of report.plan) {
    lines.push(
      `  ${item.issue} ${report.dryRun ? 'would be' : 'was'} ${item.outcome}: ${item.reason}`,
    );
    if (item.closesAt)
      lines.push(
        `      window closes ${item.closesAt} (last business day ${item.lastBusinessDay})`,
      );
    for (const action of item.actions) lines.push(`      - ${action}`);
    if (options.siteUrl) lines.push(`      ${issueLink(options.siteUrl, item.issue)}`);
  }
  for (const item of report.notDue ?? []) {
    lines.push(
      `  ${item.issue} not due: window closes ${item.closesAt} (last business day ${item.lastBusinessDay})`,
    );
  }
  return `${lines.join('\n')}\n`;
}
