import { createRequire } from 'node:module';
import pino, { type DestinationStream, type Logger } from 'pino';
import { REDACTED, type SecretScrubber } from '../domain/index.ts';

/**
 * Paths pino blanks in every log line. Secrets should never reach a log call in the first place;
 * this is the net under that rule (a request logged whole, an error carrying its config).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-hub-signature"]',
  'req.headers["x-automation-token"]',
  // the admin page's session id (src/admin/http/auth.ts), both ways
  'req.headers.cookie',
  'res.headers["set-cookie"]',
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
  /**
   * blanks every secret, in every form, from each whole line as written: the message, err.message
   * and stack, nested objects, whatever a log call was handed
   */
  scrubber?: SecretScrubber;
}

export function createLogger(options: LoggerOptions): Logger {
  const fd = options.destination === 'stderr' ? 2 : 1;
  const stream =
    options.stream ??
    (options.pretty ? prettyStream(fd) : undefined) ??
    pino.destination({ fd, sync: false });
  return pino(
    {
      level: options.level,
      base: { service: 'jira-support-middleware' },
      redact: { paths: REDACTED_PATHS, censor: REDACTED },
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
      ...(options.scrubber ? { hooks: { streamWrite: options.scrubber.scrub } } : {}),
    },
    stream,
  );
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
