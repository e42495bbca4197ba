/**
 * The sweep against the default seed with a real site's hard parts on: one issue's refusal, an
 * issue deleted between the search page and the fresh read, an asker Jira will not assign, and a
 * person moving an issue at the worst moment. A proxy between the service and the sandbox makes
 * the moments exact (test/reliability/support.ts).
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import type { Sandbox } from '../../src/sandbox/index.ts';
import {
  ANALYST,
  arrangeIssue,
  closingComments,
  closings,
  CUSTOMER,
  issueKeyOf,
  range,
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

function dueIssues(sandbox: Sandbox, count: number): string[] {
  return range(count).map(() =>
    arrangeIssue(sandbox, [
      { status: STATUS.analysts, at: '2026-02-27T09:00:00-03:00' },
      { status: STATUS.validation, at: '2026-03-02T10:00:00-03:00', resolution: 'Resolvido' },
    ]),
  );
}

/** Runs `then` once, when the first request for `key` whose path ends in `suffix` passes. */
function onFirst(
  target: JiraProxy,
  match: { method: string; key?: string; suffix: string },
  then: () => void,
): void {
  let done = false;
  target.onRequest = (request) => {
    const path = request.url.split('?')[0]!;
    const hit =
      request.method === match.method &&
      path.endsWith(match.suffix) &&
      (match.key === undefined || issueKeyOf(path) === match.key);
    if (!done && hit) {
      done = true;
      then();
    }
    return 'forward';
  };
}

describe('one issue going wrong on a real site', () => {
  it('a 403 on one issue, an issue deleted mid-sweep and an unassignable asker do not stop the others', async () => {
    const { sandbox, proxy, service } = await setup();
    const [refused, deleted, ...closable] = dueIssues(sandbox, 5) as [string, string, string];
    const asked = arrangeIssue(sandbox, [
      { status: STATUS.analysts, at: '2026-03-09T09:00:00-03:00' },
      { status: STATUS.pending, at: '2026-03-10T10:00:00-03:00', by: 'ex-analista@pixeon.example' },
    ]);
    sandbox.store.addComment(asked, { body: 'Segue.' }, { by: CUSTOMER, silent: true });
    // The bot lost its permission on one issue: every write to it is refused for good.
    sandbox.faults.set({ refusals: [{ issue: refused, methods: ['POST', 'PUT'], status: 403 }] });
    // Another is deleted after the search page listed it, before the sweep reads it again.
    onFirst(proxy, { method: 'POST', suffix: '/rest/api/3/search/jql' }, () => {
      sandbox.store.deleteIssue(deleted, { silent: true });
    });

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
    const [reopened, other] = dueIssues(sandbox, 2) as [string, string];
    // The analyst reopens it by hand the moment the sweep's closing comment reaches Jira.
    onFirst(proxy, { method: 'POST', key: reopened, suffix: '/comment' }, () => {
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
