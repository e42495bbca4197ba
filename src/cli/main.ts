#!/usr/bin/env node
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../config/index.ts';
import { ConfigFileUnreadable } from '../config/yaml-file.ts';
import { StartupError } from '../service/startup-error.ts';
import {
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  HelpRequested,
  scrubbingIo,
  UsageError,
  type CliIo,
} from './cli-io.ts';
import { configCommand } from './commands/config-check.ts';
import { deadlineCommand } from './commands/deadline.ts';
import { doctorCommand } from './commands/doctor.ts';
import { sandboxCommand } from './commands/sandbox.ts';
import { serveCommand } from './commands/serve.ts';
import { sweepCommand } from './commands/sweep.ts';
import { webhooksCommand } from './commands/webhooks.ts';

type Command = (args: string[], io: CliIo) => number | Promise<number>;

const COMMANDS: Record<string, { run: Command; summary: string }> = {
  deadline: { run: deadlineCommand, summary: 'when a validation window of N business days closes' },
  config: { run: configCommand, summary: 'config check [--file PATH]: validate a projects file' },
  doctor: {
    run: doctorCommand,
    summary: 'check the live Jira site against the setup [--project KEY] [--json]',
  },
  sandbox: { run: sandboxCommand, summary: 'run the sandbox Jira alone [--port N] [--empty]' },
  serve: {
    run: serveCommand,
    summary: 'run the HTTP service and the scheduler (what npm start runs)',
  },
  sweep: {
    run: sweepCommand,
    summary: 'run the auto-close and catch-up sweep once (--dry-run plans only)',
  },
  webhooks: { run: webhooksCommand, summary: 'register|list|delete the Jira admin webhook' },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(
    ([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`,
  );
  return `usage: jira-support <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

/**
 * Runs one command line; returns the exit code. Never throws for bad input. Everything it writes
 * is scrubbed of the environment's secrets.
 */
export async function runCli(argv: string[], rawIo: CliIo): Promise<number> {
  const io = scrubbingIo(rawIo);
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === 'help') {
    io.stdout(usage());
    return name === undefined ? EXIT_USAGE : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`unknown command "${name}"\n${usage()}`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    return exitCodeFor(name, error, io);
  }
}

/** The exit code of a failed command, its message on stderr; anything else is a bug and rethrown. */
function exitCodeFor(name: string, error: unknown, io: CliIo): number {
  if (error instanceof HelpRequested) {
    io.stdout(`${error.usage}\n`);
    return EXIT_OK;
  }
  if (error instanceof UsageError || error instanceof StartupError) {
    io.stderr(`${name}: ${error.message}\n`);
    return EXIT_USAGE;
  }
  // A wrong path is bad input; a file with problems in it is a failed check.
  if (error instanceof ConfigFileUnreadable) {
    io.stderr(`${error.message}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof ConfigError) {
    io.stderr(`${error.message}\n`);
    return EXIT_FAILURE;
  }
  throw error;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const io: CliIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
  };
  runCli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      scrubbingIo(io).stderr(`unexpected error: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = EXIT_FAILURE;
    },
  );
}
