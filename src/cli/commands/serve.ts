import type { DestinationStream } from 'pino';
import { DEFAULT_PROJECTS_FILE } from '../../config/index.ts';
import { bootstrap, type Bootstrapped } from '../../service/bootstrap.ts';
import { summaryLine } from '../../doctor/index.ts';
import { createService, type Service } from '../../service/service.ts';
import { listenFailure } from '../../service/startup-error.ts';
import {
  desiredWebhook,
  loadWebhookDefinition,
  registerWebhook,
} from '../../service/webhook-registration.ts';
import { EXIT_FAILURE, EXIT_OK, type CliIo } from '../cli-io.ts';
import { noPositionals, parseOptions } from '../parse-options.ts';
import { sandboxBanner } from './serve-banner.ts';

const USAGE = `usage: serve
  the HTTP service on PORT (default 3000) and, unless SCHEDULER_ENABLED=false, the nightly sweep
  and the catch-up; with no JIRA_BASE_URL, against the embedded sandbox Jira on SANDBOX_PORT
  (default 4010). Every setting is an environment variable: see .env.example.`;
/** The grace period of a shutdown: deliveries in flight and the sweep's current issue. */
const SHUTDOWN_GRACE_MS = 9_000;

export interface ServeHooks {
  /** for tests: resolves the running service instead of waiting for a signal */
  signals?: NodeJS.EventEmitter;
  exit?: (code: number) => void;
  /** for tests: the service's log lines go here instead of stdout (scrubbed all the same) */
  logStream?: DestinationStream;
  /** for tests: the running service and its URL, once it listens (the browser tests sweep with it) */
  onStarted?: (started: { service: Service; url: string; boot: Bootstrapped }) => void;
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
  noPositionals(positionals, USAGE);
  const definition = loadWebhookDefinition();
  const boot = await bootstrap({
    env: io.env,
    log: {
      destination: 'stdout',
      pretty: process.stdout.isTTY === true,
      ...(hooks.logStream ? { stream: hooks.logStream } : {}),
    },
    startEmbeddedSandbox: true,
  });
  const { env, log } = boot;
  // Known once the service listens: with the embedded sandbox it is where the webhook points.
  let publicUrl: string | undefined;
  const service = createService({
    env,
    config: boot.config,
    connection: boot.connection,
    log,
    webhookSecrets: boot.webhookSecrets,
    scheduler: env.SCHEDULER_ENABLED,
    jira: boot.jira,
    scrubber: boot.scrubber,
    ...(boot.adminToken ? { adminToken: boot.adminToken } : {}),
    doctor: {
      definition,
      publicUrl: () => env.PUBLIC_URL ?? publicUrl,
      hasSecret: boot.webhookSecrets.length > 0,
    },
  });
  let url: string;
  let banner: string | undefined;
  try {
    url = await listen(service, env.PORT);
    publicUrl = boot.sandbox ? url : undefined;
    if (boot.sandbox) {
      const registration = await registerWebhook(
        service.jira.gateway,
        desiredWebhook(definition, env.PUBLIC_URL ?? url, boot.config, boot.webhookSecrets[0]),
      );
      banner = sandboxBanner({
        jira: boot.connection.baseUrl,
        url,
        webhookUrl: registration.webhook.url,
        configFile: env.CONFIG_FILE === DEFAULT_PROJECTS_FILE ? undefined : env.CONFIG_FILE,
        doctor: await doctorLine(service),
        admin: adminTokenShown(boot),
        ...(boot.demoClosure ? { demoClosure: boot.demoClosure } : {}),
      });
    }
  } catch (error) {
    // Nothing may stay open behind a failed start: the process must end at once.
    await service.shutdown();
    await boot.sandbox?.close();
    throw error;
  }
  // Signals are handled before anything is printed: a Ctrl-C right after the banner stops it.
  const stopped = stopOnSignal(boot, service, hooks);
  if (banner) io.stdout(banner);
  logStarted(boot, url);
  // Against a real site the first run's findings go to the log (not awaited: a slow Jira must not
  // hold the start back); then every hour.
  if (!boot.sandbox) void service.doctor?.run();
  service.doctor?.start();
  service.startScheduler();
  hooks.onStarted?.({ service, url, boot });
  return stopped;
}

/** The start's log lines: where it listens and its Jira, and why /admin is off if it is. */
function logStarted(boot: Bootstrapped, url: string): void {
  const { log } = boot;
  log.info(
    {
      url,
      jira: boot.connection.baseUrl,
      ...(boot.connection.siteUrl === boot.connection.baseUrl
        ? {}
        : { site: boot.connection.siteUrl }),
      embeddedJira: boot.connection.sandbox,
    },
    'jira-support-middleware listening',
  );
  if (!boot.adminToken)
    log.warn('admin page off: set ADMIN_TOKEN (16+ characters) to serve /admin');
}

/**
 * What the banner shows for the admin page's token: the one made up for this run, on purpose (like
 * a dev server's login token: the person who ran `npm start` needs it to sign in, and only the
 * embedded default makes one up). ADMIN_TOKEN itself is never printed (io.stdout blanks the
 * environment's secrets anyway): the banner names the variable instead.
 */
function adminTokenShown(boot: Bootstrapped): string | undefined {
  if (!boot.adminToken) return undefined;
  return boot.adminToken === boot.env.ADMIN_TOKEN ? 'the one in ADMIN_TOKEN' : boot.adminToken;
}

async function doctorLine(service: Service): Promise<string> {
  const report = await service.doctor?.run();
  return report ? summaryLine(report) : 'doctor: could not run (see the log)';
}

async function listen(service: Service, port: number): Promise<string> {
  try {
    return (await service.listen(port)).url;
  } catch (error) {
    throw listenFailure(error, port, { setting: 'PORT', remedy: 'set PORT to another port' });
  }
}

/** Resolves with the exit code once a signal has stopped the service (a second one exits). */
function stopOnSignal(boot: Bootstrapped, service: Service, hooks: ServeHooks): Promise<number> {
  const { log } = boot;
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
        await boot.sandbox?.close();
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
