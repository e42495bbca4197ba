/**
 * The sweep when Jira refuses something for good: one issue's refusal is that issue's, one
 * project's is that project's, and the run goes on with the rest (only transient failures and bugs
 * stop it).
 */
import { describe, expect, it } from '@jest/globals';
import type { ProjectsFile } from '../../src/config/index.ts';
import { FAKE_STATUS, jiraRefused, jiraUnavailable } from '../support/fake-jira.ts';
import { captureLog } from '../support/log-capture.ts';
import { config, sup } from '../rules/fixtures.ts';
import { DUE, NOT_DUE, SEARCHED_BOTH, threads, world } from './in-memory.ts';

/** A due issue's calls: its fresh read, the closing comment and its read-back, the move. */
const CLOSE = (key: string) => [
  `rereadIssues ${key}`,
  `addComment ${key} public`,
  `commentsSince ${key}`,
  `transitionTo ${key} "Fechado"`,
];

/** SUP and a second project, OPS, configured the same way (its issues are none of the fake's). */
const TWO_PROJECTS: ProjectsFile = { ...config, projects: { OPS: sup, SUP: sup } };

const REFUSED_COMMENT =
  'POST /rest/api/3/issue/SUP-1/comment failed: 400 Bad Request (Comment body can not be empty!; body: too long)';

describe('an issue Jira refuses for good', () => {
  it('fails alone, with its reason in the report and the log; the sweep goes on', async () => {
    const w = world();
    w.put(1, DUE);
    w.put(2, DUE);
    w.jira.failNext(
      'addComment',
      jiraRefused(400, 'POST /rest/api/3/issue/SUP-1/comment', {
        errorMessages: ['Comment body can not be empty!'],
        errors: { body: 'too long' },
      }),
      'SUP-1',
    );
    const log = captureLog();

    const report = await w.sweep({ log: log.logger });

    expect(report.issues).toEqual({ failed: ['SUP-1'], closed: ['SUP-2'] });
    expect(report.plan.find((p) => p.issue === 'SUP-1')).toMatchObject({
      outcome: 'failed',
      reason: REFUSED_COMMENT,
    });
    expect(report.stoppedEarly).toBeUndefined();
    expect(threads(w.jira)).toEqual({
      search: SEARCHED_BOTH,
      'SUP-1': ['rereadIssues SUP-1', 'addComment SUP-1 public'],
      'SUP-2': CLOSE('SUP-2'),
    });
    expect(log.find('sweep issue failed')).toEqual([
      expect.objectContaining({ issue: 'SUP-1', outcome: 'failed', reason: REFUSED_COMMENT }),
    ]);
  });

  it.each([403, 404, 409, 413, 422])(
    'a %i never counts toward stopping: eight refusals in a row, every issue tried',
    async (status) => {
      const w = world();
      for (let n = 1; n <= 8; n++) {
        w.put(n, DUE);
        w.jira.failNext(
          'addComment',
          jiraRefused(status, `POST /rest/api/3/issue/SUP-${n}/comment`),
        );
      }

      const report = await w.sweep({ concurrency: 2 });

      expect(report.stoppedEarly).toBeUndefined();
      expect(report.counts.failed).toBe(8);
      expect(report.plan.map((p) => p.reason)).toEqual(
        [1, 2, 3, 4, 5, 6, 7, 8].map((n) =>
          expect.stringContaining(`POST /rest/api/3/issue/SUP-${n}/comment failed: ${status}`),
        ),
      );
    },
  );

  it('a refused fresh read fails each issue of its batch, for good, and the next batch is read', async () => {
    const w = world();
    for (let n = 1; n <= 4; n++) w.put(n, DUE);
    w.jira.failNext('rereadIssues', jiraRefused(403, 'POST /rest/api/3/search/jql'));

    const report = await w.sweep({ concurrency: 2 });

    expect(report.issues).toEqual({
      failed: ['SUP-1', 'SUP-2'],
      closed: ['SUP-3', 'SUP-4'],
    });
    expect(report.plan[0]!.reason).toBe(
      'POST /rest/api/3/search/jql failed: 403 Forbidden (refused)',
    );
    expect(report.stoppedEarly).toBeUndefined();
  });

  it('a refusal while reading comments fails that issue only', async () => {
    const w = world();
    const key = w.put(1, NOT_DUE);
    w.jira.comment(key, { accountId: 'someone' });
    w.put(2, DUE);
    w.jira.failNext('commentsSince', jiraRefused(404, 'GET /rest/api/3/issue/SUP-1/comment'));

    const report = await w.sweep();

    expect(report.issues).toEqual({ failed: ['SUP-1'], closed: ['SUP-2'] });
  });
});

