import { randomBytes } from 'node:crypto';
import type { DestinationStream, Logger } from 'pino';
import { loadEnv, loadProjectsFile, type Env, type ProjectsFile } from '../config/index.ts';
import { startEmbeddedSandbox, type EmbeddedSandbox } from './embedded-sandbox.ts';
import { buildGateway, type BuiltGateway } from './gateway-factory.ts';
import { jiraConnection, type JiraConnection } from './jira-connection.ts';
import { createLogger, scrub } from './logger.ts';

export interface BootstrapOptions {
  /** the environment to validate (process.env, or a test's) */
  env: Record<string, string | undefined>;
  log: {
    /** stdout for the service; stderr for commands whose stdout is their answer */
    destination: 'stdout' | 'stderr';
    pretty?: boolean;
    stream?: DestinationStream;
  };
  /**
   * With no JIRA_BASE_URL, start the sandbox Jira in this process (serve). Otherwise a command
   * without a Jira talks to the sandbox `npm start` runs on SANDBOX_PORT.
   */
  startEmbeddedSandbox?: boolean;
  /** requests in flight to Jira; default JIRA_MAX_CONCURRENCY */
  maxConcurrency?: number;
}

/** What every entry point starts from. */
export interface Bootstrapped {
  env: Env;
  config: ProjectsFile;
  connection: JiraConnection;
  /** the webhook secrets to accept: the env's, or one made up for the embedded sandbox's run */
  webhookSecrets: string[];
  /** scrubs every secret below from its lines */
  log: Logger;
  /** every secret value the process holds, for text that does not go through the log */
  secrets: string[];
  scrub(text: string): string;
  jira: BuiltGateway;
  /** the embedded sandbox, when this process started one */
  sandbox?: EmbeddedSandbox;
}

/**
 * The env, the projects file, the logger with every secret to scrub, the Jira gateway and its bot
 * account: the same for `serve`, `sweep`, `webhooks` and the service, so that no entry point
 * forgets a secret or builds Jira access its own way.
 */
export async function bootstrap(options: BootstrapOptions): Promise<Bootstrapped> {
  const env = loadEnv(options.env);
  const config = loadProjectsFile(env.CONFIG_FILE);
  let connection = jiraConnection(env);
  const embedded = connection.sandbox && options.startEmbeddedSandbox === true;
  // A secret for this run only: the embedded sandbox signs with it, the receiver checks it.
  const webhookSecrets =
    embedded && env.WEBHOOK_SECRETS.length === 0
      ? [randomBytes(24).toString('hex')]
      : env.WEBHOOK_SECRETS;
  const secrets = secretsOf(env, webhookSecrets);
  const log = createLogger({ level: env.LOG_LEVEL, ...options.log, secrets });
  let sandbox: EmbeddedSandbox | undefined;
  if (embedded) {
    sandbox = await startEmbeddedSandbox(env.SANDBOX_PORT);
    connection = { ...connection, baseUrl: sandbox.url };
  }
  const jira = buildGateway(connection, {
    maxConcurrency: options.maxConcurrency ?? env.JIRA_MAX_CONCURRENCY,
    log,
  });
  return {
    env,
    config,
    connection,
    webhookSecrets,
    log,
    secrets,
    scrub: (text) =>
      scrub(
        text,
        secrets.filter((s) => s.length >= 4),
      ),
    jira,
    ...(sandbox ? { sandbox } : {}),
  };
}

/**
 * Every secret value: the API token, the shared token and every webhook secret (old ones still
 * accepted during a rotation, and the one made up for the embedded sandbox's run). The sandbox's
 * API token is not one: it is the published word "sandbox", and scrubbing it would blank that
 * word from every log line.
 */
export function secretsOf(env: Env, webhookSecrets: readonly string[]): string[] {
  const values = [
    env.JIRA_API_TOKEN,
    env.WEBHOOK_SHARED_TOKEN,
    ...env.WEBHOOK_SECRETS,
    ...webhookSecrets,
  ];
  return [...new Set(values.filter((value): value is string => !!value))];
}
