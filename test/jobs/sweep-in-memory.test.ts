/**
 * The sweep against the in-memory Jira: the exact Jira calls each kind of issue costs, in full
 * and catch-up mode, in a dry run, under the write cap and when the run has to stop.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import pino from 'pino';
import { enteredCurrentStatus } from '../../src/domain/index.ts';
import { MARKER_PROPERTY, VALIDATION_PROPERTY } from '../../src/rules/index.ts';
import { FAKE_STATUS, jiraUnavailable } from '../support/fake-jira.ts';
import { captureLog } from '../support/log-capture.ts';
import { ANALYST, CLINIC, RECEPTION } from '../rules/fixtures.ts';
import {
  DUE,
  NIGHT,
  NOT_DUE,
  REMINDER,
  SEARCHED_BOTH,
  SEARCHED_CATCH_UP,
  threads,
  world,
  writesIn,
  type World,
} from './in-memory.ts';

/** A due issue's calls: its fresh read, the closing comment and its read-back, the move. */
const CLOSE = (key: string) => [
  `rereadIssues ${key}`,
  `addComment ${key} public`,
  `commentsSince ${key}`,
  `transitionTo ${key} "Fechado"`,
];

/** A comment by `author` on each issue, some days before the night. */
function commentedBefore(
  w: World,
  keys: string[],
  author = CLINIC,
  iso = '2026-03-17T10:00:00-03:00',
) {
  w.clock.now = Date.parse(iso);
  for (const key of keys) w.jira.comment(key, author);
  w.clock.now = NIGHT;
}

function pendingSince(w: World, n: number, assignee = RECEPTION): string {
  const key = w.put(n, '2026-03-16T10:00:00-03:00', 'pending');
  w.jira.issues.get(key)!.assignee = assignee;
  return key;
}

