import { describe, expect, it } from '@jest/globals';
import { sandboxCommand } from '../../src/cli/commands/sandbox.ts';
import { runCli } from '../../src/cli/main.ts';
import type { CliIo } from '../../src/cli/cli-io.ts';

function capture(env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  let printed: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (printed = resolve));
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
      printed();
    },
    stderr: (text) => (stderr += text),
    env,
  };
  return { io, ready, out: () => stdout, err: () => stderr };
}

describe('npm run cli -- sandbox', () => {
  it('serves the sandbox until stopped, printing the URL, the users and the token', async () => {
    const { io, ready, out } = capture();
    const stop = new AbortController();
    const exit = sandboxCommand(['--port', '0', '--json'], io, stop.signal);
    await ready;
    const printed = JSON.parse(out());
    expect(printed).toMatchObject({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      token: 'sandbox',
      issues: 5,
    });
    expect(printed.users.map((u: { email: string }) => u.email)).toEqual([
      'bot@pixeon.example',
      'analista@pixeon.example',
      'clinica@cliente.example',
      'recepcao@clinica2.example',
      'automation@apps.pixeon.example',
      'ex-analista@pixeon.example',
      'contato@clinica3.example',
      'marta@cliente.example',
    ]);
    const response = await fetch(`${printed.url}/rest/api/3/myself`, {
      headers: {
        authorization: `Basic ${Buffer.from('bot@pixeon.example:sandbox').toString('base64')}`,
      },
    });
    expect(response.status).toBe(200);
    stop.abort();
    expect(await exit).toBe(0);
  });

  it('prints a readable summary, with no demo issues when --empty', async () => {
    const { io, ready, out } = capture({ SANDBOX_PORT: '0' });
    const stop = new AbortController();
    const exit = sandboxCommand(['--empty'], io, stop.signal);
    await ready;
    expect(out()).toMatch(/sandbox Jira listening on http:\/\/127\.0\.0\.1:\d+ \(0 demo issues\)/);
    expect(out()).toMatch(/API token: sandbox/);
    expect(out()).toMatch(/clinica@cliente\.example\s+customer\s+qm:/);
    stop.abort();
    expect(await exit).toBe(0);
  });

  it('with --demo, serves the demo seed too (the issues npm start shows on /admin)', async () => {
    const { io, ready, out } = capture();
    const stop = new AbortController();
    const exit = sandboxCommand(['--port', '0', '--demo', '--json'], io, stop.signal);
    await ready;
    const printed = JSON.parse(out());
    expect(printed.issues).toBe(16);
    expect(printed.users.map((u: { email: string }) => u.email)).toContain(
      'recepcao@saolucas.example',
    );
    stop.abort();
    expect(await exit).toBe(0);
  });

  it.each([
    [['sandbox', '--port', 'x'], /--port must be a port number 0-65535, got "x"/],
    [['sandbox', '--port', '70000'], /--port must be a port number/],
    [['sandbox', '--colour'], /Unknown option '--colour'/],
    [['sandbox', 'extra'], /unexpected argument "extra"/],
  ])('exits 2 on bad options: %j', async (argv, message) => {
    const { io, err } = capture();
    expect(await runCli(argv, io)).toBe(2);
    expect(err()).toMatch(message);
  });
});
