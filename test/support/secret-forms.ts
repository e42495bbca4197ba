/**
 * Distinctive test credentials, and every form in which each must never appear in output. The
 * forms are computed here, independently of the service's scrubber, so that a scrubber missing one
 * fails the tests. The values carry characters that change under URL and JSON encoding (+ / = ").
 */
export const TEST_EMAIL = 'bot-7f3q@secrets-test.example';
export const TEST_TOKEN = 'ATATT-9zQ+tok/3n="Xy~7';
export const TEST_WEBHOOK_SECRET = 'whsec-K8+p/Qz=r"41';
export const TEST_SHARED_TOKEN = 'shared-Tq7+/=Lm"93';

/** The environment of a real Jira at `url` with the test credentials. */
export function secretEnv(url: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    JIRA_BASE_URL: url,
    JIRA_EMAIL: TEST_EMAIL,
    JIRA_API_TOKEN: TEST_TOKEN,
    WEBHOOK_SECRETS: TEST_WEBHOOK_SECRET,
    WEBHOOK_SHARED_TOKEN: TEST_SHARED_TOKEN,
    PUBLIC_URL: 'https://support-bot.example.com',
    SCHEDULER_ENABLED: 'false',
    LOG_LEVEL: 'trace',
    ...extra,
  };
}

/** Each forbidden form, named, for failure messages that say which one leaked. */
export function forbiddenForms(): Record<string, string> {
  const basic = Buffer.from(`${TEST_EMAIL}:${TEST_TOKEN}`).toString('base64');
  const forms: Record<string, string> = {
    'Basic value': `Basic ${basic}`,
    'base64 of email:token': basic,
    'base64 without padding': basic.replace(/=+$/, ''),
    base64url: Buffer.from(`${TEST_EMAIL}:${TEST_TOKEN}`).toString('base64url'),
  };
  const secrets = { token: TEST_TOKEN, 'webhook secret': TEST_WEBHOOK_SECRET };
  for (const [name, value] of Object.entries({ ...secrets, 'shared token': TEST_SHARED_TOKEN })) {
    forms[`${name} raw`] = value;
    forms[`${name} URL-encoded`] = encodeURIComponent(value);
    forms[`${name} JSON-escaped`] = JSON.stringify(value).slice(1, -1);
  }
  return forms;
}

/** The names of the forms found in `text` (none is the answer a test wants). */
export function leakedForms(text: string): string[] {
  return Object.entries(forbiddenForms())
    .filter(([, form]) => text.includes(form))
    .map(([name]) => name);
}
