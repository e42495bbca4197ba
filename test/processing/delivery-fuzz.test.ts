/**
 * The fuzz property of issue 13: for any body signed with the webhook secret (or carrying the
 * Automation shared token), the receiver answers 2xx or 4xx, never 5xx, and the only Jira calls
 * are reads and writes of an issue of a configured project that the payload names. The receiver
 * and the real delivery processor run over the in-memory Jira (no HTTP, no network), which holds
 * issues of SUP (configured) and OPS (not), and SUP-4, moved to OPS as OPS-2 (Jira answers the old
 * key with it). Fixed seed: the runs are the same every time; change it to explore further.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { JiraActionRunner } from '../../src/actions/index.ts';
import { isIssueKey, type IssueSnapshot, type JiraUser } from '../../src/domain/index.ts';
import { createDeliveryProcessor } from '../../src/processing/delivery-processor.ts';
import { createWebhookReceiver, signBody } from '../../src/webhooks/index.ts';
import { FakeJira } from '../support/fake-jira.ts';
import { silentLogger } from '../support/log-capture.ts';
import { ANALYST, at, BOT, change, CLINIC, config, issue, STATUS } from '../rules/fixtures.ts';

const NOW = at('2026-03-04T11:05:00-03:00');
const SECRET = 'fuzz-webhook-secret-0b1e';
const TOKEN = 'fuzz-shared-token-77c1';

/** Calls that read or write one issue, named by its key. */
const ISSUE_CALLS = new Set([
  'getIssue',
  'commentsSince',
  'getComment',
  'addComment',
  'deleteComment',
  'assign',
  'transitionTo',
  'setIssueProperty',
  'requestMembers',
]);
/** Calls that read one account: the comment's author, named by the payload. */
const USER_CALLS = new Set(['userGroups', 'getUser']);

const pending = [
  change('open', 'analysts', '2026-03-02T09:00:00-03:00'),
  change('analysts', 'pending', '2026-03-02T10:00:00-03:00', ANALYST),
];
const validation = [
  change('open', 'analysts', '2026-03-02T09:00:00-03:00'),
  change('analysts', 'validation', '2026-03-03T10:00:00-03:00'),
];

function jiraWithIssues(): FakeJira {
  const jira = new FakeJira({ now: () => NOW, bot: BOT });
  const other = { assignee: { accountId: 'someone-else' } };
  jira.put(issue('pending', pending, { id: '10001', key: 'SUP-1', ...other }));
  jira.put(issue('validation', validation, { id: '10002', key: 'SUP-2' }));
  jira.put(issue('pending', pending, { id: '10101', key: 'OPS-1', projectKey: 'OPS', ...other }));
  const moved = issue('pending', pending, { id: '10004', key: 'OPS-2', projectKey: 'OPS' });
  jira.put(moved);
  jira.issues.set('SUP-4', structuredClone(moved));
  jira.groups.set(ANALYST.accountId, ['suporte']);
  return jira;
}

const KEYS = ['SUP-1', 'SUP-2', 'SUP-4', 'SUP-99', 'OPS-1', 'OPS-2', 'SUP-1/../../myself', '..'];
const PROJECTS = ['SUP', 'OPS', 'sup', 'constructor', '__proto__', ''];
const USERS: JiraUser[] = [CLINIC, ANALYST, BOT, { accountId: 'stranger' }];

const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }));
/** Mostly a likely value, sometimes anything: most bodies get far, some get all the way. */
const likely = <T>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 12, arbitrary: usual }, { weight: 1, arbitrary: odd });

const idLike = fc.oneof(
  fc.constantFrom('0', '-1', '1e3', '../x', ''),
  text,
  fc.integer(),
  fc.double(),
);
const key = likely(
  fc.constantFrom('SUP-1', 'SUP-2', 'SUP-4'),
  fc.oneof(
    fc.constantFrom(...KEYS),
    fc.tuple(fc.constantFrom(...KEYS), text).map(([k, s]) => k + s),
    text,
  ),
);
const status = likely(
  fc.constantFrom(STATUS.pending, STATUS.validation, STATUS.closed),
  fc.record({ id: idLike, name: text }),
);
const author = likely(
  fc.constantFrom(...USERS),
  fc.record({ accountId: text, accountType: fc.option(text, { nil: undefined }) }),
);

