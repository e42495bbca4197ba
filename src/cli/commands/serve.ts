import { randomBytes } from 'node:crypto';
import { loadEnv, loadProjectsFile } from '../../config/index.ts';
import { createSandbox, type Sandbox } from '../../sandbox/index.ts';
import { jiraConnection } from '../../service/jira-connection.ts';
import { createLogger } from '../../service/logger.ts';
import { createService } from '../../service/service.ts';
import {
  desiredWebhook,
  loadWebhookDefinition,
  registerWebhook,
} from '../../service/webhook-registration.ts';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIo } from '../cli-io.ts';
import { parseOptions } from '../parse-options.ts';

const USAGE = 'usage: serve';
/** The grace period of a shutdown: deliveries in flight and the sweep's current issue. */
const SHUTDOWN_GRACE_MS = 9_000;

export interface ServeHooks {
  /** for tests: resolves the running service instead of waiting for a signal */
  signals?: NodeJS.EventEmitter;
  exit?: (code: number) => void;
}

/**
 * `serve` (what `npm start` runs): the HTTP service and the scheduler. With no JIRA_BASE_URL it
 * starts the sandbox Jira in this process, seeded with demo issues, and registers its own webhook
 * there, so that a fresh clone can be tried with nothing configured.
 */
export async function serveCommand(
  args: string[],
  io: CliIo,
  hooks: ServeHooks = {},
): Promise<number> {
  const { positionals } = parseOptions(args, {}, USAGE);
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument "${positionals[0]}"\n${USAGE}`);
  const env = loadEnv(io.env);
  const config = loadProjectsFile(env.CONFIG_FILE);
  const definition = loadWebhookDefinition();
  let connection = jiraConnection(env);

  let secrets = env.WEBHOOK_SECRETS;
  let sandbox: Sandbox | undefined;
  if (connection.sandbox) {
    // A secret for this run only: the sandbox signs with it, the receiver checks it.
    if (secrets.length === 0) secrets = [randomBytes(24).toString('hex')];
  }
  const log = createLogger({
    level: env.LOG_LEVEL,
    destination: 'stdout',
    pretty: process.stdout.isTTY === true,
    secrets: [...secrets, env.JIRA_API_TOKEN, env.WEBHOOK_SHARED_TOKEN].filter(
      (s): s is string => !!s,
    ),
  });

  if (connection.sandbox) {
    sandbox = createSandbox({});
    const running = await sandbox.start(env.SANDBOX_PORT, '127.0.0.1');
    // SANDBOX_PORT may be 0 (any free port): talk to where it actually listens.
    connection = { ...connection, baseUrl: running.url };
  }
  const service = createService({
    env,
    config,
    connection,
    log,
    webhookSecrets: secrets,
    scheduler: env.SCHEDULER_ENABLED,
  });
  const { url } = await service.listen(env.PORT);

  if (sandbox) {
    const registration = await registerWebhook(
      service.jira.gateway,
      desiredWebhook(definition, env.PUBLIC_URL ?? url, config, secrets[0]),
    );
    io.stdout(sandboxBanner(connection.baseUrl, url, registration.webhook.url));
  }
  log.info(
    {
      url,
      jira: connection.sandbox ? 'embedded sandbox' : connection.baseUrl,
      scheduler: env.SCHEDULER_ENABLED,
    },
    'jira-support-middleware listening',
  );
  service.startScheduler();

  return new Promise<number>((resolve) => {
    const signals = hooks.signals ?? process;
    let shuttingDown = false;
    const onSignal = (signal: string) => {
      if (shuttingDown) {
        log.warn({ signal }, 'second signal: exiting now');
        (hooks.exit ?? process.exit)(EXIT_FAILURE);
        return;
      }
      shuttingDown = true;
      log.info(
        { signal },
        'shutting down: finishing deliveries in flight and the current sweep issue',
      );
      const deadline = setTimeout(() => {
        log.error('shutdown took too long; exiting');
        resolve(EXIT_FAILURE);
      }, SHUTDOWN_GRACE_MS);
      deadline.unref();
      void (async () => {
        await service.shutdown();
        await sandbox?.close();
        clearTimeout(deadline);
        log.info('stopped');
        // The log destination is asynchronous: write out what is buffered before the process ends.
        await new Promise<void>((done) => log.flush(() => done()));
        resolve(EXIT_OK);
      })();
    };
    signals.on('SIGTERM', () => onSignal('SIGTERM'));
    signals.on('SIGINT', () => onSignal('SIGINT'));
  });
}

function sandboxBanner(jira: string, url: string, webhookUrl: string): string {
  const adf = (text: string) =>
    JSON.stringify({
      body: {
        type: 'doc',
        version: 1,
        content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
      },
    });
  return [
    '',
    'jira-support-middleware is running against the EMBEDDED SANDBOX Jira (no JIRA_BASE_URL is set).',
    `  service  ${url}   (POST /webhooks/jira, /healthz, /readyz, /metrics)`,
    `  sandbox  ${jira}   (users: curl ${jira}/_sandbox/users; API token "sandbox")`,
    `  webhook  registered in the sandbox, signed, pointing at ${webhookUrl}`,
    '  demo     SUP-1 waits on the customer; SUP-2 is past its validation window; SUP-3 is inside it.',
    '',
    'Try it:',
    '  # the customer answers SUP-1: it goes back to "Em Atendimento" within a second',
    `  curl -s -u clinica@cliente.example:sandbox -H 'Content-Type: application/json' -d '${adf('Segue o modelo da impressora: Zebra ZD220.')}' ${jira}/rest/api/3/issue/SUP-1/comment`,
    `  curl -s -u bot@pixeon.example:sandbox '${jira}/rest/api/3/issue/SUP-1?fields=status' | grep -o '"name":"[^"]*"' | head -1`,
    '  # what the nightly sweep would do now (SUP-2 would be closed), changing nothing:',
    '  npm run --silent cli -- sweep --dry-run',
    '',
  ].join('\n');
}
