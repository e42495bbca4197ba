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

export function printJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** A pino destination writing to the command's stderr (where a command's logs go). */
export function stderrLines(io: CliIo): { write(line: string): void } {
  return { write: (line) => io.stderr(line) };
}