describe('the full sweep against the in-memory Jira', () => {
  it('re-reads a due issue in a batch, then posts its closing comment and closes it; an issue not due costs no call of its own', async () => {
    const w = world();
    w.put(1, DUE);
    w.put(2, NOT_DUE);

    const report = await w.sweep();

    expect(threads(w.jira)).toEqual({ search: SEARCHED_BOTH, 'SUP-1': CLOSE('SUP-1') });
    expect(w.jira.issues.get('SUP-1')!.status).toEqual(FAKE_STATUS.closed);
    const [closing] = w.jira.comments.get('SUP-1')!;
    expect(closing!.properties[MARKER_PROPERTY]).toEqual({
      kind: 'closing',
      cycle: expect.any(String),
    });
    expect(report.counts).toMatchObject({ closed: 1, 'not-due': 1, failed: 0 });
    // One page call shared by two issues; the due one also spent a fresh read, two writes and the
    // closing comment's read-back.
    expect(report.jiraCalls.perNotDueIssue).toBe(0.5);
    expect(report.jiraCalls.perClosedIssue).toBe(4.5);
    expect(report.notDue).toEqual([
      { issue: 'SUP-2', closesAt: '2026-03-26T00:00:00-03:00', lastBusinessDay: '2026-03-25' },
    ]);
    expect(report.writes).toBe(2);
  });

  it('reminds once per cycle: the comment then the record in the issue property', async () => {
    const w = world();
    w.put(3, REMINDER);

    const first = await w.sweep();
    expect(threads(w.jira)).toEqual({
      search: SEARCHED_BOTH,
      'SUP-3': [
        'rereadIssues SUP-3',
        'addComment SUP-3 public',
        'commentsSince SUP-3',
        `setIssueProperty SUP-3 ${VALIDATION_PROPERTY}`,
      ],
    });
    expect(first.issues.reminded).toEqual(['SUP-3']);
    expect(w.jira.issues.get('SUP-3')!.properties?.[VALIDATION_PROPERTY]).toMatchObject({
      reminderCommentAt: new Date(NIGHT).toISOString(),
    });

    w.jira.calls.length = 0;
    const second = await w.sweep();
    expect(threads(w.jira)).toEqual({ search: SEARCHED_BOTH, 'SUP-3': ['rereadIssues SUP-3'] });
    // Not due yet, and already reminded: nothing to do.
    expect(second.counts).toMatchObject({ reminded: 0, 'not-due': 1 });
  });

  it("reopens a due issue on a customer comment found when re-read, instead of closing it; an analyst's comment does not stop the closing", async () => {
    const w = world();
    w.put(4, DUE);
    w.put(6, DUE);
    w.jira.groups.set(ANALYST.accountId, ['suporte']);
    commentedBefore(w, ['SUP-4']);
    commentedBefore(w, ['SUP-6'], ANALYST);

    const report = await w.sweep();

    expect(threads(w.jira)).toEqual({
      search: SEARCHED_BOTH,
      groups: ['userGroups analyst', 'userGroups clinic'],
      'SUP-4': [
        'rereadIssues SUP-4',
        'commentsSince SUP-4',
        'addComment SUP-4 internal',
        'commentsSince SUP-4',
        'transitionTo SUP-4 "Em Atendimento"',
      ],
      'SUP-6': [
        'rereadIssues SUP-6',
        'commentsSince SUP-6',
        'addComment SUP-6 public',
        'commentsSince SUP-6',
        'transitionTo SUP-6 "Fechado"',
      ],
    });
    expect(report.issues).toMatchObject({ reopened: ['SUP-4'], closed: ['SUP-6'] });
    expect(w.jira.issues.get('SUP-4')!.status).toEqual(FAKE_STATUS.analysts);
  });

  it('sends a pending issue with a customer reply back to the analyst who asked, then to the analysts', async () => {
    const w = world();
    pendingSince(w, 5);
    commentedBefore(w, ['SUP-5'], CLINIC, '2026-03-17T10:00:00-03:00');

    const report = await w.sweep();

    expect(threads(w.jira)).toEqual({
      search: SEARCHED_BOTH,
      groups: ['userGroups clinic'],
      'SUP-5': [
        'commentsSince SUP-5',
        'rereadIssues SUP-5', // decided from its page: read fresh before acting
        `assign SUP-5 ${ANALYST.accountId}`,
        'transitionTo SUP-5 "Em Atendimento"',
      ],
    });
    expect(report.issues['moved-to-analysts']).toEqual(['SUP-5']);
    expect(w.jira.issues.get('SUP-5')!.status).toEqual(FAKE_STATUS.analysts);
  });

  it('deletes the later copy of a closing comment two failed runs left, then only closes', async () => {
    const w = world();
    const key = w.put(1, DUE);
    const cycle = enteredCurrentStatus(w.jira.issues.get(key)!)!.historyId;
    // Two runs that raced the night before, both cut off by Jira after posting.
    w.clock.now = NIGHT - 86_400_000;
    const marked = { properties: { [MARKER_PROPERTY]: { kind: 'closing', cycle } } };
    const first = w.jira.comment(key, w.jira.bot, marked);
    const later = w.jira.comment(key, w.jira.bot, marked);
    w.clock.now = NIGHT;

    const report = await w.sweep();

    expect(threads(w.jira)).toEqual({
      search: SEARCHED_BOTH,
      'SUP-1': [
        'rereadIssues SUP-1',
        'commentsSince SUP-1',
        `deleteComment SUP-1 ${later.id}`,
        'transitionTo SUP-1 "Fechado"',
      ],
    });
    expect(w.jira.comments.get(key)).toEqual([first]);
    expect(report.issues).toEqual({ closed: ['SUP-1'] });
    expect(report.writes).toBe(2);
  });

  it('reports an issue another run closed after the fresh read as no action, posting nothing', async () => {
    const w = world();
    w.put(1, DUE);
    // A sweep in another process closes it between this run's fresh read and its first write.
    w.jira.beforeNext('planTransition', () => w.jira.move('SUP-1', FAKE_STATUS.closed, ANALYST));
    const log = captureLog();

    const report = await w.sweep({ log: log.logger });

    expect(threads(w.jira)).toEqual({ search: SEARCHED_BOTH, 'SUP-1': ['rereadIssues SUP-1'] });
    expect(report.issues).toEqual({ 'no-action': ['SUP-1'] });
    expect(log.find('sweep no action')).toEqual([
      expect.objectContaining({ issue: 'SUP-1', reason: 'already in "Fechado"' }),
    ]);
  });

  it('reports an issue gone when re-read as no action, with no other call', async () => {
    const w = world();
    w.put(1, DUE);
    // Deleted after the search page was read.
    w.onCall('searchIssues', () => w.jira.issues.delete('SUP-1'));

    const report = await w.sweep();

    expect(threads(w.jira)).toEqual({ search: SEARCHED_BOTH, 'SUP-1': ['rereadIssues SUP-1'] });
    expect(report.counts).toMatchObject({ 'no-action': 1, failed: 0 });
  });

  it('reports as moved only the issue a person moved before its close, takes its closing comment back, and never completes it another way', async () => {
    const w = world();
    w.put(1, DUE);
    w.put(2, DUE);
    w.onCall('addComment', (call) => {
      if (call.key === 'SUP-1') w.jira.move('SUP-1', FAKE_STATUS.analysts, ANALYST);
    });

    const report = await w.sweep();

    expect(threads(w.jira)).toEqual({
      search: SEARCHED_BOTH,
      'SUP-1': [...CLOSE('SUP-1'), expect.stringMatching(/^deleteComment SUP-1 \d+$/)],
      'SUP-2': CLOSE('SUP-2'),
    });
    expect(w.jira.comments.get('SUP-1') ?? []).toHaveLength(0);
    expect(report.issues).toMatchObject({ moved: ['SUP-1'], closed: ['SUP-2'] });
    expect(report.counts.failed).toBe(0);
    expect(report.plan.find((p) => p.issue === 'SUP-1')).toMatchObject({
      outcome: 'moved',
      reason: expect.stringContaining('it moved meanwhile'),
    });
    expect(report.stoppedEarly).toBeUndefined();
    expect(w.jira.issues.get('SUP-1')!.status).toEqual(FAKE_STATUS.analysts);
  });
});

