import { secretScrubber, type SecretScrubber } from '../domain/index.ts';

/** One scrubber per list of secrets (the receiver's credentials are fixed at start). */
const scrubbers = new WeakMap<readonly string[], SecretScrubber>();

function scrubberFor(secrets: readonly string[]): SecretScrubber {
  let scrubber = scrubbers.get(secrets);
  if (!scrubber) {
    scrubber = secretScrubber({ values: secrets });
    scrubbers.set(secrets, scrubber);
  }
  return scrubber;
}

/**
 * An error as a log field, with every configured secret blanked out of its text in every form
 * (domain/secret-scrubber.ts): errors from deeper layers may quote what they were given, and the
 * webhook secrets must never reach a log. The service's logger scrubs whole lines too.
 */
export function errorForLog(error: unknown, secrets: readonly string[]): Record<string, string> {
  const { scrub } = scrubberFor(secrets);
  if (error instanceof Error) {
    return {
      type: error.name,
      message: scrub(error.message),
      ...(error.stack ? { stack: scrub(error.stack) } : {}),
    };
  }
  return { type: typeof error, message: scrub(String(error)) };
}
