import { listenFailure } from './startup-error.ts';

/** The sandbox Jira `serve` runs in its own process when no JIRA_BASE_URL is set. */
export interface EmbeddedSandbox {
  /** where it listens (SANDBOX_PORT may be 0: any free port) */
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the sandbox Jira, seeded with the demo issues and the demo seed, on 127.0.0.1. The sandbox is imported here
 * and only here, dynamically, so that a service with a real Jira never loads its code.
 */
export async function startEmbeddedSandbox(port: number): Promise<EmbeddedSandbox> {
  const { createSandbox } = await import('../sandbox/index.ts');
  // The demo seed too: enough issues for the admin page's forecast to show a week of closes.
  const sandbox = createSandbox({ demo: true });
  try {
    const running = await sandbox.start(port, '127.0.0.1');
    return { url: running.url, close: () => sandbox.close() };
  } catch (error) {
    await sandbox.close();
    throw listenFailure(error, port, {
      setting: 'SANDBOX_PORT',
      remedy: 'set SANDBOX_PORT to another port (is another `npm start` running?)',
    });
  }
}