describe('the paging and the fresh reads', () => {
  it('reads the next page while the current one is worked on, and reports in the order found', async () => {
    const w = world();
    w.jira.pageSize = 2;
    for (const [n, at] of [
      [1, NOT_DUE],
      [2, DUE],
      [3, DUE],
      [4, NOT_DUE],
      [5, DUE],
    ] as const)
      w.put(n, at);

    const report = await w.sweep({ concurrency: 2 });

    const sequence = w.jira.sequence();
    expect(sequence.indexOf('searchIssues page 2')).toBeLessThan(
      sequence.indexOf('addComment SUP-2 public'),
    );
    expect(sequence.indexOf('searchIssues page 3')).toBeLessThan(
      sequence.indexOf('addComment SUP-3 public'),
    );
    // One fresh read per batch of the page's due issues.
    expect(sequence.filter((call) => call.startsWith('rereadIssues'))).toEqual([
      'rereadIssues SUP-2',
      'rereadIssues SUP-3',
      'rereadIssues SUP-5',
    ]);
    expect(report.issues).toEqual({
      'not-due': ['SUP-1', 'SUP-4'],
      closed: ['SUP-2', 'SUP-3', 'SUP-5'],
    });
  });

  it('holds at most two batches of fresh reads at a time', async () => {
    const w = world();
    for (let n = 1; n <= 12; n++) w.put(n, DUE);
    const readNotDone = new Set<string>();
    let most = 0;
    w.onCall('rereadIssues', (call) => {
      for (const key of call.detail!.split(',')) readNotDone.add(key);
      most = Math.max(most, readNotDone.size);
    });
    w.onCall('transitionTo', (call) => readNotDone.delete(call.key!));

    const report = await w.sweep({ concurrency: 2 });

    expect(report.counts.closed).toBe(12);
    // Batches of two (the concurrency), the next read while one is acted on, and no more.
    expect(w.jira.sequence().filter((call) => call.startsWith('rereadIssues'))).toHaveLength(6);
    expect(most).toBe(4);
  });
});

