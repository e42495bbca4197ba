import { describe, expect, it } from '@jest/globals';
import {
  ConfigError,
  environmentSecrets,
  environmentWarnings,
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
        'PORT: expected an integer 0-65535',
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

describe('a variable that cannot work', () => {
  const external = {
    JIRA_BASE_URL: 'https://example.atlassian.net',
    JIRA_EMAIL: 'bot@example.com',
    JIRA_API_TOKEN: 'api-token-1234567890',
    WEBHOOK_SECRETS: 'a-webhook-secret-of-32-characters',
  };

  it('is named with the rule it breaks, never with its value', () => {
    const token = 'ATATT3xFfGF0-pasted-in-the-wrong-place';
    for (const name of [
      'JIRA_MAX_CONCURRENCY',
      'PORT',
      'WEBHOOK_TIME_BUDGET_MS',
      'ADMIN_CACHE_SECONDS',
    ]) {
      const problems = problemsOf({ [name]: token });
      expect(problems).toEqual([
        expect.stringMatching(new RegExp(`^${name}: expected an integer`)),
      ]);
      expect(problems.join('\n')).not.toContain('ATATT3x');
    }
    expect(problemsOf({ JIRA_MAX_CONCURRENCY: '65' })).toEqual([
      'JIRA_MAX_CONCURRENCY: expected an integer 1-64',
    ]);
    expect(problemsOf({ JIRA_MAX_CONCURRENCY: '2.5' })).toEqual([
      'JIRA_MAX_CONCURRENCY: expected an integer 1-64',
    ]);
  });

  it('is an error when set but empty, never 0 or the default', () => {
    expect(problemsOf({ PORT: '' })).toEqual([
      'PORT: is empty: unset it to take the default, or give a value',
    ]);
    expect(problemsOf({ PORT: '  ', SANDBOX_PORT: '', JIRA_MAX_CONCURRENCY: '' })).toHaveLength(3);
    expect(problemsOf({ WEBHOOK_TOKEN_HEADER: ' ' })).toEqual([
      expect.stringMatching(/^WEBHOOK_TOKEN_HEADER: is empty/),
    ]);
    expect(problemsOf({ CONFIG_FILE: '' })).toEqual([
      expect.stringMatching(/^CONFIG_FILE: is empty/),
    ]);
    // A required variable given empty is missing.
    expect(problemsOf({ ...external, JIRA_API_TOKEN: '' })).toEqual(['JIRA_API_TOKEN: required']);
    // Unset, the defaults hold; 0 is still a port of one's own choosing.
    expect(loadEnv({}).PORT).toBe(3000);
    expect(loadEnv({ PORT: '0' }).PORT).toBe(0);
  });

  it('refuses short secrets in production, by name, and warns about them elsewhere', () => {
    const weak = {
      ...external,
      WEBHOOK_SECRETS: 'a-webhook-secret-of-32-characters,x',
      ADMIN_TOKEN: 'admin12',
      WEBHOOK_SHARED_TOKEN: 'tok',
    };
    const problems = problemsOf({ ...weak, NODE_ENV: 'production' });
    expect(problems).toEqual([
      'WEBHOOK_SECRETS: entry 2 of 2 is shorter than 16 characters',
      'WEBHOOK_SHARED_TOKEN: is shorter than 16 characters',
      'ADMIN_TOKEN: is shorter than 16 characters',
    ]);
    expect(problems.join('\n')).not.toMatch(/admin12|tok\b|,x/);
    const warnings = environmentWarnings(loadEnv(weak));
    expect(warnings).toEqual([
      'WEBHOOK_SECRETS: entry 2 of 2 is shorter than 16 characters (refused when NODE_ENV=production)',
      'WEBHOOK_SHARED_TOKEN: is shorter than 16 characters (refused when NODE_ENV=production)',
      'ADMIN_TOKEN: is shorter than 16 characters (refused when NODE_ENV=production)',
    ]);
    expect(environmentWarnings(loadEnv(external))).toEqual([]);
    expect(
      loadEnv({ ...external, NODE_ENV: 'production', ADMIN_TOKEN: 'x'.repeat(16) }).ADMIN_TOKEN,
    ).toHaveLength(16);
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
      values: ['api-token-1234'],
      basic: [],
    });
  });
});
