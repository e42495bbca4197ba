/**
 * An error as a log field, with every configured secret blanked out of its text: errors from
 * deeper layers may quote what they were given, and the webhook secrets must never reach a log.
 */
export function errorForLog(error: unknown, secrets: readonly string[]): Record<string, string> {
  const scrub = (text: string) =>
    secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
  if (error instanceof Error) {
    return {
      type: error.name,
      message: scrub(error.message),
      ...(error.stack ? { stack: scrub(error.stack) } : {}),
    };
  }
  return { type: typeof error, message: scrub(String(error)) };
}
