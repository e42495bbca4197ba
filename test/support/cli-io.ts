import type { CliIo } from '../../src/cli/cli-io.ts';
import { runCli } from '../../src/cli/main.ts';

/** A fake CLI io: captures stdout and stderr, with the environment the command sees. */
export interface FakeCliIo {
  io: CliIo;
  stdout(): string;
  stderr(): string;
  /** resolves once the command has written to stdout (a long-running command has started) */
  printed: Promise<void>;
}

export function fakeCliIo(env: Record<string, string | undefined> = {}): FakeCliIo {
  let stdout = '';
  let stderr = '';
  let printed: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (printed = resolve));
  return {
    io: {
      stdout: (text) => {
        stdout += text;
        printed();
      },
      stderr: (text) => void (stderr += text),
      env,
    },
    stdout: () => stdout,
    stderr: () => stderr,
    printed: ready,
  };
}

/** Runs one command line in this process; returns its exit code and what it wrote. */
export async function runCommand(
  argv: string[],
  env: Record<string, string | undefined> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const fake = fakeCliIo(env);
  const code = await runCli(argv, fake.io);
  return { code, stdout: fake.stdout(), stderr: fake.stderr() };
}
