/**
 * Reads a webhook request's raw body, bounded three ways: its size (a Content-Length over the limit
 * is refused before a byte is read), the bytes of bodies being read at once before authentication
 * (a BodyBudget shared by all requests), and time (a body not in within the timeout is dropped).
 * Every byte reserved is given back when the read ends, however it ends.
 *
 * The errors carry the `type` and `status` body-parser's did, which unreadable-body.ts answers.
 */
import type { IncomingMessage } from 'node:http';
import type { BodyBudget } from './body-budget.ts';

export type BodyReadProblem =
  'entity.too.large' | 'encoding.unsupported' | 'request.aborted' | 'body.timeout' | 'server.busy';

const STATUS: Record<BodyReadProblem, number> = {
  'entity.too.large': 413,
  'encoding.unsupported': 415,
  'request.aborted': 400,
  'body.timeout': 408,
  'server.busy': 503,
};

export class BodyReadError extends Error {
  readonly type: BodyReadProblem;
  readonly status: number;

  constructor(type: BodyReadProblem) {
    super(`webhook body not read: ${type}`);
    this.name = 'BodyReadError';
    this.type = type;
    this.status = STATUS[type];
  }
}

export interface BodyReadOptions {
  maxBytes: number;
  timeoutMs: number;
  /** the shared cap, for a body not authenticated by its headers; none: the body is not counted */
  budget?: BodyBudget;
}

/**
 * The body's bytes, or undefined when the request has none. Rejects with a BodyReadError; the
 * caller answers it and closes the connection (the rest of the body is never read).
 */
export function readBody(
  req: IncomingMessage,
  options: BodyReadOptions,
): Promise<Buffer | undefined> {
  const { headers } = req;
  const declared = headers['content-length'];
  if (headers['transfer-encoding'] === undefined && declared === undefined) {
    return Promise.resolve(undefined);
  }
  // The signature covers the bytes as sent: a compressed body cannot be verified (415).
  const encoding = (headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity') return Promise.reject(new BodyReadError('encoding.unsupported'));
  // node:http has already refused a malformed or conflicting Content-Length (400).
  const length = declared === undefined ? undefined : Number(declared);
  if (length !== undefined && length > options.maxBytes) {
    return Promise.reject(new BodyReadError('entity.too.large'));
  }
  // A declared length is reserved whole, up front; a chunked body reserves each chunk as it comes.
  const { budget } = options;
  if (length !== undefined && budget && !budget.tryReserve(length)) {
    return Promise.reject(new BodyReadError('server.busy'));
  }
  return collect(req, options, length === undefined ? 0 : length);
}

function collect(
  req: IncomingMessage,
  { maxBytes, timeoutMs, budget }: BodyReadOptions,
  reservedUpFront: number,
): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let reserved = reservedUpFront;
    const chunked = req.headers['content-length'] === undefined;

    const settle = (error?: BodyReadError) => {
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('error', onAbort).off('close', onAbort);
      budget?.release(reserved);
      reserved = 0;
      if (error === undefined) {
        resolve(Buffer.concat(chunks, received));
        return;
      }
      chunks.length = 0;
      // Stop reading; the caller's answer closes the connection.
      req.pause();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) return settle(new BodyReadError('entity.too.large'));
      if (chunked && budget) {
        if (!budget.tryReserve(chunk.length)) return settle(new BodyReadError('server.busy'));
        reserved += chunk.length;
      }
      chunks.push(chunk);
    };
    const onEnd = () => settle();
    // 'error' (ECONNRESET "aborted") and 'close' before the end: the client went away.
    const onAbort = () => settle(new BodyReadError('request.aborted'));
    const timer = setTimeout(() => settle(new BodyReadError('body.timeout')), timeoutMs);

    if (req.destroyed) {
      settle(new BodyReadError('request.aborted'));
      return;
    }
    req.on('data', onData).on('end', onEnd).on('error', onAbort).on('close', onAbort);
  });
}
