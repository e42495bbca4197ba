import { randomBytes } from 'node:crypto';
import type { DestinationStream, Logger } from 'pino';
import {
  DEFAULT_PROJECTS_FILE,
  environmentWarnings,
  loadEnv,
  loadProjectsFile,
  type Env,
  type ProjectsFile,
} from '../config/index.ts';
import { MIN_SECRET_LENGTH, type SecretScrubber } from '../domain/index.ts';
import { withDemoClosure, type DemoClosure } from './demo-calendar.ts';
import { startEmbeddedSandbox, type EmbeddedSandbox } from './embedded-sandbox.ts';
import { buildGateway, type BuiltGateway } from './gateway-factory.ts';
import { jiraConnection, type JiraConnection } from './jira-connection.ts';
import { createLogger } from './logger.ts';
import { scrubberOf, secretsOf } from './secrets.ts';

export { secretsOf } from './secrets.ts';

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
  /** every secret value the process holds */
  secrets: string[];
  /** blanks those, and the Basic credential sent to Jira, in every form: for all other output */
  scrubber: SecretScrubber;
  jira: BuiltGateway;
  /**
   * The admin page's token: ADMIN_TOKEN, or one made up for this run in the embedded default
   * (outside production). Undefined: /admin is off (answers 404).
   */
  adminToken?: string;
  /** the company closure the embedded default added to the default config's SUP calendar */
  demoClosure?: DemoClosure;
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
  let connection = jiraConnection(env);
  const embedded = connection.sandbox && options.startEmbeddedSandbox === true;
  // The demo's day off, only with the demo's own config (a CONFIG_FILE of one's own stays as is).
  const { config, closure: demoClosure } =
    embedded && env.CONFIG_FILE === DEFAULT_PROJECTS_FILE
      ? withDemoClosure(loadProjectsFile(env.CONFIG_FILE), Date.now())
      : { config: loadProjectsFile(env.CONFIG_FILE), closure: undefined };
  // A secret for this run only: the embedded sandbox signs with it, the receiver checks it.
  const webhookSecrets =
    embedded && env.WEBHOOK_SECRETS.length === 0
      ? [randomBytes(24).toString('hex')]
      : env.WEBHOOK_SECRETS;
  const adminToken = adminTokenOf(env, embedded);
  const secrets = secretsOf(env, webhookSecrets, adminToken);
  const scrubber = scrubberOf(env, webhookSecrets, connection, adminToken);
  const log = createLogger({ level: env.LOG_LEVEL, ...options.log, scrubber });
  if (scrubber.tooShort > 0) {
    log.warn(
      { tooShort: scrubber.tooShort, minLength: MIN_SECRET_LENGTH },
      'a secret (JIRA_API_TOKEN, WEBHOOK_SECRETS or WEBHOOK_SHARED_TOKEN) is too short to be ' +
        'blanked from output: use a longer one',
    );
  }
  for (const warning of environmentWarnings(env)) log.warn(warning);
  let sandbox: EmbeddedSandbox | undefined;
  if (embedded) {
    sandbox = await startEmbeddedSandbox(env.SANDBOX_PORT);
    connection = { ...connection, baseUrl: sandbox.url, siteUrl: sandbox.url };
  }
  const jira = buildGateway(connection, {
    maxConcurrency: options.maxConcurrency ?? env.JIRA_MAX_CONCURRENCY,
    log,
    scrubber,
  });
  return {
    env,
    config,
    connection,
    webhookSecrets,
    log,
    secrets,
    scrubber,
    jira,
    ...(adminToken ? { adminToken } : {}),
    ...(demoClosure ? { demoClosure } : {}),
    ...(sandbox ? { sandbox } : {}),
  };
}

/**
 * ADMIN_TOKEN, or in the embedded default (a fresh clone's `npm start`, never production) one made
 * up for this run, as the webhook secret is: the page is then usable at once, and the banner
 * prints it, like a dev server's login token.
 */
function adminTokenOf(env: Env, embedded: boolean): string | undefined {
  if (env.ADMIN_TOKEN) return env.ADMIN_TOKEN;
  if (!embedded || env.NODE_ENV === 'production') return undefined;
  return randomBytes(24).toString('base64url');
}
