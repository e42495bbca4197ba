/**
 * Races between the sweep and the world it acts on, made deterministic with a proxy between the
 * service and the sandbox Jira: something happens in Jira at the exact moment a chosen call passes.
 *
 * These tests exposed two bugs, fixed since:
 * - The sweep decided and acted on the snapshot its search page returned, without re-reading the
 *   issue before closing it (now it reads the issues it is about to close or remind again, in one
 *   reconciled search per batch, just before acting).
 * - JiraGateway.transitionTo cached the transitions listed after a refused transition under the key
 *   of the status the caller *believed* the issue was in (src/jira/gateway.ts, transitionTo).
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import type { Sandbox } from '../../src/sandbox/index.ts';
import {
  ANALYST,
  arrangeIssue,
  closingComments,
  closings,
  CUSTOMER,
  inValidationSince,
  issueKeyOf,
  onFirstRequest,
  range,
  settle,
  startProxy,
  startSandbox,
  startService,
  STATUS,
  statusOf,
  type JiraProxy,
  type ReliabilityWorld,
  type ServiceInstance,
} from './support.ts';

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

async function setup(): Promise<{ sandbox: Sandbox; proxy: JiraProxy; instance: ServiceInstance }> {
  world = await startSandbox({ now: NIGHT_MS });
  proxy = await startProxy(world.jiraUrl);
  instance = await startService(proxy.url);
  return { sandbox: world.sandbox, proxy, instance };
}

function pendingIssues(sandbox: Sandbox, count: number): string[] {
  return range(count).map(() =>
    arrangeIssue(sandbox, [
      { status: STATUS.analysts, at: '2026-03-09T09:00:00-03:00' },
      { status: STATUS.pending, at: '2026-03-10T10:00:00-03:00', by: ANALYST },
    ]),
  );
}

/** Runs `then` once, just before the sweep reads again the issues it is about to close. */
function justBeforeReread(target: JiraProxy, then: () => void): void {
  onFirstRequest(
    target,
    (method, path) => method === 'POST' && path === '/rest/api/3/search/jql',
    then,
  );
}

/** Runs `then` once, just before the first request matching `method` and `suffix` for `key`. */
function justBefore(
  target: JiraProxy,
  method: string,
  key: string,
  suffix: string,
  then: () => void,
): void {
  onFirstRequest(
    target,
    (m, path) => m === method && issueKeyOf(path) === key && path.endsWith(suffix),
    then,
  );
}

describe('the sweep racing the customers and the analysts', () => {
  it('a customer comment made after the sweep read its page, before it reached the issue, reopens the issue instead of closing it', async () => {
    const { sandbox, proxy, instance } = await setup();
    const [, , late] = inValidationSince(sandbox, 4) as [string, string, string, string];
    // After the search page showed the issue quiet, the customer answers on the third issue (its
    // webhook lost: only the sweep can see the comment).
    justBeforeReread(proxy, () => {
      sandbox.store.addComment(late, { body: 'Não resolveu.' }, { by: CUSTOMER, silent: true });
    });
    await instance.service.sweep('full', { nowMs: NIGHT_MS });

    expect(closingComments(sandbox, late)).toHaveLength(0);
    expect(closings(sandbox, late)).toBe(0);
    expect(statusOf(sandbox, late)).toBe(STATUS.analysts);
  });

  it('an issue reopened while the sweep runs gets no closing comment and is not closed through another transition', async () => {
    const { sandbox, proxy, instance } = await setup();
    const [, , reopened] = inValidationSince(sandbox, 4) as [string, string, string, string];
    // The customer rejects the solution on the third issue and it is reopened (by the webhook, or
    // an analyst) after the sweep's search page showed it in validation.
    justBeforeReread(proxy, () => {
      sandbox.store.addComment(reopened, { body: 'Não resolveu.' }, { by: CUSTOMER, silent: true });
      sandbox.store.moveToStatus(reopened, STATUS.analysts, { by: ANALYST, silent: true });
    });
    await instance.service.sweep('full', { nowMs: NIGHT_MS });

    // Once: a closing comment was posted on the reopened issue, then the 400 on "Fechar" made the
    // gateway pick "Cancelar" from "Em Atendimento" and the issue was closed as Cancelado.
    expect(closingComments(sandbox, reopened)).toHaveLength(0);
    expect(closings(sandbox, reopened)).toBe(0);
    expect(statusOf(sandbox, reopened)).toBe(STATUS.analysts);
  });

  it('one transition refused because the issue moved meanwhile does not stop later customer replies from reaching the analysts', async () => {
    const { sandbox, proxy, instance } = await setup();
    const [moved, ...others] = pendingIssues(sandbox, 3) as [string, string, string];
    for (const key of [moved, ...others]) {
      sandbox.store.addComment(
        key,
        { body: 'Segue.' },
        { by: CUSTOMER, at: EVENING_MS, silent: true },
      );
    }
    // An analyst takes the first issue back by hand just before the sweep's transition reaches
    // Jira: that transition is refused with a 400, which is fine...
    justBefore(proxy, 'POST', moved, '/transitions', () => {
      sandbox.store.moveToStatus(moved, STATUS.analysts, { by: ANALYST, silent: true });
    });
    await instance.service.sweep('full', { nowMs: NIGHT_MS });
    // ...and a reply after the sweep, through a real webhook.
    const [later] = pendingIssues(sandbox, 1) as [string];
    sandbox.store.addComment(later, { body: 'Segue o modelo.' }, { by: CUSTOMER });
    await settle(sandbox, [instance.service]);

    // Today the gateway caches "Em Atendimento"'s transitions as those of "Pendente", so every
    // later pending -> "Em Atendimento" move fails until the process restarts (and the webhook
    // is answered 200 "failed": Jira does not retry it).
    for (const key of [moved, ...others, later]) {
      expect({ key, status: statusOf(sandbox, key) }).toEqual({ key, status: STATUS.analysts });
    }
  });
});
