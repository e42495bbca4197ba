/**
 * The sweep against the default seed with a real site's hard parts on: one issue's refusal, an
 * issue deleted between the search page and the fresh read, an asker Jira will not assign, and a
 * person moving an issue at the worst moment. A proxy between the service and the sandbox makes
 * the moments exact (test/reliability/support.ts).
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  ANALYST,
  arrangeIssue,
  closingComments,
  closings,
  CUSTOMER,
  inValidationSince,
  issueKeyOf,
  onFirstRequest,
  startProxy,
  startSandbox,
  startService,
  STATUS,
  statusOf,
  type JiraProxy,
  type ReliabilityWorld,
  type ServiceInstance,
} from '../reliability/support.ts';

const NIGHT_MS = Date.parse('2026-03-20T02:00:00-03:00');
/** a reply arranged before the night: long indexed by Jira's search */
const EVENING_MS = NIGHT_MS - 5 * 3_600_000;

let world: ReliabilityWorld | undefined;
let proxy: JiraProxy | undefined;
let instance: ServiceInstance | undefined;

afterEach(async () => {
  await instance?.stop();
  await proxy?.close();
  await world?.close();
  world = proxy = instance = undefined;
});

async function setup() {
  world = await startSandbox({ now: NIGHT_MS });
  proxy = await startProxy(world.jiraUrl);
  instance = await startService(proxy.url);
  return { sandbox: world.sandbox, proxy, service: instance.service };
}

describe('one issue going wrong on a real site', () => {
  it('a 403 on one issue, an issue deleted mid-sweep and an unassignable asker do not stop the others', async () => {
    const { sandbox, proxy, service } = await setup();
    const [refused, deleted, ...closable] = inValidationSince(sandbox, 5) as [
      string,
      string,
      string,
    ];
    const asked = arrangeIssue(sandbox, [
      { status: STATUS.analysts, at: '2026-03-09T09:00:00-03:00' },
      { status: STATUS.pending, at: '2026-03-10T10:00:00-03:00', by: 'ex-analista@pixeon.example' },
    ]);
    // The customer answered in the evening (the search index has long seen it).
    sandbox.store.addComment(
      asked,
      { body: 'Segue.' },
      { by: CUSTOMER, at: EVENING_MS, silent: true },
    );
    // The bot lost its permission on one issue: every write to it is refused for good.
    sandbox.faults.set({ refusals: [{ issue: refused, methods: ['POST', 'PUT'], status: 403 }] });
    // Another is deleted after the search page listed it, before the sweep reads it again.
    onFirstRequest(
      proxy,
      (method, path) => method === 'POST' && path === '/rest/api/3/search/jql',
      () => {
        sandbox.store.deleteIssue(deleted, { silent: true });
      },
    );

    const report = await service.sweep('full', { nowMs: NIGHT_MS });

    expect(report.issues).toMatchObject({
      closed: closable,
      failed: [refused],
      'moved-to-analysts': [asked],
    });
    expect(report.plan.find((p) => p.issue === refused)!.reason).toContain(
      'You do not have the permission to perform this action on this issue.',
    );
    expect(report.plan.find((p) => p.issue === deleted)).toBeUndefined();
    expect(report.issues['no-action']).toContain(deleted);
    expect(report.stoppedEarly).toBeUndefined();
    for (const key of closable) {
      expect(statusOf(sandbox, key)).toBe(STATUS.closed);
      expect(closingComments(sandbox, key)).toHaveLength(1);
    }
    expect(statusOf(sandbox, refused)).toBe(STATUS.validation);
    expect(closingComments(sandbox, refused)).toHaveLength(0);
    expect(statusOf(sandbox, asked)).toBe(STATUS.analysts);
    expect(sandbox.store.issue(deleted)).toBeUndefined();
  });

  it("an analyst's reopen between the sweep's read and its close leaves the issue with the analyst, with no closing comment", async () => {
    const { sandbox, proxy, service } = await setup();
    const [reopened, other] = inValidationSince(sandbox, 2) as [string, string];
    // The analyst reopens it by hand the moment the sweep's closing comment reaches Jira.
    const isComment = (method: string, path: string) =>
      method === 'POST' && issueKeyOf(path) === reopened && path.endsWith('/comment');
    onFirstRequest(proxy, isComment, () => {
      sandbox.store.moveToStatus(reopened, STATUS.analysts, { by: ANALYST, silent: true });
    });

    const report = await service.sweep('full', { nowMs: NIGHT_MS });

    expect(report.issues).toMatchObject({ moved: [reopened], closed: [other] });
    expect(statusOf(sandbox, reopened)).toBe(STATUS.analysts);
    expect(closings(sandbox, reopened)).toBe(0);
    // The comment announcing a close that did not happen is taken back.
    expect(closingComments(sandbox, reopened)).toHaveLength(0);
  });
});
