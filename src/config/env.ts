import { z } from 'zod';
import type { SecretSources } from '../domain/index.ts';
import { ConfigError, describeIssues } from './config-error.ts';
import { isGatewayUrl, isWellFormedGatewayUrl } from './jira-urls.ts';
import { DEFAULT_PROJECTS_FILE } from './load-projects.ts';

const optionalText = z
  .string()
  .trim()
  .transform((text) => (text === '' ? undefined : text))
  .optional();

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''], { error: 'expected true or false' })
  .optional()
  .transform((text) =>
    text === undefined || text === '' ? undefined : ['true', '1', 'yes'].includes(text),
  );

/** What an empty value gets: never taken for 0 or for the default, which hid typos. */
const EMPTY = 'is empty: unset it to take the default, or give a value';

/**
 * An integer variable. Its problems name the rule ("expected an integer 1-64"), never the value:
 * a token pasted into the wrong variable must not be printed back.
 */
function integer(min: number, max = Number.MAX_SAFE_INTEGER) {
  const rule =
    max === Number.MAX_SAFE_INTEGER
      ? `expected an integer >= ${min}`
      : `expected an integer ${min}-${max}`;
  return z
    .string()
    .trim()
    .transform((text, ctx) => {
      const value = Number(text);
      if (text !== '' && /^\d+$/.test(text) && value >= min && value <= max) return value;
      ctx.issues.push({ code: 'custom', message: text === '' ? EMPTY : rule, input: undefined });
      return z.NEVER;
    });
}

const port = integer(0, 65535);

const secretList = z
  .string()
  .optional()
  .transform((text) =>
    (text ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: port.default(3000),
    JIRA_BASE_URL: optionalText.pipe(
      z
        .url({
          protocol: /^https?$/,
          error:
            'expected the site URL, e.g. https://example.atlassian.net, or for a scoped API ' +
            'token https://api.atlassian.com/ex/jira/{cloudId}',
        })
        // The URL is shown in logs and errors; credentials in it would be too. Never repeated.
        .refine(withoutUserinfo, {
          error:
            'must not carry credentials (user:password@ before the host): set the site alone, ' +
            'the account in JIRA_EMAIL and its API token in JIRA_API_TOKEN',
        })
        .optional(),
    ),
    // Where people open issues; required when JIRA_BASE_URL is the api.atlassian.com form.
    JIRA_SITE_URL: optionalText.pipe(
      z
        .url({
          protocol: /^https?$/,
          error: 'expected the site URL, e.g. https://example.atlassian.net',
        })
        .refine(withoutUserinfo, {
          error: 'must not carry credentials (user:password@ before the host)',
        })
        .refine((text) => !isGatewayUrl(text), {
          error:
            'must be the site people open (https://example.atlassian.net), not api.atlassian.com',
        })
        .optional(),
    ),
    JIRA_EMAIL: optionalText,
    JIRA_API_TOKEN: optionalText,
    WEBHOOK_SECRETS: secretList,
    WEBHOOK_TOKEN_HEADER: z
      .string()
      .trim()
      .toLowerCase()
      .min(1, EMPTY)
      .default('x-automation-token'),
    WEBHOOK_SHARED_TOKEN: optionalText,
    WEBHOOK_MAX_BODY_BYTES: integer(1024).default(1024 * 1024),
    // Unset: 4 MiB, or WEBHOOK_MAX_BODY_BYTES when larger (src/webhooks/receiver.ts).
    WEBHOOK_MAX_PENDING_BYTES: integer(1024).optional(),
    WEBHOOK_BODY_TIMEOUT_MS: integer(100).default(10_000),
    WEBHOOK_TIME_BUDGET_MS: integer(100).default(5000),
    // The admin page (/admin): its token, and how long its Jira reads are reused.
    ADMIN_TOKEN: optionalText,
    ADMIN_CACHE_SECONDS: integer(0, 3600).default(60),
    PUBLIC_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
    CONFIG_FILE: z.string().trim().min(1, EMPTY).default(DEFAULT_PROJECTS_FILE),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    SANDBOX_PORT: port.default(4010),
    SCHEDULER_ENABLED: flag.transform((value) => value ?? true),
    JIRA_MAX_CONCURRENCY: integer(1, 64).default(8),
    // /readyz: how recent the background check's last success must be.
    READINESS_MAX_AGE_SECONDS: integer(5, 3600).default(60),
  })
  .check((ctx) => {
    const env = ctx.value;
    if (
      env.WEBHOOK_MAX_PENDING_BYTES !== undefined &&
      env.WEBHOOK_MAX_PENDING_BYTES < env.WEBHOOK_MAX_BODY_BYTES
    ) {
      ctx.issues.push({
        code: 'custom',
        path: ['WEBHOOK_MAX_PENDING_BYTES'],
        message: `must be at least WEBHOOK_MAX_BODY_BYTES (${env.WEBHOOK_MAX_BODY_BYTES})`,
        input: env.WEBHOOK_MAX_PENDING_BYTES,
      });
    }
    if (env.NODE_ENV === 'production') {
      for (const problem of weakSecrets(env))
        ctx.issues.push({
          code: 'custom',
          path: [problem.name],
          message: problem.message,
          input: undefined,
        });
    }
    const missing = (name: string) =>
      ctx.issues.push({ code: 'custom', path: [name], message: 'required', input: undefined });
    if (env.JIRA_BASE_URL) {
      checkGatewayForm(env, (name, message) =>
        ctx.issues.push({ code: 'custom', path: [name], message, input: undefined }),
      );
      if (!env.JIRA_EMAIL) missing('JIRA_EMAIL');
      if (!env.JIRA_API_TOKEN) missing('JIRA_API_TOKEN');
      if (env.WEBHOOK_SECRETS.length === 0 && !env.WEBHOOK_SHARED_TOKEN) {
        ctx.issues.push({
          code: 'custom',
          path: ['WEBHOOK_SECRETS'],
          message: 'required (or WEBHOOK_SHARED_TOKEN): unsigned deliveries are never accepted',
          input: undefined,
        });
      }
    } else if (env.NODE_ENV === 'production') {
      // The embedded sandbox is for trying the service; production must name its Jira.
      for (const name of ['JIRA_BASE_URL', 'JIRA_EMAIL', 'JIRA_API_TOKEN'] as const) {
        if (!env[name]) missing(name);
      }
    }
  });

