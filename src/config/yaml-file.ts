import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError, describeIssues } from './config-error.ts';

/**
 * Parses YAML text and validates it with a schema; throws a ConfigError listing every problem,
 * YAML syntax errors by line and column, schema problems by path. Shared by every config file
 * (projects, the sandbox seed, the webhook definition).
 */
export function parseYamlConfig<T extends z.ZodType>(
  text: string,
  source: string,
  schema: T,
  topLevel = 'expected a mapping',
): z.output<T> {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      source,
      document.errors.map((error) => {
        const where = error.linePos?.[0];
        const at = where ? `line ${where.line}, column ${where.col}` : 'YAML';
        return `${at}: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`;
      }),
    );
  }
  let data: unknown;
  try {
    // Aliases to missing anchors and alias bombs fail here, not in the parser.
    data = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new ConfigError(source, [
      `YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    ]);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError(source, [`(top level): ${topLevel}`]);
  }
  const result = schema.safeParse(data);
  if (!result.success) throw new ConfigError(source, describeIssues(result.error.issues, data));
  return result.data;
}

/**
 * A config file that cannot be read at all (missing, a directory, no permission): a wrong path or
 * setting, which the command line treats as bad input, unlike a file with problems in it.
 */
export class ConfigFileUnreadable extends ConfigError {
  readonly path: string;

  constructor(path: string, problem: string) {
    super(path, [problem]);
    this.name = 'ConfigFileUnreadable';
    this.message = `${path}: ${problem}`;
    this.path = path;
  }
}

/** Reads a config file's text; a missing or unreadable file is a ConfigError, not a stack trace. */
export function readConfigText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigFileUnreadable(
      path,
      code === 'ENOENT' ? 'file not found' : `cannot read it (${code ?? String(error)})`,
    );
  }
}
