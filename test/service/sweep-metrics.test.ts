import { afterEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { buildReport, type ReportInput } from '../../src/jobs/sweep-report.ts';
import { ServiceMetrics } from '../../src/service/metrics.ts';
import { CONFIG, startWorld, type World } from '../support/world.ts';

let world: World | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** The sweep gauges of an exposition, without comments. */
function sweepGauges(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => /^jsm_sweep_(failed|last_success)/.test(line))
    .sort();
}

const NO_CALLS = { total: 0, retries: 0, byOperation: {} };

function report(extra: Partial<ReportInput>) {
  return buildReport({
    mode: 'full',
    dryRun: false,
    nowMs: 0,
    projects: ['SUP', 'OPS'],
    startedAtMs: 0,
    durationMs: 1,
    finished: [],
    callsAtStart: NO_CALLS,
    callsAtEnd: NO_CALLS,
    writes: 0,
    writeCap: 500,
    ...extra,
  });
}

const failed = (issue: string, order: number) => ({
  entry: {
    issue,
    status: 'validation' as const,
    outcome: 'failed' as const,
    rule: 'none' as const,
    reason: `PUT /rest/api/3/issue/${issue}/assignee failed: 400 Bad Request`,
    actions: [],
  },
  calls: 1,
  order,
});

describe('the sweep gauges', () => {
  it('hold the failed issues and projects of the last run of each mode; a clean run sets them to 0', async () => {
    const metrics = new ServiceMetrics({ defaultMetrics: false });
    metrics.sweepFinished(
      'full',
      report({
        finished: [failed('SUP-1', 0), failed('SUP-2', 1)],
        failedProjects: [{ project: 'OPS', reason: '404' }],
      }),
      2,
      1_000_000,
    );
    metrics.sweepFinished('catch-up', report({}), 1, 2_000_000);
    expect(sweepGauges(await metrics.registry.metrics())).toEqual([
      'jsm_sweep_failed_issues{mode="catch-up"} 0',
      'jsm_sweep_failed_issues{mode="full"} 2',
      'jsm_sweep_failed_projects{mode="catch-up"} 0',
      'jsm_sweep_failed_projects{mode="full"} 1',
      'jsm_sweep_last_success_timestamp_seconds{mode="catch-up"} 2000',
    ]);

    metrics.sweepFinished('full', report({}), 2, 3_000_000);
    expect(sweepGauges(await metrics.registry.metrics())).toEqual([
      'jsm_sweep_failed_issues{mode="catch-up"} 0',
      'jsm_sweep_failed_issues{mode="full"} 0',
      'jsm_sweep_failed_projects{mode="catch-up"} 0',
      'jsm_sweep_failed_projects{mode="full"} 0',
      'jsm_sweep_last_success_timestamp_seconds{mode="catch-up"} 2000',
      'jsm_sweep_last_success_timestamp_seconds{mode="full"} 3000',
    ]);
  });

  it("show on /metrics the service's sweep of a project Jira does not have", async () => {
    const config = { ...CONFIG, projects: { ...CONFIG.projects, NOPE: CONFIG.projects.SUP! } };
    world = await startWorld({ service: { config, register: false } });

    const swept = await world.service.sweep('catch-up');

    expect(swept.failedProjects).toEqual([
      { project: 'NOPE', reason: expect.stringContaining('404 Not Found') },
    ]);
    const text = (await request(world.service.app).get('/metrics').expect(200)).text;
    expect(sweepGauges(text)).toEqual([
      'jsm_sweep_failed_issues{mode="catch-up"} 0',
      'jsm_sweep_failed_projects{mode="catch-up"} 1',
    ]);
    expect(world.log.find('sweep project failed')).toHaveLength(1);
  });
});
