import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { runCommand } from '../support/cli-io.ts';

const STACK_LINE = /\n\s+at /;

/**
 * Prints, on stderr, every module of src/sandbox/ the process loads (Node's synchronous module
 * hooks see static and dynamic imports alike).
 */
const RECORD_SANDBOX_MODULES = `data:text/javascript,${encodeURIComponent(
  `import { registerHooks } from 'node:module';
registerHooks({ load(url, context, next) {
  if (url.includes('/src/sandbox/')) process.stderr.write('LOADED ' + url + '\\n');
  return next(url, context);
} });`,
)}`;

interface Child {
  stdout: string;
  stderr: string;
  /** resolves with the exit code, or the signal's name */
  exited: Promise<number | string>;
  kill(signal: NodeJS.Signals): void;
  waitFor(text: RegExp): Promise<void>;
}

/** The CLI as `npm run cli` runs it, in a child process. */
function cli(args: string[], env: Record<string, string>, nodeArgs: string[] = []): Child {
  const child = spawn(
    process.execPath,
    [
      ...nodeArgs,
      '--experimental-strip-types',
      '--disable-warning=ExperimentalWarning',
      'src/cli/main.ts',
      ...args,
    ],
    { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const result: Child = {
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) =>
      child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)),
    ),
    kill: (signal) => child.kill(signal),
    waitFor: (text) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (text.test(result.stdout)) resolve();
        };
        child.stdout.on('data', check);
        void result.exited.then(() =>
          reject(new Error(`exited before ${text}:\n${result.stdout}\n${result.stderr}`)),
        );
        check();
      }),
  };
  child.stdout.on('data', (chunk) => (result.stdout += String(chunk)));
  child.stderr.on('data', (chunk) => (result.stderr += String(chunk)));
  return result;
}

/** A loopback port held by another listener while a test runs. */
let holder: Server | undefined;
async function takenPort(): Promise<number> {
  holder = createServer();
  await new Promise<void>((r) => holder!.listen(0, '127.0.0.1', r));
  return (holder.address() as AddressInfo).port;
}
afterEach(async () => {
  await new Promise((r) => (holder ? holder.close(r) : r(undefined)));
  holder = undefined;
});

describe('npm start with its port taken', () => {
  it('exits non-zero at once with a one-line message, the embedded sandbox closed', async () => {
    const port = await takenPort();
    const child = cli(['serve'], { PORT: String(port), SANDBOX_PORT: '0', LOG_LEVEL: 'silent' });
    const timeout = new Promise<string>((r) =>
      setTimeout(() => r('still running'), 10_000).unref(),
    );
    const exited = await Promise.race([child.exited, timeout]);
    if (exited === 'still running') child.kill('SIGKILL');
    expect(child.stderr).toBe(
      `serve: port ${port} is already in use (PORT): stop what listens there or set PORT to another port\n`,
    );
    expect(exited).toBe(2);
  });
});

describe('sandbox on a port in use', () => {
  it('exits 2 with a message', async () => {
    const port = await takenPort();
    const { code, stderr } = await runCommand(['sandbox', '--port', String(port)]);
    expect(stderr).toBe(
      `sandbox: port ${port} is already in use: stop what listens there or pick another with --port\n`,
    );
    expect(stderr).not.toMatch(STACK_LINE);
    expect(code).toBe(2);
  });
});

describe('the production path never loads the sandbox', () => {
  const serveAndStop = async (env: Record<string, string>, ready: RegExp) => {
    const child = cli(
      ['serve'],
      { PORT: '0', SANDBOX_PORT: '0', SCHEDULER_ENABLED: 'false', LOG_LEVEL: 'info', ...env },
      ['--import', RECORD_SANDBOX_MODULES],
    );
    await child.waitFor(ready);
    child.kill('SIGTERM');
    const exit = await child.exited;
    expect({ exit, out: child.stdout, err: child.stderr }).toMatchObject({ exit: 0 });
    return child.stderr;
  };

  it('serve with a JIRA_BASE_URL loads no module of src/sandbox/', async () => {
    const stderr = await serveAndStop(
      {
        JIRA_BASE_URL: 'http://127.0.0.1:9',
        JIRA_EMAIL: 'bot@example.com',
        JIRA_API_TOKEN: 'token-123',
        WEBHOOK_SECRETS: 'secret-123',
      },
      /jira-support-middleware listening/,
    );
    expect(stderr).not.toContain('LOADED');
  });

  it('the control: serve with no Jira loads it (the recorder works)', async () => {
    const stderr = await serveAndStop({}, /Try it/);
    expect(stderr).toMatch(/LOADED .*\/src\/sandbox\/index\.ts/);
  });
});
