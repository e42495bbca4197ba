import { createRequire } from 'node:module';
import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Paths pino blanks in every log line. Secrets should never reach a log call in the first place;
 * this is the net under that rule (a request logged whole, an error carrying its config).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-hub-signature"]',
  'req.headers["x-automation-token"]',
  'headers.authorization',
  '*.authorization',
  '*.Authorization',
  '*.apiToken',
  '*.JIRA_API_TOKEN',
  '*.WEBHOOK_SECRETS',
  '*.WEBHOOK_SHARED_TOKEN',
  '*.secret',
  '*.secrets',
  '*.token',
  '*.password',
];

export interface LoggerOptions {
  level: string;
  /** stdout for the service; stderr for commands whose stdout is a JSON document */
  destination: 'stdout' | 'stderr';
  /** human-readable lines (pino-pretty) instead of JSON; off when pino-pretty is not installed */
  pretty?: boolean;
  /** for tests: write here instead */
  stream?: DestinationStream;
  /** values to blank wherever they appear in a line (the configured secrets themselves) */
  secrets?: string[];
}

export function createLogger(options: LoggerOptions): Logger {
  const fd = options.destination === 'stderr' ? 2 : 1;
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 4);
  const stream =
    options.stream ??
    (options.pretty ? prettyStream(fd) : undefined) ??
    pino.destination({ fd, sync: false });
  return pino(
    {
      level: options.level,
      base: { service: 'jira-support-middleware' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
      ...(secrets.length > 0
        ? { hooks: { streamWrite: (line: string) => scrub(line, secrets) } }
        : {}),
    },
    stream,
  );
}

/** Blanks secret values that slipped into free text (an error message quoting a header). */
export function scrub(line: string, secrets: string[]): string {
  let result = line;
  for (const secret of secrets) {
    if (result.includes(secret)) result = result.split(secret).join('[redacted]');
  }
  return result;
}

function prettyStream(fd: number): DestinationStream | undefined {
  try {
    // pino-pretty is a dev dependency: absent in the production image, where JSON is what we want.
    const require = createRequire(import.meta.url);
    const pretty = require('pino-pretty') as (options: object) => DestinationStream;
    return pretty({
      destination: fd,
      colorize: true,
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname,service',
    });
  } catch {
    return undefined;
  }
}
