import { once } from 'node:events';
import type { Sandbox } from '../../sandbox/index.ts';
import { listenFailure } from '../../service/startup-error.ts';
import { EXIT_OK, printJson, UsageError, type CliIo } from '../cli-io.ts';
import { noPositionals, parseOptions } from '../parse-options.ts';

const USAGE = `usage: sandbox [--port N] [--host HOST] [--seed FILE] [--demo] [--empty] [--json]
  --port   port to listen on (default SANDBOX_PORT or 4010; 0 picks a free port)
  --host   interface to listen on (default 127.0.0.1)
  --seed   seed file (default config/sandbox.yaml)
  --demo   also the demo seed (config/sandbox-demo.yaml): the issues npm start shows on /admin
  --empty  no demo issues`;

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string', default: '127.0.0.1' },
  seed: { type: 'string' },
  demo: { type: 'boolean', default: false },
  empty: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
} as const;

/**
 * Runs the sandbox Jira alone until `stop` aborts (default: SIGINT or SIGTERM). Prints where it
 * listens, the seeded users and the API token.
 */
export async function sandboxCommand(
  args: string[],
  io: CliIo,
  stop: AbortSignal = interrupted(),
): Promise<number> {
  const { values, positionals } = parseOptions(args, OPTIONS, USAGE);
  noPositionals(positionals, USAGE);
  const port = portNumber(values.port ?? io.env.SANDBOX_PORT ?? '4010');
  // Loaded when run: the command line's other commands never need the sandbox's code.
  const { createSandbox } = await import('../../sandbox/index.ts');
  const sandbox = createSandbox({
    seed: values.seed,
    demoIssues: !values.empty,
    demo: values.demo,
  });
  let url: string;
  try {
    url = (await sandbox.start(port, values.host)).url;
  } catch (error) {
    await sandbox.close();
    throw listenFailure(error, port, { remedy: 'pick another with --port' });
  }
  printSandbox(io, sandbox, url, values.json);
  if (!stop.aborted) await once(stop, 'abort');
  await sandbox.close();
  return EXIT_OK;
}

function printSandbox(io: CliIo, sandbox: Sandbox, url: string, json: boolean): void {
  const users = sandbox.site.users.map((u) => ({
    email: u.email,
    accountId: u.accountId,
    displayName: u.displayName,
    accountType: u.accountType,
    groups: u.groups,
  }));
  const token = sandbox.site.apiToken;
  if (json) {
    printJson(io, { url, token, users, issues: sandbox.store.size });
    return;
  }
  const width = Math.max(...users.map((u) => u.email.length));
  io.stdout(
    [
      `sandbox Jira listening on ${url} (${sandbox.store.size} demo issues)`,
      `API token: ${token} (Basic auth: a user's email and the token)`,
      'users:',
      ...users.map((u) => `  ${u.email.padEnd(width)}  ${u.accountType.padEnd(9)}  ${u.accountId}`),
      `try: curl -u ${users[0]!.email}:${token} ${url}/rest/api/3/myself`,
      'stop with Ctrl-C',
      '',
    ].join('\n'),
  );
}

function portNumber(text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) > 65535) {
    throw new UsageError(`--port must be a port number 0-65535, got "${text}"\n${USAGE}`);
  }
  return Number(text);
}

function interrupted(): AbortSignal {
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  return controller.signal;
}
