/**
 * Holds an issue while the sweep reads it fresh and acts on it, so that a webhook delivery of the
 * same process (which takes the same guard) never acts on it at the same moment. The service
 * passes its IssueLock; a CLI sweep has no deliveries beside it and passes none.
 */
export interface IssueGuard {
  /** resolves once the issue is the caller's, with the function that gives it back */
  acquire(key: string): Promise<() => void>;
}

/** A guard that holds nothing: the sweep alone in its process. */
export const UNGUARDED: IssueGuard = {
  acquire: () => Promise.resolve(() => undefined),
};

/** Takes several issues, in one order (sorted keys), so that two holders never wait on each other. */
export async function acquireAll(
  guard: IssueGuard,
  keys: readonly string[],
): Promise<Map<string, () => void>> {
  const held = new Map<string, () => void>();
  for (const key of [...new Set(keys)].sort()) held.set(key, await guard.acquire(key));
  return held;
}