describe('the catch-up sweep (every 15 minutes)', () => {
  it('searches recent updates only, repairs missed replies and rejections, and leaves closing for the nightly sweep', async () => {
    const w = world();
    w.put(1, DUE); // quiet since 03-02: not in the search
    w.put(2, DUE);
    w.put(3, NOT_DUE);
    pendingSince(w, 4);
    w.jira.groups.set(ANALYST.accountId, ['suporte']);
    const recently = new Date(NIGHT - 10 * 60_000).toISOString();
    commentedBefore(w, ['SUP-2'], ANALYST, recently);
    commentedBefore(w, ['SUP-3', 'SUP-4'], CLINIC, recently);
    const searched: string[] = [];
    const search = w.jira.searchIssues.bind(w.jira);
    w.jira.searchIssues = (jql, options) => {
      searched.push(jql);
      return search(jql, options);
    };

    const report = await w.sweep({ mode: 'catch-up' });

    expect(searched).toEqual([
      'project = SUP AND status in (10003) AND updated >= -60m ORDER BY key ASC',
      'project = SUP AND status in (10002) AND updated >= -60m ORDER BY key ASC',
      'project = SUP AND status in (6) AND updated >= -60m ORDER BY key ASC',
    ]);
    expect(threads(w.jira)).toEqual({
      search: SEARCHED_CATCH_UP,
      groups: ['userGroups analyst', 'userGroups clinic', 'userGroups clinic'],
      'SUP-2': ['commentsSince SUP-2'],
      'SUP-3': [
        'commentsSince SUP-3',
        'rereadIssues SUP-3',
        'addComment SUP-3 internal',
        'commentsSince SUP-3',
        'transitionTo SUP-3 "Em Atendimento"',
      ],
      'SUP-4': [
        'commentsSince SUP-4',
        'rereadIssues SUP-4',
        `assign SUP-4 ${ANALYST.accountId}`,
        'transitionTo SUP-4 "Em Atendimento"',
      ],
    });
    expect(report.mode).toBe('catch-up');
    expect(report.issues).toEqual({
      'no-action': ['SUP-2'],
      reopened: ['SUP-3'],
      'moved-to-analysts': ['SUP-4'],
    });
    expect(w.jira.issues.get('SUP-2')!.status).toEqual(FAKE_STATUS.validation);
  });

  it('says in its log line why a due issue it found is left alone', async () => {
    const w = world();
    w.put(2, DUE);
    w.jira.groups.set(ANALYST.accountId, ['suporte']);
    commentedBefore(w, ['SUP-2'], ANALYST, new Date(NIGHT - 60_000).toISOString());
    const lines: Array<Record<string, unknown>> = [];
    const log = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });

    const report = await w.sweep({ mode: 'catch-up', log });

    expect(report.counts['no-action']).toBe(1);
    expect(writesIn(w.jira)).toEqual([]);
    expect(lines.find((line) => line.msg === 'sweep no action')).toMatchObject({
      issue: 'SUP-2',
      rule: 'none',
      reason: expect.stringMatching(/^deadline passed .* \(left for the nightly sweep\)$/),
    });
  });
});

