import { credentialsAdvice } from '../jira/index.ts';

/**
 * A problem the operator fixes in the settings, not in the code: a port in use, credentials Jira
 * refuses, a bot that is not an admin. Said in one line that tells what to do, never as a stack
 * trace; the command line exits 2 with it, as with a bad option.
 */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/**
 * A listen() failure, as an operator reads it. `setting` names what chose the port (e.g. "PORT")
 * and `remedy` how to choose another; errors other than a busy or forbidden port are returned as
 * they came.
 */
export function listenFailure(
  error: unknown,
  port: number,
  where: { setting?: string; remedy: string },
): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const setting = where.setting ? ` (${where.setting})` : '';
  if (code === 'EADDRINUSE') {
    return new StartupError(
      `port ${port} is already in use${setting}: stop what listens there or ${where.remedy}`,
    );
  }
  if (code === 'EACCES') {
    return new StartupError(
      `port ${port}${setting} needs privileges this process lacks: ${where.remedy}`,
    );
  }
  return error;
}

/** Jira's answer to a refused call (401, 403), as what to do about it; undefined for others. */
export function jiraRefusal(error: unknown, needs: 'admin' | 'access'): StartupError | undefined {
  const status = (error as { status?: unknown } | undefined)?.status;
  if (status === 401) {
    const workedBefore = (error as { workedBefore?: unknown }).workedBefore === true;
    return new StartupError(
      `Jira refused the credentials (401): ${credentialsAdvice(workedBefore)}`,
    );
  }
  if (status === 403 && needs === 'admin') {
    return new StartupError(
      'the bot account (JIRA_EMAIL) is not a Jira administrator (403), and managing webhooks needs ' +
        'one: create the webhook by hand in Jira (Settings → System → WebHooks) as `webhooks list` ' +
        'would show it, or run this with an administrator account',
    );
  }
  if (status === 403) {
    return new StartupError(
      "Jira refused the call (403): the bot account (JIRA_EMAIL) lacks a permission in the project's permission scheme",
    );
  }
  return undefined;
}
