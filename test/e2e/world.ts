import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { loadEnv, loadProjectsFile, type ProjectsFile } from '../../src/config/index.ts';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.ts';
import { jiraConnection } from '../../src/service/jira-connection.ts';
import { createService, type Service } from '../../src/service/service.ts';
import {
  desiredWebhook,
  loadWebhookDefinition,
  registerWebhook,
} from '../../src/service/webhook-registration.ts';

export const CONFIG: ProjectsFile = loadProjectsFile(
  fileURLToPath(new URL('../../config/projects.yaml', import.meta.url)),
);
export const SECRET = 'e2e-webhook-secret-0123456789';
export const CUSTOMER = 'clinica@cliente.example';
export const RECEPTION = 'recepcao@clinica2.example';
export const ANALYST = 'analista@pixeon.example';
export const BOT = 'bot@pixeon.example';
export const STATUS = {
  open: 'Aberto',
  analysts: 'Em Atendimento',
  pending: 'Pendente Informação do cliente',
  validation: 'Tarefa Resolvida – Aguardando Validação do cliente',
  closed: 'Fechado',
};

export interface World {
  sandbox: Sandbox;
  service: Service;
  jiraUrl: string;
  serviceUrl: string;
  logs: string[];
  close(): Promise<void>;
}

/**
 * The sandbox Jira and the service, both on 127.0.0.1 with free ports, the service's webhook
 * registered in the sandbox the way `webhooks register` does it. Retries are shortened.
 */
export async function startWorld(
  options: { sandbox?: SandboxOptions; config?: ProjectsFile } = {},
): Promise<World> {
  const sandbox = createSandbox({
    demoIssues: false,
    webhooks: { retryDelaysMs: [20, 20, 20, 20, 20], timeoutMs: 5_000 },
    ...options.sandbox,
  });
  const jira = await sandbox.start(0, '127.0.0.1');
  const env = loadEnv({
    JIRA_BASE_URL: jira.url,
    JIRA_EMAIL: BOT,
    JIRA_API_TOKEN: 'sandbox',
    WEBHOOK_SECRETS: SECRET,
    LOG_LEVEL: 'debug',
    SCHEDULER_ENABLED: 'false',
  });
  const logs: string[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) });
  const config = options.config ?? CONFIG;
  const service = createService({
    env,
    config,
    connection: jiraConnection(env),
    log,
    webhookSecrets: env.WEBHOOK_SECRETS,
    scheduler: false,
    jiraRetry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
  });
  const { url } = await service.listen(0, '127.0.0.1');
  await registerWebhook(
    service.jira.gateway,
    desiredWebhook(loadWebhookDefinition(), url, config, SECRET),
  );
  return {
    sandbox,
    service,
    jiraUrl: jira.url,
    serviceUrl: url,
    logs,
    async close() {
      await service.shutdown();
      await sandbox.close();
    },
  };
}

/** An issue created and walked to a status through the workflow, silently (no webhooks), at `at`. */
export function arrangeIssue(
  sandbox: Sandbox,
  path: Array<{ status: string; at: string; by?: string }>,
  reporter = CUSTOMER,
): string {
  const first = Date.parse(path[0]?.at ?? new Date().toISOString()) - 3_600_000;
  const issue = sandbox.store.createIssue(
    { summary: 'Laudo não imprime', reporter, assignee: ANALYST },
    { by: reporter, at: first, silent: true },
  );
  for (const step of path) {
    sandbox.store.moveToStatus(issue.key, step.status, {
      by: step.by ?? ANALYST,
      at: Date.parse(step.at),
      silent: true,
    });
  }
  return issue.key;
}

export function statusOf(sandbox: Sandbox, key: string): string {
  return sandbox.site.status(sandbox.store.issue(key)!.statusId).name;
}
