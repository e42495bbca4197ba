/**
 * Diagnosis for the sweep figure, not a measurement of the service: the same validation issues
 * swept with the service's own gateway, transport (retry policy, JIRA_MAX_CONCURRENCY), rules and
 * action runner, and the same calls per issue as runSweep (the search page; for an issue to close,
 * a fresh read of the issue, the closing comment and the transition), but with up to
 * `concurrency` issues in flight and the next search page fetched
 * while the current one is processed, instead of runSweep's one issue at a time. It tells how
 * much of the distance to the rate-limit floor is sequential processing in runSweep, and how the
 * transport behaves once the client is fast enough to be throttled (429 + Retry-After).
 *
 * Only the validation status, and only issues that need no comment read (the benchmark's issues
 * are all quiet): anything else is an error here, not a silent shortcut.
 */
import { pino } from 'pino';
import pLimit from 'p-limit';
import { JiraActionRunner } from '../src/actions/index.ts';
import { projectCalendar, type ProjectsFile } from '../src/config/index.ts';
import type { IssueSnapshot } from '../src/jira/index.ts';
import { decideValidation, VALIDATION_PROPERTY } from '../src/rules/index.ts';
import { buildGateway } from '../src/service/gateway-factory.ts';

export interface WhatIfResult {
  concurrency: number;
  closed: number;
  notDue: number;
  seconds: number;
  calls: number;
  rateLimited: number;
  retries: number;
  /** calls that failed for good (a 429 five times in a row, say) */
  failedIssues: number;
}

export async function concurrentSweep(options: {
  url: string;
  config: ProjectsFile;
  nowMs: number;
  concurrency: number;
  jiraConcurrency: number;
}): Promise<WhatIfResult> {
  const { gateway, calls } = buildGateway(
    { baseUrl: options.url, email: 'bot@pixeon.example', apiToken: 'sandbox', sandbox: true },
    { maxConcurrency: options.jiraConcurrency, log: pino({ level: 'silent' }) },
  );
  const runner = new JiraActionRunner(gateway);
  const project = options.config.projects.SUP!;
  const calendar = projectCalendar(project);
  const limit = pLimit(options.concurrency);
  let closed = 0;
  let notDue = 0;
  let failedIssues = 0;

  const decide = (issue: IssueSnapshot) => {
    const verdict = decideValidation({
      issue,
      project,
      calendar,
      nowMs: options.nowMs,
      botAccountId: 'bot',
    });
    if (verdict.kind !== 'decided') throw new Error(`${issue.key}: the what-if reads no comments`);
    return verdict.decision;
  };
  const one = async (issue: IssueSnapshot) => {
    if (decide(issue).actions.length === 0) {
      notDue++;
      return;
    }
    try {
      // As runSweep does: writes act on the issue as Jira holds it now, read again.
      const fresh = await gateway.getIssue(issue.key, { changelog: true });
      const current = { ...fresh, ...(issue.properties ? { properties: issue.properties } : {}) };
      await runner.run(current, decide(current));
      closed++;
    } catch {
      failedIssues++;
    }
  };

  const started = performance.now();
  const [statusId] = await gateway.statusIds('SUP', project.statuses.validation);
  const pages = gateway.searchIssues(`project = SUP AND status in (${statusId}) ORDER BY key ASC`, {
    changelog: true,
    properties: [VALIDATION_PROPERTY],
  });
  const work: Array<Promise<void>> = [];
  let next = pages.next();
  for (;;) {
    const page = await next;
    if (page.done) break;
    next = pages.next(); // prefetch while this page's issues are processed
    for (const issue of page.value) work.push(limit(() => one(issue)));
  }
  await Promise.all(work);
  const seconds = (performance.now() - started) / 1000;
  return {
    concurrency: options.concurrency,
    closed,
    notDue,
    seconds: Math.round(seconds * 100) / 100,
    calls: calls.total,
    rateLimited: calls.byStatus['429'] ?? 0,
    retries: calls.retries,
    failedIssues,
  };
}