export type Env = z.output<typeof envSchema>;

/** Shorter secrets than this are refused in production and warned about elsewhere. */
export const MIN_STRONG_SECRET_LENGTH = 16;

interface SecretProblem {
  name: string;
  message: string;
}

/** The secrets too short to resist guessing, by name and position, never by value. */
function weakSecrets(
  env: Pick<Env, 'WEBHOOK_SECRETS' | 'WEBHOOK_SHARED_TOKEN' | 'ADMIN_TOKEN'>,
): SecretProblem[] {
  const short = (text: string | undefined) =>
    text !== undefined && text.length < MIN_STRONG_SECRET_LENGTH;
  const rule = `shorter than ${MIN_STRONG_SECRET_LENGTH} characters`;
  const problems: SecretProblem[] = [];
  env.WEBHOOK_SECRETS.forEach((secret, index) => {
    if (short(secret)) {
      const which =
        env.WEBHOOK_SECRETS.length > 1
          ? `entry ${index + 1} of ${env.WEBHOOK_SECRETS.length}`
          : 'the secret';
      problems.push({ name: 'WEBHOOK_SECRETS', message: `${which} is ${rule}` });
    }
  });
  for (const name of ['WEBHOOK_SHARED_TOKEN', 'ADMIN_TOKEN'] as const) {
    if (short(env[name])) problems.push({ name, message: `is ${rule}` });
  }
  return problems;
}

/**
 * What a valid environment still should not have outside production (where it is refused): each
 * as one line naming the variable, never its value.
 */
export function environmentWarnings(env: Env): string[] {
  if (env.NODE_ENV === 'production') return [];
  return weakSecrets(env).map((p) => `${p.name}: ${p.message} (refused when NODE_ENV=production)`);
}

/** The gateway form must be exact, and comes with the site it stands for (its links, the doctor). */
function checkGatewayForm(
  env: { JIRA_BASE_URL?: string; JIRA_SITE_URL?: string },
  push: (name: string, message: string) => void,
): void {
  if (!env.JIRA_BASE_URL || !isGatewayUrl(env.JIRA_BASE_URL)) return;
  if (!isWellFormedGatewayUrl(env.JIRA_BASE_URL))
    push(
      'JIRA_BASE_URL',
      'the api.atlassian.com form is https://api.atlassian.com/ex/jira/{cloudId}, the cloud id ' +
        'a UUID (https://{site}/_edge/tenant_info shows it)',
    );
  if (!env.JIRA_SITE_URL)
    push(
      'JIRA_SITE_URL',
      'required with the api.atlassian.com form of JIRA_BASE_URL: the site people open, e.g. ' +
        'https://example.atlassian.net (links to issues point there)',
    );
}

/** The site people open: JIRA_SITE_URL, else the site JIRA_BASE_URL names. */
export function siteUrlOf(env: Pick<Env, 'JIRA_BASE_URL' | 'JIRA_SITE_URL'>): string | undefined {
  return env.JIRA_SITE_URL ?? env.JIRA_BASE_URL;
}

function withoutUserinfo(text: string): boolean {
  const url = URL.parse(text);
  return url !== null && url.username === '' && url.password === '';
}

/** The service's environment, validated once at start. Nothing else reads process.env. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success)
    throw new ConfigError(
      'the environment',
      describeIssues(result.error.issues, source, { echo: false }),
    );
  return result.data;
}

/**
 * Every secret an environment holds, for the scrubber of a command's output. It reads only the
 * secret variables, as loadEnv would read them, so it works on an environment that fails
 * validation too. JIRA_EMAIL with JIRA_API_TOKEN is the Basic credential sent to Jira.
 */
export function environmentSecrets(source: Record<string, string | undefined>): SecretSources {
  const text = (name: string) => source[name]?.trim() || undefined;
  const email = text('JIRA_EMAIL');
  const token = text('JIRA_API_TOKEN');
  return {
    values: [
      token,
      text('WEBHOOK_SHARED_TOKEN'),
      text('ADMIN_TOKEN'),
      ...secretList.parse(source.WEBHOOK_SECRETS),
    ].filter((value) => value !== undefined),
    basic: email && token ? [{ user: email, password: token }] : [],
  };
}

/** True when no Jira is configured and the service runs against its embedded sandbox. */
export function usesEmbeddedSandbox(env: Env): boolean {
  return env.JIRA_BASE_URL === undefined;
}
