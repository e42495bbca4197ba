import { loadEnv, loadProjectsFile } from '../../config/index.ts';
import { buildGateway } from '../../service/gateway-factory.ts';
import { jiraConnection } from '../../service/jira-connection.ts';
import { createLogger } from '../../service/logger.ts';
import {
  desiredWebhook,
  loadWebhookDefinition,
  registerWebhook,
  unregisterWebhook,
} from '../../service/webhook-registration.ts';
import { EXIT_OK, printJson, UsageError, type CliIo } from '../cli-io.ts';
import { parseOptions } from '../parse-options.ts';

const USAGE = `usage: webhooks register [--url PUBLIC_URL] [--rotate-secret] [--json]
       webhooks list [--json]
       webhooks delete [--json]`;

/** Manages the Jira admin webhook of webhooks/admin-webhook.yaml (needs a Jira admin account). */
export async function webhooksCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(
    args,
    {
      url: { type: 'string' },
      'rotate-secret': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    USAGE,
  );
  const [action, ...rest] = positionals;
  if (!action || !['register', 'list', 'delete'].includes(action) || rest.length > 0)
    throw new UsageError(USAGE);
  const env = loadEnv(io.env);
  const config = loadProjectsFile(env.CONFIG_FILE);
  const definition = loadWebhookDefinition();
  const log = createLogger({
    level: env.LOG_LEVEL,
    destination: 'stderr',
    secrets: env.WEBHOOK_SECRETS,
  });
  const { gateway } = buildGateway(jiraConnection(env), { maxConcurrency: 2, log });

  if (action === 'list') {
    const webhooks = (await gateway.listAdminWebhooks()).filter((w) => w.name === definition.name);
    if (values.json) printJson(io, { webhooks });
    else if (webhooks.length === 0) io.stdout(`no webhook named ${definition.name} in Jira\n`);
    else
      for (const w of webhooks)
        io.stdout(
          `${w.id}  ${w.name}  ${w.url}  ${w.events.join(',')}  ${w.filters['issue-related-events-section'] ?? ''}\n`,
        );
    return EXIT_OK;
  }
  if (action === 'delete') {
    const removed = await unregisterWebhook(gateway, definition.name);
    if (values.json) printJson(io, { removed });
    else
      io.stdout(removed.length ? `removed webhook ${removed.join(', ')}\n` : 'nothing to remove\n');
    return EXIT_OK;
  }
  const publicUrl = values.url ?? env.PUBLIC_URL;
  if (!publicUrl)
    throw new UsageError(
      'register needs the URL Jira should call: --url https://... or PUBLIC_URL',
    );
  if (!/^https?:\/\//.test(publicUrl))
    throw new UsageError(`--url: "${publicUrl}" is not an http(s) URL`);
  if (env.WEBHOOK_SECRETS.length === 0) {
    throw new UsageError(
      'register needs WEBHOOK_SECRETS: the service accepts only signed deliveries',
    );
  }
  const result = await registerWebhook(
    gateway,
    desiredWebhook(definition, publicUrl, config, env.WEBHOOK_SECRETS[0]),
    {
      rotateSecret: values['rotate-secret'],
    },
  );
  if (values.json) printJson(io, result);
  else io.stdout(`${result.action}: webhook ${result.webhook.id} → ${result.webhook.url}\n`);
  return EXIT_OK;
}
