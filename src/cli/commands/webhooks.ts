import { errorMessage, type AdminWebhookInput } from '../../jira/index.ts';
import { bootstrap, type Bootstrapped } from '../../service/bootstrap.ts';
import {
  desiredWebhook,
  loadWebhookDefinition,
  registerWebhook,
  unregisterWebhook,
  type WebhookDefinition,
} from '../../service/webhook-registration.ts';
import {
  EXIT_FAILURE,
  EXIT_OK,
  printJson,
  stderrLines,
  UsageError,
  type CliIo,
} from '../cli-io.ts';
import { parseOptions } from '../parse-options.ts';
import { webhookRefusal } from './webhooks-refusal.ts';

const USAGE = `usage: webhooks register [--url PUBLIC_URL] [--rotate-secret] [--json]
       webhooks list [--json]
       webhooks delete [--json]
  (the bot account must be a Jira administrator with a classic API token; otherwise create the
   webhook by hand in Jira: Settings → System → WebHooks)`;

const ACTIONS = ['register', 'list', 'delete'] as const;
type Action = (typeof ACTIONS)[number];

const OPTIONS = {
  url: { type: 'string' },
  'rotate-secret': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
} as const;

type Values = ReturnType<typeof parseOptions<typeof OPTIONS>>['values'];

/** Manages the Jira admin webhook of webhooks/admin-webhook.yaml (needs a Jira admin account). */
export async function webhooksCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(args, OPTIONS, USAGE);
  const action = chosenAction(positionals);
  const boot = await bootstrap({
    env: io.env,
    log: { destination: 'stderr', stream: stderrLines(io) },
    maxConcurrency: 2,
  });
  const definition = loadWebhookDefinition();
  const publicUrl = action === 'register' ? registrationUrl(values, boot) : '';
  const desired =
    action === 'register'
      ? desiredWebhook(definition, publicUrl, boot.config, boot.env.WEBHOOK_SECRETS[0])
      : undefined;
  try {
    if (action === 'list') return await list(boot, definition, values, io);
    if (action === 'delete') return await remove(boot, definition, values, io);
    return await register(boot, desired!, values, io);
  } catch (error) {
    // Managing webhooks needs an admin's classic token: a refusal says what to do instead.
    const refusal = await webhookRefusal(error, boot, desired);
    if (refusal) throw refusal;
    boot.log.debug({ err: error }, `webhooks ${action} failed`);
    io.stderr(`webhooks ${action}: ${errorMessage(error)}\n`);
    return EXIT_FAILURE;
  }
}

function chosenAction(positionals: string[]): Action {
  const [action, ...rest] = positionals;
  if (action === undefined)
    throw new UsageError(`say what to do: register, list or delete\n${USAGE}`);
  if (!(ACTIONS as readonly string[]).includes(action)) {
    throw new UsageError(`unknown subcommand "${action}": register, list or delete\n${USAGE}`);
  }
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"\n${USAGE}`);
  return action as Action;
}

/** Checked before Jira is called: the URL Jira should call, and a secret to sign with. */
function registrationUrl(values: Values, boot: Bootstrapped): string {
  const publicUrl = values.url ?? boot.env.PUBLIC_URL;
  if (!publicUrl)
    throw new UsageError(
      'register needs the URL Jira should call: --url https://... or PUBLIC_URL',
    );
  if (!/^https?:\/\//.test(publicUrl))
    throw new UsageError(`--url: "${publicUrl}" is not an http(s) URL`);
  if (boot.env.WEBHOOK_SECRETS.length === 0) {
    throw new UsageError(
      'register needs WEBHOOK_SECRETS: the service accepts only signed deliveries',
    );
  }
  return publicUrl;
}

async function list(
  boot: Bootstrapped,
  definition: WebhookDefinition,
  values: Values,
  io: CliIo,
): Promise<number> {
  const webhooks = (await boot.jira.gateway.listAdminWebhooks()).filter(
    (w) => w.name === definition.name,
  );
  if (values.json) printJson(io, { webhooks });
  else if (webhooks.length === 0) io.stdout(`no webhook named ${definition.name} in Jira\n`);
  else
    for (const w of webhooks)
      io.stdout(
        `${w.id}  ${w.name}  ${w.url}  ${w.events.join(',')}  ${w.filters['issue-related-events-section'] ?? ''}\n`,
      );
  return EXIT_OK;
}

async function remove(
  boot: Bootstrapped,
  definition: WebhookDefinition,
  values: Values,
  io: CliIo,
): Promise<number> {
  const removed = await unregisterWebhook(boot.jira.gateway, definition.name);
  if (values.json) printJson(io, { removed });
  else
    io.stdout(removed.length ? `removed webhook ${removed.join(', ')}\n` : 'nothing to remove\n');
  return EXIT_OK;
}

async function register(
  boot: Bootstrapped,
  desired: AdminWebhookInput,
  values: Values,
  io: CliIo,
): Promise<number> {
  const result = await registerWebhook(boot.jira.gateway, desired, {
    rotateSecret: values['rotate-secret'],
  });
  if (values.json) printJson(io, result);
  else io.stdout(`${result.action}: webhook ${result.webhook.id} → ${result.webhook.url}\n`);
  return EXIT_OK;
}
