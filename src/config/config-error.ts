import type { z } from 'zod';
import { formatPath, valueAt } from '../domain/index.ts';

/**
 * A configuration problem, with every issue listed by its path in the file or environment.
 * Its message is meant for an admin's terminal: no stack trace, one line per problem.
 */
export class ConfigError extends Error {
  readonly problems: string[];

  constructor(source: string, problems: string[]) {
    super(`${source} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * One line per problem; `input` is the data that was validated, to tell missing from wrong. With
 * `echo: false` (the environment, where a secret may sit in the wrong variable) a problem names
 * the rule broken, never the value.
 */
export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  { echo = true }: { echo?: boolean } = {},
): string[] {
  return issues.map((issue) => {
    const path = formatPath(issue.path) || '(top level)';
    return `${path}: ${describeIssue(issue, valueAt(input, issue.path), echo)}`;
  });
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown, echo: boolean): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown ${issue.keys.length === 1 ? 'key' : 'keys'} ${issue.keys.join(', ')}`;
    case 'invalid_type':
      if (value === undefined) return `required (${issue.expected})`;
      if (!echo) return `expected ${issue.expected}`;
      return `expected ${issue.expected}, got ${JSON.stringify(value) ?? typeof value}`;
    case 'invalid_union':
      return value === undefined ? `required: ${issue.message}` : issue.message;
    case 'invalid_key':
      return issue.issues.map((inner) => inner.message).join('; ');
    default:
      return issue.message;
  }
}
