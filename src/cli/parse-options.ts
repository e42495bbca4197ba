import { parseArgs, type ParseArgsConfig } from 'node:util';
import { HelpRequested, UsageError } from './cli-io.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * node:util parseArgs in strict mode, with its errors turned into usage errors. `--help` or `-h`
 * before any `--` asks for the usage, whatever else is on the line.
 */
export function parseOptions<T extends Options>(args: string[], options: T, usage: string) {
  const end = args.indexOf('--');
  const own = end === -1 ? args : args.slice(0, end);
  if (own.some((arg) => arg === '--help' || arg === '-h')) throw new HelpRequested(usage);
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${usage}`);
  }
}

export function positiveInteger(text: string, option: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) {
    throw new UsageError(`${option} must be a whole number of at least 1, got "${text}"`);
  }
  return Number(text);
}

/** Refuses positional arguments a command does not take. */
export function noPositionals(positionals: string[], usage: string): void {
  if (positionals.length > 0) {
    throw new UsageError(`unexpected argument "${positionals[0]}"\n${usage}`);
  }
}
