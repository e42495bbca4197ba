import { describe, expect, it } from '@jest/globals';
import {
  ConfigError,
  environmentSecrets,
  issueLink,
  loadEnv,
  siteUrlOf,
  usesEmbeddedSandbox,
} from '../../src/config/index.ts';
import { jiraConnection } from '../../src/service/jira-connection.ts';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the environment to be rejected');
}

describe('the environment', () => {
  it('needs nothing in development: the embedded sandbox is the Jira', () => {
    const env = loadEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.SANDBOX_PORT).toBe(4010);
    expect(env.CONFIG_FILE).toBe('config/projects.yaml');
    expect(env.SCHEDULER_ENABLED).toBe(true);
    expect(usesEmbeddedSandbox(env)).toBe(true);
  });

  it('refuses production without a Jira and names the missing variables', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      'JIRA_BASE_URL: required',
      'JIRA_EMAIL: required',
      'JIRA_API_TOKEN: required',
    ]);
  });

  it('needs credentials and a webhook secret once a Jira site is set', () => {
    expect(problemsOf({ JIRA_BASE_URL: 'https://example.atlassian.net' })).toEqual([
      'JIRA_EMAIL: required',
      'JIRA_API_TOKEN: required',
      expect.stringMatching(/^WEBHOOK_SECRETS: required/),
    ]);
  });

  it('splits rotated webhook secrets, current first', () => {
    const env = loadEnv({
      JIRA_BASE_URL: 'https://example.atlassian.net',
      JIRA_EMAIL: 'bot@example.com',
      JIRA_API_TOKEN: 'token',
      WEBHOOK_SECRETS: 'new-secret, old-secret,',
      SCHEDULER_ENABLED: 'false',
    });
    expect(env.WEBHOOK_SECRETS).toEqual(['new-secret', 'old-secret']);
    expect(env.SCHEDULER_ENABLED).toBe(false);
    expect(usesEmbeddedSandbox(env)).toBe(false);
  });

  it('rejects malformed values without echoing secrets', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      JIRA_BASE_URL: 'not a url',
      JIRA_API_TOKEN: 'super-secret-token',
      LOG_LEVEL: 'loud',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'PORT: expected number, got "eighty"',
        expect.stringMatching(/^JIRA_BASE_URL: expected the site URL/),
        expect.stringMatching(/^LOG_LEVEL: /),
      ]),
    );
    expect(problems.join('\n')).not.toContain('super-secret-token');
  });

  it('bounds webhook bodies: 1 MiB each and 10 s by default, and a cap no smaller than one body', () => {
    const env = loadEnv({});
    expect(env.WEBHOOK_MAX_BODY_BYTES).toBe(1024 * 1024);
    expect(env.WEBHOOK_MAX_PENDING_BYTES).toBeUndefined();
    expect(env.WEBHOOK_BODY_TIMEOUT_MS).toBe(10_000);
    expect(loadEnv({ WEBHOOK_MAX_PENDING_BYTES: '8388608' }).WEBHOOK_MAX_PENDING_BYTES).toBe(
      8 * 1024 * 1024,
    );
    expect(
      problemsOf({ WEBHOOK_MAX_BODY_BYTES: '2097152', WEBHOOK_MAX_PENDING_BYTES: '1048576' }),
    ).toEqual(['WEBHOOK_MAX_PENDING_BYTES: must be at least WEBHOOK_MAX_BODY_BYTES (2097152)']);
    expect(problemsOf({ WEBHOOK_BODY_TIMEOUT_MS: '10' })).toEqual([
      expect.stringMatching(/^WEBHOOK_BODY_TIMEOUT_MS: /),
    ]);
  });

  it.each([
    'https://bot%40example.com:url-pass-9Kq@example.atlassian.net',
    'https://url-pass-9Kq@example.atlassian.net',
    'https://:url-pass-9Kq@example.atlassian.net/',
  ])('refuses a JIRA_BASE_URL with credentials in it, without repeating it (%#)', (url) => {
    const problems = problemsOf({
      JIRA_BASE_URL: url,
      JIRA_EMAIL: 'bot@example.com',
      JIRA_API_TOKEN: 'api-token-1234',
      WEBHOOK_SECRETS: 'webhook-secret-1',
    });
    expect(problems).toEqual([
      expect.stringMatching(/^JIRA_BASE_URL: must not carry credentials .*JIRA_API_TOKEN$/),
    ]);
    expect(problems.join('\n')).not.toMatch(/url-pass-9Kq|bot%40example|example\.atlassian/);
  });
});

