/**
 * Every value the gateway puts into a URL path stays one segment (issue 13, item 4). jira.js builds
 * `/rest/api/3/issue/${issueIdOrKey}` without encoding, and URL parsing resolves `..`, so the key
 * `SUP-1/../../myself` used to be a request for `/rest/api/3/myself`. Here every gateway call that
 * takes a key, a comment id, a property key or a project key is made with hostile values, and the
 * path that reaches the wire (nock sees what fetch sends) is asserted.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { IssueSnapshot } from '../../src/domain/index.ts';
import type { JiraGateway } from '../../src/jira/index.ts';
import { PathSegmentError } from '../../src/jira/path-segment.ts';
import { Transitions } from '../../src/jira/transitions.ts';
import { useNock } from '../setup/no-network.ts';
import { setup, SITE } from './support.ts';

useNock();

const HOSTILE = 'SUP-1/../../myself';
const ENCODED = 'SUP-1%2F..%2F..%2Fmyself';

/** Every request on the wire as `METHOD path` (query left out), each answered 404. */
function recordAll(): string[] {
  const seen: string[] = [];
  for (const method of ['get', 'post', 'put', 'delete'] as const) {
    nock(SITE)
      .persist()
      [method](/.*/)
      .query(true)
      // nock 15 hands the reply the fetch Request, its URL already parsed as fetch sends it.
      .reply((request: unknown) => {
        seen.push(`${method.toUpperCase()} ${new URL((request as Request).url).pathname}`);
        return [404, { errorMessages: ['Issue does not exist'], errors: {} }];
      });
  }
  return seen;
}

function snapshot(key: string): IssueSnapshot {
  return {
    id: '10001',
    key,
    projectKey: 'SUP',
    issueTypeId: '10001',
    status: { id: '10003', name: 'Pendente Informação do cliente' },
  };
}

/** Each gateway call that names an issue, and the path it must reach Jira as. */
const CALLS: Array<[string, (g: JiraGateway, key: string) => Promise<unknown>, string]> = [
  ['getIssue', (g, k) => g.getIssue(k, { changelog: true }), `GET /rest/api/3/issue/${ENCODED}`],
  ['statusHistory', (g, k) => g.statusHistory(k), `GET /rest/api/3/issue/${ENCODED}/changelog`],
  ['commentsSince', (g, k) => g.commentsSince(k, 0), `GET /rest/api/3/issue/${ENCODED}/comment`],
  [
    'getComment',
    (g, k) => g.getComment(k, '10500'),
    `GET /rest/api/3/issue/${ENCODED}/comment/10500`,
  ],
  ['addComment', (g, k) => g.addComment(k, 'Olá'), `POST /rest/api/3/issue/${ENCODED}/comment`],
  [
    'deleteComment',
    (g, k) => g.deleteComment(k, '10500'),
    `DELETE /rest/api/3/issue/${ENCODED}/comment/10500`,
  ],
  ['assign', (g, k) => g.assign(k, 'analyst-1'), `PUT /rest/api/3/issue/${ENCODED}/assignee`],
  [
    'setIssueProperty',
    (g, k) => g.setIssueProperty(k, 'jira-support.validation', { cycle: '1' }),
    `PUT /rest/api/3/issue/${ENCODED}/properties/jira-support.validation`,
  ],
  [
    'planTransition',
    (g, k) => g.planTransition(snapshot(k), { name: 'Em Atendimento' }),
    `GET /rest/api/3/issue/${ENCODED}/transitions`,
  ],
];

let seen: string[];

beforeEach(() => {
  nock.cleanAll();
  seen = recordAll();
});

afterEach(() => {
  nock.cleanAll();
});

describe('a hostile issue key stays one path segment', () => {
  it.each(CALLS)('%s', async (_, call, expected) => {
    const { gateway } = setup({ retry: { maxAttempts: 1 } });
    await expect(call(gateway, HOSTILE)).rejects.toThrow(/404/);
    expect(seen).toEqual([expected]);
  });

  it.each(CALLS)(
    '%s: a key of "." or ".." or "" is refused before any request',
    async (_, call) => {
      const { gateway } = setup({ retry: { maxAttempts: 1 } });
      for (const key of ['.', '..', '']) {
        await expect(call(gateway, key)).rejects.toThrow(PathSegmentError);
      }
      expect(seen).toEqual([]);
    },
  );
});

describe('the other values the gateway puts into paths', () => {
  it('a comment id and a property key are encoded, "..", "." refused', async () => {
    const { gateway } = setup({ retry: { maxAttempts: 1 } });
    await expect(gateway.getComment('SUP-1', '../../../myself')).rejects.toThrow(/404/);
    await expect(gateway.deleteComment('SUP-1', '..')).rejects.toThrow(PathSegmentError);
    await expect(gateway.setIssueProperty('SUP-1', '.', {})).rejects.toThrow(PathSegmentError);
    await expect(gateway.setIssueProperty('SUP-1', 'a/b', {})).rejects.toThrow(/404/);
    expect(seen).toEqual([
      'GET /rest/api/3/issue/SUP-1/comment/..%2F..%2F..%2Fmyself',
      'PUT /rest/api/3/issue/SUP-1/properties/a%2Fb',
    ]);
  });

  it("a project key in the statuses look-up; an admin webhook's id", async () => {
    const { gateway } = setup({ retry: { maxAttempts: 1 } });
    await expect(gateway.statusIds('SUP/../..', { name: 'Fechado' })).rejects.toThrow(/404/);
    await expect(gateway.deleteAdminWebhook('1/../..')).rejects.toThrow(/404/);
    await expect(gateway.deleteAdminWebhook('..')).rejects.toThrow(PathSegmentError);
    expect(seen).toEqual([
      'GET /rest/api/3/project/SUP%2F..%2F../statuses',
      'DELETE /rest/webhooks/1.0/webhook/1%2F..%2F..',
    ]);
  });
});

describe('a move', () => {
  it('lists and takes the transition under the encoded key', async () => {
    const asked: string[] = [];
    const moves = new Transitions(
      {
        getTransitions: async ({ issueIdOrKey }) => {
          asked.push(`getTransitions ${issueIdOrKey}`);
          return {
            transitions: [{ id: '41', name: 'Responder', to: { id: '3', name: 'Em Atendimento' } }],
          };
        },
        doTransition: async ({ issueIdOrKey }) => void asked.push(`doTransition ${issueIdOrKey}`),
      },
      async () => snapshot(HOSTILE),
    );
    await moves.moveTo(snapshot(HOSTILE), { name: 'Em Atendimento' });
    expect(asked).toEqual([`getTransitions ${ENCODED}`, `doTransition ${ENCODED}`]);
  });
});

describe('the reconciled re-read builds JQL from keys', () => {
  it('refuses a key that is not a Jira key instead of sending it as JQL', async () => {
    const { gateway } = setup({ retry: { maxAttempts: 1 } });
    const batch = [
      { id: '10001', key: 'SUP-1' },
      { id: '10002', key: 'SUP-2) OR project = OPS' },
    ];
    await expect(gateway.rereadIssues(batch)).rejects.toThrow(/not a Jira issue key/);
    expect(seen).toEqual([]);
  });
});
