import { environmentSecrets } from '../config/index.ts';
import { secretScrubber } from '../domain/index.ts';

/** What a command may touch: its arguments, output streams and environment. Tests pass fakes. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
}

/** Bad options or arguments: the message goes to stderr and the process exits with code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `--help` (or `-h`) among a command's options: its usage goes to stdout, exit code 0. */
export class HelpRequested extends Error {
  readonly usage: string;

  constructor(usage: string) {
    super('help requested');
    this.name = 'HelpRequested';
    this.usage = usage;
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/**
 * The io with every secret of its environment blanked, in every form, from all a command writes:
 * its answer on stdout (a --json report quoting Jira's refusal), its messages and logs on stderr.
 * Each write is scrubbed whole; commands write a line or a document at a time.
 */
export function scrubbingIo(io: CliIo): CliIo {
  const { scrub } = secretScrubber(environmentSecrets(io.env));
  return {
    stdout: (text) => io.stdout(scrub(text)),
    stderr: (text) => io.stderr(scrub(text)),
    env: io.env,
  };
}

export function printJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** A pino destination writing to the command's stderr (where a command's logs go). */
export function stderrLines(io: CliIo): { write(line: string): void } {
  return { write: (line) => io.stderr(line) };
}