describe('the api.atlassian.com form of JIRA_BASE_URL (scoped API tokens)', () => {
  const CLOUD = 'https://api.atlassian.com/ex/jira/0f5a0e8c-1b2c-4d3e-8f90-a1b2c3d4e5f6';
  const base = {
    JIRA_EMAIL: 'bot@example.com',
    JIRA_API_TOKEN: 'api-token-1234',
    WEBHOOK_SECRETS: 'webhook-secret-1',
  };

  it('is accepted with JIRA_SITE_URL, the site links point at', () => {
    const env = loadEnv({
      ...base,
      JIRA_BASE_URL: CLOUD,
      JIRA_SITE_URL: 'https://example.atlassian.net',
    });
    expect(env.JIRA_BASE_URL).toBe(CLOUD);
    expect(siteUrlOf(env)).toBe('https://example.atlassian.net');
    expect(issueLink(siteUrlOf(env)!, 'SUP-7')).toBe('https://example.atlassian.net/browse/SUP-7');
  });

  it('needs JIRA_SITE_URL, and says so without repeating the URL', () => {
    const problems = problemsOf({ ...base, JIRA_BASE_URL: CLOUD });
    expect(problems).toEqual([
      expect.stringMatching(
        /^JIRA_SITE_URL: required with the api\.atlassian\.com form of JIRA_BASE_URL/,
      ),
    ]);
    expect(problems.join('\n')).not.toContain('0f5a0e8c');
  });

  it.each([
    'https://api.atlassian.com/ex/jira',
    'https://api.atlassian.com/ex/confluence/0f5a0e8c-1b2c-4d3e-8f90-a1b2c3d4e5f6',
    'https://api.atlassian.com/ex/jira/example.atlassian.net',
    'http://api.atlassian.com/ex/jira/0f5a0e8c-1b2c-4d3e-8f90-a1b2c3d4e5f6',
  ])('refuses a malformed gateway URL and names the form (%s)', (url) => {
    const problems = problemsOf({
      ...base,
      JIRA_BASE_URL: url,
      JIRA_SITE_URL: 'https://example.atlassian.net',
    });
    expect(problems).toEqual([
      expect.stringMatching(
        /^JIRA_BASE_URL: the api\.atlassian\.com form is https:\/\/api\.atlassian\.com\/ex\/jira\/\{cloudId\}/,
      ),
    ]);
  });

  it('refuses a JIRA_SITE_URL that is the gateway, or carries credentials', () => {
    expect(problemsOf({ ...base, JIRA_BASE_URL: CLOUD, JIRA_SITE_URL: CLOUD })).toEqual([
      expect.stringMatching(/^JIRA_SITE_URL: must be the site people open/),
    ]);
    const problems = problemsOf({
      ...base,
      JIRA_BASE_URL: CLOUD,
      JIRA_SITE_URL: 'https://u:site-pass-7@example.atlassian.net',
    });
    expect(problems).toEqual([expect.stringMatching(/^JIRA_SITE_URL: must not carry credentials/)]);
    expect(problems.join('\n')).not.toContain('site-pass-7');
  });

  it("gives the service's connection the gateway for calls and the site for links", () => {
    const connection = jiraConnection(
      loadEnv({ ...base, JIRA_BASE_URL: CLOUD, JIRA_SITE_URL: 'https://example.atlassian.net' }),
    );
    expect(connection).toMatchObject({
      baseUrl: CLOUD,
      siteUrl: 'https://example.atlassian.net',
      sandbox: false,
    });
  });

  it('leaves the site form as it was: links use JIRA_BASE_URL when JIRA_SITE_URL is unset', () => {
    const env = loadEnv({ ...base, JIRA_BASE_URL: 'https://example.atlassian.net' });
    expect(siteUrlOf(env)).toBe('https://example.atlassian.net');
  });
});

describe('the secrets an environment holds', () => {
  it('are read from the secret variables alone, even when the rest is invalid', () => {
    expect(
      environmentSecrets({
        PORT: 'eighty',
        JIRA_EMAIL: ' bot@example.com ',
        JIRA_API_TOKEN: ' api-token-1234 ',
        WEBHOOK_SECRETS: 'current-secret-1, old-secret-2,',
        WEBHOOK_SHARED_TOKEN: 'shared-token-3',
      }),
    ).toEqual({
      values: ['api-token-1234', 'shared-token-3', 'current-secret-1', 'old-secret-2'],
      basic: [{ user: 'bot@example.com', password: 'api-token-1234' }],
    });
  });

  it('have no Basic credential without both the email and the token', () => {
    expect(environmentSecrets({ JIRA_API_TOKEN: 'api-token-1234' })).toEqual({
      values: ['api-token-1234', undefined],
      basic: [],
    });
  });
});
