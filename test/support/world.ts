/**
 * The one world builder of the test suite: the sandbox Jira on 127.0.0.1 (a free port) with a
 * seed, and, unless told otherwise, the service against it with its webhook registered there the
 * way `webhooks register` does it. More service instances can be started against the same sandbox
 * (restarts, replicas, a proxy in front of Jira); close() stops every one, then the sandbox.
 */
import { fileURLToPath } from 'node:url';
import { loadEnv, loadProjectsFile, type ProjectsFile } from '../../src/config/index.ts';
import type { RetryOptions } from '../../src/jira/index.ts';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.ts';
import { jiraConnection, SANDBOX_BOT_EMAIL } from '../../src/service/jira-connection.ts';
import { createService, type Service } from '../../src/service/service.ts';
import {
  desiredWebhook,
  loadWebhookDefinition,
  registerWebhook,
} from '../../src/service/webhook-registration.ts';
import { captureLog, type LogCapture } from './log-capture.ts';

/** The vendor's real projects file (config/projects.yaml), the default config. */
export const CONFIG: ProjectsFile = loadProjectsFile(
  fileURLToPath(new URL('../../config/projects.yaml', import.meta.url)),
);
/** The webhook secret the service accepts and registers. */
export const SECRET = 'e2e-webhook-secret-0123456789';
/** The sandbox's seeded service account, which the service signs in as. */
export const BOT = SANDBOX_BOT_EMAIL;

export interface ServiceSettings {
  config?: ProjectsFile;
  /** overrides of the service's environment (LOG_LEVEL also sets the capture's level) */
  env?: Record<string, string>;
  /** default: 3 attempts, 5-20 ms apart */
  jiraRetry?: Partial<RetryOptions>;
  /** where the service finds Jira; default the sandbox (a proxy in front of it, a dead port) */
  jiraUrl?: string;
  /** register (or move) the sandbox's admin webhook to this instance; default true */
  register?: boolean;
  /** the service's clock (default Date.now): the sandbox's, for a test that sets it */
  now?: () => number;
  /** the admin page's token (default none: /admin answers 404) */
  adminToken?: string;
}

export interface ServiceInstance {
  service: Service;
  url: string;
  /** the instance's log lines */
  log: LogCapture;
  /** shuts the instance down (once; later calls do nothing) */
  stop(): Promise<void>;
}

export interface SandboxWorld {
  sandbox: Sandbox;
  /** the sandbox's own URL */
  jiraUrl: string;
  /** a service instance against this sandbox (or settings.jiraUrl) */
  startService(settings?: ServiceSettings): Promise<ServiceInstance>;
  /** stops every service instance still running, then the sandbox */
  close(): Promise<void>;
}

export interface World extends SandboxWorld {
  /** the first service instance */
  service: Service;
  serviceUrl: string;
  log: LogCapture;
}

export interface WorldOptions {
  /** the sandbox's seed, clock, faults and webhook delivery timing; no demo issues by default */
  sandbox?: SandboxOptions;
  /** the first service's settings; false starts the sandbox alone */
  service?: ServiceSettings | false;
}

export function startWorld(options: WorldOptions & { service: false }): Promise<SandboxWorld>;
export function startWorld(options?: WorldOptions): Promise<World>;
export async function startWorld(options: WorldOptions = {}): Promise<SandboxWorld | World> {
  const sandbox = createSandbox({
    demoIssues: false,
    webhooks: { retryDelaysMs: [20, 20, 20, 20, 20], timeoutMs: 5_000 },
    ...options.sandbox,
  });
  const { url: jiraUrl } = await sandbox.start(0, '127.0.0.1');
  const instances: ServiceInstance[] = [];
  const world: SandboxWorld = {
    sandbox,
    jiraUrl,
    async startService(settings = {}) {
      const instance = await startService(settings.jiraUrl ?? jiraUrl, settings);
      instances.push(instance);
      return instance;
    },
    async close() {
      for (const instance of instances.splice(0)) await instance.stop();
      await sandbox.close();
    },
  };
  if (options.service === false) return world;
  try {
    const first = await world.startService(options.service);
    return { ...world, service: first.service, serviceUrl: first.url, log: first.log };
  } catch (error) {
    await world.close();
    throw error;
  }
}

/**
 * A service instance against any Jira URL, on its own (the caller stops it). A world's
 * startService() is this plus being stopped by the world's close().
 */
export async function startService(
  jiraUrl: string,
  settings: ServiceSettings = {},
): Promise<ServiceInstance> {
  const env = loadEnv({
    JIRA_BASE_URL: jiraUrl,
    JIRA_EMAIL: BOT,
    JIRA_API_TOKEN: 'sandbox',
    WEBHOOK_SECRETS: SECRET,
    LOG_LEVEL: 'debug',
    SCHEDULER_ENABLED: 'false',
    ...settings.env,
  });
  const log = captureLog(env.LOG_LEVEL);
  const config = settings.config ?? CONFIG;
  const service = createService({
    env,
    config,
    connection: jiraConnection(env),
    log: log.logger,
    webhookSecrets: env.WEBHOOK_SECRETS,
    scheduler: false,
    jiraRetry: settings.jiraRetry ?? { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
    ...(settings.now ? { now: settings.now } : {}),
    ...(settings.adminToken ? { adminToken: settings.adminToken } : {}),
  });
  const { url } = await service.listen(0, '127.0.0.1');
  let stopped: Promise<void> | undefined;
  const instance: ServiceInstance = {
    service,
    url,
    log,
    stop: () => (stopped ??= service.shutdown()),
  };
  if (settings.register !== false) {
    try {
      await registerWebhook(
        service.jira.gateway,
        desiredWebhook(loadWebhookDefinition(), url, config, SECRET),
      );
    } catch (error) {
      await instance.stop();
      throw error;
    }
  }
  return instance;
}