describe('a dry run', () => {
  it('reads what a real run reads, makes no write call, and plans every action', async () => {
    const w = world();
    w.put(1, DUE);
    w.put(3, REMINDER);
    w.put(4, DUE);
    pendingSince(w, 5);
    commentedBefore(w, ['SUP-4', 'SUP-5']);

    const report = await w.sweep({ dryRun: true });

    expect(writesIn(w.jira)).toEqual([]);
    expect(threads(w.jira)).toEqual({
      search: SEARCHED_BOTH,
      groups: ['userGroups clinic', 'userGroups clinic'],
      'SUP-1': ['rereadIssues SUP-1'],
      'SUP-3': ['rereadIssues SUP-3'],
      'SUP-4': ['rereadIssues SUP-4', 'commentsSince SUP-4'],
      'SUP-5': ['commentsSince SUP-5', 'rereadIssues SUP-5'],
    });
    expect(report).toMatchObject({ dryRun: true, writes: 0 });
    expect(report.counts).toMatchObject({
      closed: 1,
      reminded: 1,
      reopened: 1,
      'moved-to-analysts': 1,
    });
    expect(report.plan.map((p) => [p.issue, p.actions.length])).toEqual([
      ['SUP-1', 2],
      ['SUP-3', 2],
      ['SUP-4', 2],
      ['SUP-5', 2],
    ]);
  });
});

