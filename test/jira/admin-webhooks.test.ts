import { describe, expect, it } from '@jest/globals';
import type { Client, SendRequestOptions } from 'jira.js/core';
import {
  createAdminWebhook,
  deleteAdminWebhook,
  listAdminWebhooks,
  type AdminWebhookInput,
} from '../../src/jira/admin-webhooks.ts';

/** A transport that records each request and answers with the next of `answers`. */
function recordingTransport(...answers: unknown[]) {
  const requests: Array<SendRequestOptions<unknown>> = [];
  const transport: Client = {
    async sendRequest<T>(request: SendRequestOptions<T>): Promise<T> {
      requests.push(request as SendRequestOptions<unknown>);
      return answers.shift() as T;
    },
  };
  return { transport, requests };
}

const SELF = 'https://example.atlassian.net/rest/webhooks/1.0/webhook';

describe('admin webhooks', () => {
  it('are listed with the id taken from `self`', async () => {
    const { transport, requests } = recordingTransport([
      {
        self: `${SELF}/17`,
        name: 'jira-support-middleware',
        url: 'https://svc.example.com/webhooks/jira',
        events: ['comment_created', 'jira:issue_updated'],
        filters: { 'issue-related-events-section': 'project = SUP' },
        enabled: true,
      },
      { self: `${SELF}/18`, name: 'other' },
    ]);
    await expect(listAdminWebhooks(transport)).resolves.toEqual([
      {
        id: '17',
        name: 'jira-support-middleware',
        url: 'https://svc.example.com/webhooks/jira',
        events: ['comment_created', 'jira:issue_updated'],
        filters: { 'issue-related-events-section': 'project = SUP' },
        enabled: true,
      },
      { id: '18', name: 'other', url: '', events: [], filters: {} },
    ]);
    expect(requests).toEqual([{ url: '/rest/webhooks/1.0/webhook', method: 'GET' }]);
  });

  it('are none when Jira answers with no body', async () => {
    const { transport } = recordingTransport(undefined);
    await expect(listAdminWebhooks(transport)).resolves.toEqual([]);
  });

  it('are created with the input as the body, secret included', async () => {
    const input: AdminWebhookInput = {
      name: 'jira-support-middleware',
      url: 'https://svc.example.com/webhooks/jira',
      events: ['comment_created'],
      filters: { 'issue-related-events-section': 'project = SUP' },
      excludeBody: false,
      secret: 's3cret',
    };
    const { transport, requests } = recordingTransport({ ...input, self: `${SELF}/21` });
    await expect(createAdminWebhook(transport, input)).resolves.toMatchObject({
      id: '21',
      name: 'jira-support-middleware',
    });
    expect(requests).toEqual([{ url: '/rest/webhooks/1.0/webhook', method: 'POST', body: input }]);
  });

  it('are deleted by id, the id encoded into the path', async () => {
    const { transport, requests } = recordingTransport(undefined);
    await deleteAdminWebhook(transport, '21/../x');
    expect(requests).toEqual([{ url: '/rest/webhooks/1.0/webhook/21%2F..%2Fx', method: 'DELETE' }]);
  });
});
