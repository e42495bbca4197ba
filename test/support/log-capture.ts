/**
 * The one log capture of the test suite: a pino logger writing to memory, each line parsed as
 * JSON on demand, and a way to find lines. `stream` lets a logger built elsewhere (the service's
 * own createLogger, with its redaction) write into the same capture.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

/** One parsed log line (pino's `level` is a number, or a label with createLogger's formatter). */
export type LogRecord = Record<string, unknown> & { level?: number | string; msg?: string };

/** A substring of the message, a pattern for it, or any test of the whole record. */
export type LogMatch = string | RegExp | ((record: LogRecord) => boolean);

export interface LogCapture {
  logger: Logger;
  /** where a logger built by other code can write; the lines land in `lines` */
  stream: DestinationStream;
  /** the raw JSON lines, as written */
  lines: string[];
  /** every line parsed */
  records(): LogRecord[];
  /** the parsed lines that match */
  find(match: LogMatch): LogRecord[];
  /** everything written, as one text (to assert that something never appears) */
  text(): string;
}

export function captureLog(level = 'debug'): LogCapture {
  const lines: string[] = [];
  const stream: DestinationStream = {
    write: (chunk: string) => {
      // pino writes one line per call; split anyway so a batched write cannot hide a line.
      for (const line of chunk.split('\n')) if (line !== '') lines.push(line);
    },
  };
  const records = () => lines.map((line) => JSON.parse(line) as LogRecord);
  return {
    logger: pino({ level }, stream),
    stream,
    lines,
    records,
    find: (match) => records().filter(matcher(match)),
    text: () => lines.join('\n'),
  };
}

/** A logger that writes nothing, for tests that do not look at the logs. */
export const silentLogger = (): Logger => pino({ level: 'silent' });

function matcher(match: LogMatch): (record: LogRecord) => boolean {
  if (typeof match === 'function') return match;
  if (typeof match === 'string') return (record) => String(record.msg ?? '').includes(match);
  return (record) => match.test(String(record.msg ?? ''));
}
