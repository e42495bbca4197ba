import { describe, expect, it } from '@jest/globals';
import { NetworkError } from 'jira.js';
import { isPermanentJiraError, isTransientJiraError } from '../../src/jira/index.ts';
import { toApiError } from '../../src/jira/http-errors.ts';

/** The error the transport throws when Jira answers `status`. */
function answered(status: number) {
  return toApiError(new Response('{}', { status }), '{}', 'GET', '/rest/api/3/issue/SUP-1');
}

describe('how a Jira failure is classified', () => {
  it.each([400, 403, 404, 409, 413, 422])(
    'a %i is permanent: that request is refused for good',
    (status) => {
      expect(isPermanentJiraError(answered(status))).toBe(true);
      expect(isTransientJiraError(answered(status))).toBe(false);
    },
  );

  it.each([429, 500, 503])('a %i is transient, never permanent', (status) => {
    expect(isTransientJiraError(answered(status))).toBe(true);
    expect(isPermanentJiraError(answered(status))).toBe(false);
  });

  it('a 401 (the credentials), a network failure and a bug are not permanent refusals', () => {
    expect(isPermanentJiraError(answered(401))).toBe(false);
    expect(
      isPermanentJiraError(new NetworkError('no answer', { cause: undefined, transient: true })),
    ).toBe(false);
    expect(isPermanentJiraError(new TypeError('a bug'))).toBe(false);
  });
});