describe('a project Jira refuses', () => {
  it('that Jira does not have (its statuses: 404) fails alone, with its reason; the others are swept', async () => {
    const w = world();
    w.put(1, DUE);
    w.jira.failNext(
      'statusIds',
      jiraRefused(404, 'GET /rest/api/3/project/OPS/statuses', {
        errorMessages: ["No project could be found with key 'OPS'."],
      }),
      'OPS',
    );
    const log = captureLog();

    const report = await w.sweep({ config: TWO_PROJECTS, log: log.logger });

    const reason =
      "GET /rest/api/3/project/OPS/statuses failed: 404 Not Found (No project could be found with key 'OPS'.)";
    expect(report.failedProjects).toEqual([{ project: 'OPS', reason }]);
    expect(report.projects).toEqual(['OPS', 'SUP']);
    expect(report.issues).toEqual({ closed: ['SUP-1'] });
    expect(report.stoppedEarly).toBeUndefined();
    // OPS is given up at its first refusal: its pending status is not looked up.
    expect(threads(w.jira).search).toEqual([
      'statusIds OPS "Tarefa Resolvida – Aguardando Validação do cliente"',
      ...SEARCHED_BOTH,
    ]);
    expect(log.find('sweep project failed')).toEqual([
      expect.objectContaining({ project: 'OPS', reason }),
    ]);
    expect(log.find('sweep finished')[0]).toMatchObject({ failedProjects: ['OPS'] });
  });

  it.each([400, 403, 404])(
    'whose search is refused (%i) fails alone, in the catch-up as in the full run',
    async (status) => {
      for (const mode of ['full', 'catch-up'] as const) {
        const w = world();
        const key = w.put(1, NOT_DUE, 'pending');
        w.jira.comment(key, { accountId: 'clinic', accountType: 'customer' });
        w.jira.failNext('searchIssues', jiraRefused(status, 'GET /rest/api/3/search/jql'));

        const report = await w.sweep({ config: TWO_PROJECTS, mode });

        expect(report.failedProjects).toEqual([
          { project: 'OPS', reason: expect.stringContaining(`search/jql failed: ${status}`) },
        ]);
        expect(report.issues).toEqual({ 'moved-to-analysts': ['SUP-1'] });
        expect(w.jira.issues.get(key)!.status).toEqual(FAKE_STATUS.analysts);
      }
    },
  );

  it('is listed as none when every project is swept', async () => {
    const w = world();
    expect((await w.sweep()).failedProjects).toEqual([]);
  });

  it('a transient failure of a project still stops the run, and a bug still raises', async () => {
    const stopped = world();
    stopped.jira.failNext('statusIds', jiraUnavailable('GET /rest/api/3/project/OPS/statuses'));
    const report = await stopped.sweep({ config: TWO_PROJECTS });
    expect(report.stoppedEarly).toBe(
      'Jira failed: GET /rest/api/3/project/OPS/statuses failed: 503 Service Unavailable',
    );
    expect(report.failedProjects).toEqual([]);
    expect(threads(stopped.jira).search).toHaveLength(1);

    const broken = world();
    broken.jira.failNext('statusIds', new TypeError('a bug'));
    await expect(broken.sweep({ config: TWO_PROJECTS })).rejects.toThrow('a bug');
  });
});
