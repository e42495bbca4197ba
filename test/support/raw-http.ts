/**
 * HTTP/1.1 requests written by hand on a socket, for what an HTTP client library will not do: send
 * the headers and hold the body back, send part of it, or send it slowly. The answer is parsed as
 * it arrives; the server may answer and close before the body is sent, which is what the tests of
 * early refusals look for (a reset after the answer is not a failure).
 */
import { connect, type Socket } from 'node:net';

export interface RawAnswer {
  status: number;
  /** lower-case names */
  headers: Record<string, string>;
  body: string;
}

export interface RawClient {
  socket: Socket;
  /** the answer, once its head and Content-Length bytes of body are in; undefined if none came */
  answer: Promise<RawAnswer | undefined>;
  /** resolves when the connection is closed (by either side) */
  closed: Promise<void>;
  /** writes more of the body (ignored once the connection is gone) */
  write(bytes: Buffer | string): void;
}

/** Opens a connection and writes the request head (and `body`, if given); nothing else. */
export function rawClient(
  port: number,
  head: { method?: string; path: string; headers: Record<string, string> },
  body?: Buffer | string,
): RawClient {
  const socket = connect(port, '127.0.0.1');
  const lines = [
    `${head.method ?? 'POST'} ${head.path} HTTP/1.1`,
    'Host: 127.0.0.1',
    ...Object.entries(head.headers).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  if (body !== undefined) socket.write(body);
  // Writes after the server closed fail with EPIPE or ECONNRESET: expected here.
  socket.on('error', () => {});
  let received = Buffer.alloc(0);
  const answer = new Promise<RawAnswer | undefined>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const parsed = parseAnswer(received);
      if (parsed) resolve(parsed);
    });
    socket.on('close', () => resolve(parseAnswer(received, true)));
  });
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  return {
    socket,
    answer,
    closed,
    write(bytes) {
      if (!socket.destroyed && socket.writable) socket.write(bytes);
    },
  };
}

function parseAnswer(data: Buffer, final = false): RawAnswer | undefined {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine = '', ...headerLines] = data.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = data.subarray(end + 4);
  const length = Number(headers['content-length'] ?? 0);
  if (body.length < length && !final) return undefined;
  return {
    status: Number(statusLine.split(' ')[1]),
    headers,
    body: body.subarray(0, length).toString('utf8'),
  };
}

/** The answer, or an error naming what did not come within `ms` (instead of jest's timeout). */
export async function answerWithin(
  client: RawClient,
  ms: number,
  what: string,
): Promise<RawAnswer> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: ${what}`)), ms);
  });
  try {
    const answer = await Promise.race([client.answer, timeout]);
    if (answer === undefined) throw new Error(`the connection closed without an answer: ${what}`);
    return answer;
  } finally {
    clearTimeout(timer);
  }
}
