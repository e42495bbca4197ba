import { describe, expect, it } from '@jest/globals';
import { parseHandledPayload } from '../../src/webhooks/index.ts';
import { commentCreatedBody } from './support.ts';

const RECEIVED = 1_800_000_000_000;

function issueUpdatedBody(items: unknown[]): Record<string, unknown> {
  return {
    timestamp: 1771012800000,
    webhookEvent: 'jira:issue_updated',
    issue_event_type_name: 'issue_generic',
    user: { accountId: 'analyst-1', displayName: 'Analista', accountType: 'atlassian' },
    issue: {
      id: '10042',
      key: 'SUP-42',
      fields: {
        project: { id: '10000', key: 'SUP' },
        status: { id: '10003', name: 'Tarefa Resolvida – Aguardando Validação do cliente' },
        issuetype: { id: '10001' },
      },
    },
    changelog: { id: '555', items },
  };
}

describe('handled payloads', () => {
  it('map a customer comment to the contract, with the comment author as the actor', () => {
    const result = parseHandledPayload('comment_created', commentCreatedBody(), RECEIVED);
    expect(result).toEqual({
      ok: true,
      payload: {
        webhookEvent: 'comment_created',
        timestamp: 1771012800000,
        issue: {
          id: '10042',
          key: 'SUP-42',
          projectKey: 'SUP',
          projectId: '10000',
          status: { id: '10002', name: 'Pendente Informação do cliente' },
          issueTypeId: '10001',
        },
        comment: {
          id: '10100',
          author: {
            accountId: 'clinic-account-1',
            displayName: 'Clínica Exemplo',
            accountType: 'customer',
          },
          body: 'Segue o print solicitado.',
          createdMs: Date.parse('2026-02-13T20:00:00.000Z'),
          jsdPublic: true,
        },
      },
    });
  });

  it('accept an ADF comment body and a comment without jsdPublic', () => {
    const body = commentCreatedBody({
      body: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [] }] },
    });
    delete (body.comment as Record<string, unknown>).jsdPublic;
    const result = parseHandledPayload('comment_created', body, RECEIVED);
    if (!result.ok || result.payload.webhookEvent !== 'comment_created') throw new Error('parsed');
    expect(result.payload.comment.body).toEqual(expect.objectContaining({ type: 'doc' }));
    expect('jsdPublic' in result.payload.comment).toBe(false);
  });

  it('keep an internal note recognisable by jsdPublic false', () => {
    const body = commentCreatedBody();
    (body.comment as Record<string, unknown>).jsdPublic = false;
    const result = parseHandledPayload('comment_created', body, RECEIVED);
    expect(result.ok && result.payload.webhookEvent === 'comment_created').toBe(true);
    if (result.ok && result.payload.webhookEvent === 'comment_created') {
      expect(result.payload.comment.jsdPublic).toBe(false);
    }
  });

  it('carry a visibility restriction, which Jira sends beside jsdPublic true', () => {
    const body = commentCreatedBody();
    (body.comment as Record<string, unknown>).visibility = {
      type: 'role',
      value: 'Service Desk Team',
      identifier: null,
    };
    const result = parseHandledPayload('comment_created', body, RECEIVED);
    if (!result.ok || result.payload.webhookEvent !== 'comment_created') throw new Error('parsed');
    expect(result.payload.comment).toMatchObject({
      jsdPublic: true,
      visibility: { type: 'role', value: 'Service Desk Team' },
    });
  });

  it('carry no visibility when the body has none, or a null one', () => {
    for (const visibility of [undefined, null]) {
      const body = commentCreatedBody();
      if (visibility === null) (body.comment as Record<string, unknown>).visibility = null;
      const result = parseHandledPayload('comment_created', body, RECEIVED);
      if (!result.ok || result.payload.webhookEvent !== 'comment_created')
        throw new Error('parsed');
      expect('visibility' in result.payload.comment).toBe(false);
    }
  });

  it('keep an author without accountType (a private profile) as it came', () => {
    const body = commentCreatedBody();
    (body.comment as Record<string, unknown>).author = { accountId: 'clinic-private' };
    const result = parseHandledPayload('comment_created', body, RECEIVED);
    if (!result.ok || result.payload.webhookEvent !== 'comment_created') throw new Error('parsed');
    expect(result.payload.comment.author).toEqual({ accountId: 'clinic-private' });
  });

  it('accept numeric ids and a missing timestamp (hand-written Automation bodies)', () => {
    const body = commentCreatedBody();
    delete body.timestamp;
    (body.issue as Record<string, unknown>).id = 10042;
    const result = parseHandledPayload('comment_created', body, RECEIVED);
    expect(result.ok && result.payload.issue.id).toBe('10042');
    expect(result.ok && result.payload.timestamp).toBe(RECEIVED);
  });

  it('drop an author that has no accountId rather than reject the delivery', () => {
    const body = commentCreatedBody();
    (body.comment as Record<string, unknown>).author = { name: 'admin', key: 'admin' };
    const result = parseHandledPayload('comment_created', body, RECEIVED);
    expect(result.ok && result.payload.webhookEvent === 'comment_created').toBe(true);
    if (result.ok && result.payload.webhookEvent === 'comment_created') {
      expect(result.payload.comment.author).toBeUndefined();
    }
  });

  it('keep only the status items of a changelog, resolution and status together', () => {
    const result = parseHandledPayload(
      'jira:issue_updated',
      issueUpdatedBody([
        {
          field: 'resolution',
          fieldtype: 'jira',
          fieldId: 'resolution',
          from: null,
          fromString: null,
          to: '10000',
          toString: 'Done',
        },
        {
          field: 'status',
          fieldtype: 'jira',
          fieldId: 'status',
          from: '3',
          fromString: 'Em Atendimento',
          to: '10003',
          toString: 'Tarefa Resolvida – Aguardando Validação do cliente',
        },
      ]),
      RECEIVED,
    );
    expect(result).toEqual({
      ok: true,
      payload: expect.objectContaining({
        webhookEvent: 'jira:issue_updated',
        user: { accountId: 'analyst-1', displayName: 'Analista', accountType: 'atlassian' },
        statusChanges: [
          {
            from: '3',
            fromString: 'Em Atendimento',
            to: '10003',
            toString: 'Tarefa Resolvida – Aguardando Validação do cliente',
          },
        ],
      }),
    });
  });

  it('ignore a custom field named status and read the status item without a fieldId', () => {
    const result = parseHandledPayload(
      'jira:issue_updated',
      issueUpdatedBody([
        {
          field: 'Status',
          fieldtype: 'custom',
          fieldId: 'customfield_10100',
          from: null,
          fromString: 'a',
          to: null,
          toString: 'b',
        },
        {
          field: 'status',
          fieldtype: 'jira',
          from: '1',
          fromString: 'Aberto',
          to: '3',
          toString: 'Em Atendimento',
        },
      ]),
      RECEIVED,
    );
    expect(
      result.ok &&
        result.payload.webhookEvent === 'jira:issue_updated' &&
        result.payload.statusChanges,
    ).toEqual([{ from: '1', fromString: 'Aberto', to: '3', toString: 'Em Atendimento' }]);
  });

  it('read an item without toString as null, not as Object.prototype.toString', () => {
    const result = parseHandledPayload(
      'jira:issue_updated',
      issueUpdatedBody([{ field: 'status', fieldId: 'status', from: '1', to: '3' }]),
      RECEIVED,
    );
    expect(
      result.ok &&
        result.payload.webhookEvent === 'jira:issue_updated' &&
        result.payload.statusChanges,
    ).toEqual([{ from: '1', fromString: null, to: '3', toString: null }]);
  });

  it('accept an issue_updated without a changelog as one without status changes', () => {
    const body = issueUpdatedBody([]);
    delete body.changelog;
    const result = parseHandledPayload('jira:issue_updated', body, RECEIVED);
    expect(
      result.ok &&
        result.payload.webhookEvent === 'jira:issue_updated' &&
        result.payload.statusChanges,
    ).toEqual([]);
  });

  it('reject a comment_created without issue.key, naming the path', () => {
    const body = commentCreatedBody();
    delete (body.issue as Record<string, unknown>).key;
    expect(parseHandledPayload('comment_created', body, RECEIVED)).toEqual({
      ok: false,
      reason: 'issue.key: required (string)',
    });
  });

  it('name the path and the wrong type without echoing the value', () => {
    const body = issueUpdatedBody([
      { field: 'status', fieldId: 'status', from: '1', to: { id: 'secret-ish' } },
    ]);
    const result = parseHandledPayload('jira:issue_updated', body, RECEIVED);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toMatch(/^changelog\.items\[0\]\.to: /);
      expect(result.reason).not.toContain('secret-ish');
    }
  });

  it('reject a comment whose created time is not a Jira date-time', () => {
    const body = commentCreatedBody();
    (body.comment as Record<string, unknown>).created = 'yesterday';
    expect(parseHandledPayload('comment_created', body, RECEIVED)).toEqual({
      ok: false,
      reason: 'comment.created: expected a Jira date-time',
    });
  });
});
