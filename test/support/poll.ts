/**
 * The one polling helper: waits for a condition and fails loudly, naming what it waited for, when
 * the condition never holds. A loop that just stops trying lets a test go on against a state it
 * never reached, and the failure (if any) then points somewhere else.
 */
export interface EventuallyOptions {
  /** what is awaited, for the error: "the first delivery to be answered" */
  what: string;
  /** default 2000 ms; keep it well below jest's test timeout so this error is the one reported */
  timeoutMs?: number;
  /** pause between tries; default 5 ms */
  intervalMs?: number;
}

/**
 * Resolves with the condition's first truthy value. A condition that throws counts as not yet
 * holding (an assertion inside it, say); its last error is the cause of the timeout error.
 */
export async function eventually<T>(
  condition: () => T | Promise<T>,
  options: EventuallyOptions,
): Promise<NonNullable<T>> {
  const { what, timeoutMs = 2_000, intervalMs = 5 } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value as NonNullable<T>;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}`,
        lastError === undefined ? undefined : { cause: lastError },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