/** Bodies of the shape Jira sends, every field of it drawn from likely and unlikely values. */
const payloadShaped = fc.record({
  webhookEvent: likely(fc.constantFrom('comment_created', 'jira:issue_updated'), text),
  timestamp: likely(fc.constant(NOW), fc.option(fc.integer(), { nil: undefined })),
  user: fc.option(author, { nil: undefined }),
  comment: fc.record({
    id: likely(fc.constantFrom('10500', '10501'), idLike),
    author,
    body: text,
    created: likely(fc.constant('2026-03-04T10:00:00.000-0300'), text),
    jsdPublic: likely(fc.constant(true), fc.option(fc.boolean(), { nil: undefined })),
  }),
  issue: fc.record({
    id: likely(fc.constantFrom('10001', '10002', '10004', '10101'), idLike),
    key,
    fields: fc.record({
      project: fc.record({
        key: likely(fc.constant('SUP'), fc.oneof(fc.constantFrom(...PROJECTS), text)),
        id: likely(fc.constant('10000'), idLike),
      }),
      status,
    }),
  }),
  changelog: fc.record({
    items: fc.array(
      fc.record({
        field: fc.constant('status'),
        to: likely(fc.constantFrom(STATUS.pending.id, STATUS.validation.id), idLike),
        toString: text,
        from: likely(fc.constant(STATUS.analysts.id), idLike),
      }),
      { maxLength: 2 },
    ),
  }),
});

const anyBody = fc.oneof(
  { weight: 4, arbitrary: payloadShaped.map((body) => JSON.stringify(body)) },
  { weight: 1, arbitrary: fc.json() },
  {
    weight: 1,
    arbitrary: fc
      .jsonValue()
      .map((v) => JSON.stringify({ webhookEvent: 'comment_created', issue: v })),
  },
);

/** Why a call breaks the property, or undefined when it keeps it. */
function offence(call: { op: string; key?: string }, body: Record<string, unknown>) {
  const named = body.issue as { key?: unknown; fields?: { project?: { key?: unknown } } };
  if (USER_CALLS.has(call.op)) {
    const author = (body.comment as { author?: { accountId?: unknown } }).author;
    return call.key === author?.accountId ? undefined : `${call.op} of an account not named`;
  }
  if (!ISSUE_CALLS.has(call.op)) return `${call.op} is not a call on the named issue`;
  if (call.key !== named.key) return `${call.op} on ${call.key}, not the key the payload named`;
  if (!isIssueKey(call.key!) || !call.key!.startsWith('SUP-')) return `${call.op} outside SUP`;
  if (named.fields?.project?.key !== 'SUP') return `${call.op} for a payload of another project`;
  return undefined;
}

function setup() {
  const jira = jiraWithIssues();
  const untouched = (['OPS-1', 'OPS-2'] as const).map((k) => structuredClone(jira.issues.get(k)));
  const processor = createDeliveryProcessor({
    gateway: jira,
    config,
    runner: new JiraActionRunner(jira),
    botAccountId: async () => BOT.accountId,
  });
  const receiver = createWebhookReceiver({
    secrets: [SECRET],
    sharedToken: { header: 'x-automation-token', token: TOKEN },
    processor,
    logger: silentLogger(),
    now: () => NOW,
  });
  const opsAsBefore = () =>
    (['OPS-1', 'OPS-2'] as const).every(
      (k, i) =>
        JSON.stringify(jira.issues.get(k)) === JSON.stringify(untouched[i] as IssueSnapshot),
    ) && jira.comments.get('OPS-2')?.length === 0;
  return { jira, receiver, opsAsBefore };
}

describe('any signed body', () => {
  it('is answered 2xx or 4xx, and Jira is called only about a configured issue it names', async () => {
    const outcomes: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(anyBody, fc.boolean(), async (raw, viaToken) => {
        const { jira, receiver, opsAsBefore } = setup();
        const headers = {
          'content-type': 'application/json',
          ...(viaToken
            ? { 'x-automation-token': TOKEN }
            : { 'x-hub-signature': signBody(raw, SECRET) }),
        };
        const answer = await receiver.receive({ headers, body: Buffer.from(raw) });
        await receiver.drain();
        expect([2, 4]).toContain(Math.floor(answer.status / 100));
        const parsed = JSON.parse(raw) as unknown;
        const body = (parsed !== null && typeof parsed === 'object' ? parsed : {}) as Record<
          string,
          unknown
        >;
        const offences = jira.calls.flatMap((call) => offence(call, body) ?? []);
        expect(offences).toEqual([]);
        expect(opsAsBefore()).toBe(true);
        outcomes[answer.outcome] = (outcomes[answer.outcome] ?? 0) + 1;
      }),
      { numRuns: 400, seed: 1313 },
    );
    // Not vacuous: bodies were refused, screened out, and some went all the way to a write on SUP.
    for (const outcome of ['invalid-payload', 'screened-out', 'no-action', 'acted'])
      expect(outcomes[outcome] ?? 0).toBeGreaterThan(0);
  });
});