describe('the write cap', () => {
  it('defers what does not fit, with the cap in the reason', async () => {
    const w = world();
    for (const n of [1, 2, 3]) w.put(n, DUE);

    const report = await w.sweep({ maxWritesPerRun: 3 });

    expect(threads(w.jira)).toEqual({
      search: SEARCHED_BOTH,
      'SUP-1': CLOSE('SUP-1'),
      'SUP-2': ['rereadIssues SUP-2'],
      'SUP-3': ['rereadIssues SUP-3'],
    });
    expect(report.issues).toMatchObject({ closed: ['SUP-1'], deferred: ['SUP-2', 'SUP-3'] });
    expect(report.plan[1]!.reason).toMatch(/^write cap of 3 reached: deadline passed/);
  });

  it("keeps an issue's reservation when it fails half way", async () => {
    const w = world();
    for (const n of [1, 2, 3]) w.put(n, DUE);
    w.jira.failNext(
      'transitionTo',
      jiraUnavailable('POST /rest/api/3/issue/SUP-1/transitions'),
      'SUP-1',
    );

    const report = await w.sweep({ maxWritesPerRun: 4 });

    expect(report.issues).toMatchObject({
      failed: ['SUP-1'],
      closed: ['SUP-2'],
      deferred: ['SUP-3'],
    });
    expect(writesIn(w.jira)).toHaveLength(4); // the failed transition was a call, not a write
    expect(report.writes).toBe(3);
  });

  it('holds with eight issues side by side, and a dry run defers the same issues', async () => {
    const w = world();
    for (let n = 1; n <= 20; n++) w.put(n, DUE);

    const planned = await w.sweep({ maxWritesPerRun: 15, concurrency: 8, dryRun: true });
    const report = await w.sweep({ maxWritesPerRun: 15, concurrency: 8 });

    expect(report.counts).toMatchObject({ closed: 7, deferred: 13, failed: 0 });
    expect(planned.counts).toMatchObject({ closed: 7, deferred: 13 });
    expect(report.writes).toBe(14);
    expect(writesIn(w.jira)).toHaveLength(14);
    for (const key of report.issues.closed ?? []) {
      expect(w.jira.comments.get(key)).toHaveLength(1);
    }
    for (const key of report.issues.deferred ?? []) {
      expect(w.jira.comments.get(key)).toEqual([]);
    }
  });

  it('is never overshot, whatever the number of issues, the cap and the concurrency', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 24 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 8 }),
        async (issues, cap, concurrency) => {
          const w = world();
          for (let n = 1; n <= issues; n++) w.put(n, DUE);
          const report = await w.sweep({ maxWritesPerRun: cap, concurrency });
          const closed = Math.min(issues, Math.floor(cap / 2));
          expect(report.counts).toMatchObject({ closed, deferred: issues - closed });
          expect(writesIn(w.jira)).toHaveLength(2 * closed);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('when the run stops', () => {
  it('stops after five transient failures in a row, with the reason', async () => {
    const w = world();
    for (let n = 1; n <= 8; n++) {
      w.put(n, DUE);
      w.jira.failNext('addComment', jiraUnavailable(`POST /rest/api/3/issue/SUP-${n}/comment`));
    }

    const report = await w.sweep();

    expect(report.stoppedEarly).toBe(
      'Jira failed 5 times in a row: POST /rest/api/3/issue/SUP-5/comment failed: 503 Service Unavailable',
    );
    // Two batches of fresh reads are in hand at a time: the sixth issue was started beside the
    // fifth; the seventh and eighth are not read again.
    const failing = (key: string) => [`rereadIssues ${key}`, `addComment ${key} public`];
    expect(threads(w.jira)).toEqual({
      search: SEARCHED_BOTH,
      ...Object.fromEntries([1, 2, 3, 4, 5, 6].map((n) => [`SUP-${n}`, failing(`SUP-${n}`)])),
    });
    expect(report.issues).toEqual({
      failed: ['SUP-1', 'SUP-2', 'SUP-3', 'SUP-4', 'SUP-5', 'SUP-6'],
    });
  });

  it('on shutdown, starts no new issue and finishes those in hand', async () => {
    const w = world();
    for (let n = 1; n <= 8; n++) w.put(n, DUE);
    let stopping = false;
    w.onCall('addComment', () => (stopping = true));

    const report = await w.sweep({ concurrency: 2, shouldStop: () => stopping });

    expect(report.stoppedEarly).toBe('shutting down');
    // Two batches of two were in hand at the first write: they are finished, the rest not read.
    const batch = (keys: string) => (key: string) => [
      `rereadIssues ${keys}`,
      `addComment ${key} public`,
      `commentsSince ${key}`,
      `transitionTo ${key} "Fechado"`,
    ];
    expect(threads(w.jira)).toEqual({
      search: SEARCHED_BOTH,
      'SUP-1': batch('SUP-1,SUP-2')('SUP-1'),
      'SUP-2': batch('SUP-1,SUP-2')('SUP-2'),
      'SUP-3': batch('SUP-3,SUP-4')('SUP-3'),
      'SUP-4': batch('SUP-3,SUP-4')('SUP-4'),
    });
    expect(report.issues).toEqual({ closed: ['SUP-1', 'SUP-2', 'SUP-3', 'SUP-4'] });
  });

  it('ends with its report when a search fails', async () => {
    const w = world();
    w.put(1, DUE);
    pendingSince(w, 5);
    w.onCall('statusIds', (call) => {
      if (call.detail?.includes('Pendente')) w.jira.failNext('searchIssues', jiraUnavailable());
    });

    const report = await w.sweep();

    expect(report.stoppedEarly).toBe(
      'Jira failed: GET /rest/api/3/search/jql failed: 503 Service Unavailable',
    );
    expect(report.issues).toEqual({ closed: ['SUP-1'] });
    expect(threads(w.jira)).toEqual({ search: SEARCHED_BOTH, 'SUP-1': CLOSE('SUP-1') });
  });

  it('raises a bug once the issues in hand are done, and starts nothing after it', async () => {
    const w = world();
    for (let n = 1; n <= 8; n++) w.put(n, DUE);
    commentedBefore(w, ['SUP-1'], ANALYST);
    w.jira.failNext('commentsSince', new TypeError('a bug in reading comments'));

    await expect(w.sweep({ concurrency: 2 })).rejects.toThrow('a bug in reading comments');

    // SUP-2 beside SUP-1 and the next batch were in hand: finished; the rest is not read.
    const closed = (keys: string) => (key: string) => [
      `rereadIssues ${keys}`,
      `addComment ${key} public`,
      `commentsSince ${key}`,
      `transitionTo ${key} "Fechado"`,
    ];
    expect(threads(w.jira)).toEqual({
      search: SEARCHED_BOTH,
      'SUP-1': ['rereadIssues SUP-1,SUP-2', 'commentsSince SUP-1'],
      'SUP-2': closed('SUP-1,SUP-2')('SUP-2'),
      'SUP-3': closed('SUP-3,SUP-4')('SUP-3'),
      'SUP-4': closed('SUP-3,SUP-4')('SUP-4'),
    });
  });
});
