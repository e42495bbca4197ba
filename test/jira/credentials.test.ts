import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { CredentialsRefusedError } from '../../src/jira/index.ts';
import { useNock } from '../setup/no-network.ts';
import { setup, SITE, TOKEN } from './support.ts';

// A 401 says what to do, told apart by whether these credentials ever worked.

useNock();

const BOT = { accountId: 'bot-1', displayName: 'Bot', accountType: 'atlassian' };
const REFUSED = { errorMessages: ['Client must be authenticated to access this resource.'] };
const GATEWAY = 'https://api.atlassian.com';
const CLOUD_PATH = '/ex/jira/11111111-2222-3333-4444-555555555555';

beforeEach(() => {
  nock.cleanAll();
});
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
});

async function refusal(call: () => Promise<unknown>): Promise<CredentialsRefusedError> {
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CredentialsRefusedError);
  return error as CredentialsRefusedError;
}

describe('a 401 from Jira', () => {
  it('on the very first call says the credentials are wrong, not that the token expired', async () => {
    const { gateway } = setup();
    nock(SITE).get('/rest/api/3/myself').reply(401, REFUSED);
    const error = await refusal(() => gateway.myself());
    expect(error.workedBefore).toBe(false);
    expect(error.status).toBe(401);
    expect(error.message).toMatch(
      /^GET \/rest\/api\/3\/myself failed: 401 .*: the credentials are wrong: check JIRA_EMAIL and JIRA_API_TOKEN/,
    );
    expect(error.message).not.toMatch(/revoked|expired/);
  });

  it('after the same credentials worked says the API token was revoked or expired', async () => {
    const { gateway } = setup();
    nock(SITE)
      .get('/rest/api/3/myself')
      .reply(200, BOT)
      .get('/rest/api/3/myself')
      .reply(401, REFUSED);
    await gateway.myself();
    const error = await refusal(() => gateway.myself());
    expect(error.workedBefore).toBe(true);
    expect(error.message).toContain(
      'the API token was revoked or expired (tokens expire within a year)',
    );
    expect(error.message).toContain('JIRA_API_TOKEN');
    expect(error.message).not.toContain(TOKEN);
  });

  it('after a 403 (an authenticated refusal) counts as having worked too', async () => {
    const { gateway } = setup();
    nock(SITE)
      .get('/rest/api/3/myself')
      .reply(403, { errorMessages: ['no'] })
      .get('/rest/api/3/myself')
      .reply(401, REFUSED);
    await expect(gateway.myself()).rejects.toMatchObject({ status: 403 });
    expect((await refusal(() => gateway.myself())).workedBefore).toBe(true);
  });
});

describe('the api.atlassian.com form of the base URL (scoped API tokens)', () => {
  it('keeps the /ex/jira/{cloudId} prefix on every request', async () => {
    const { gateway } = setup({ baseUrl: `${GATEWAY}${CLOUD_PATH}/` });
    nock(GATEWAY).get(`${CLOUD_PATH}/rest/api/3/myself`).reply(200, BOT);
    expect((await gateway.myself()).accountId).toBe('bot-1');
  });
});
