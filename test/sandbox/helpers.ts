import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Sandbox, SandboxOptions } from '../../src/sandbox/index.ts';
import { startWorld } from '../support/world.ts';

/** Friday 2026-02-13 17:00 in São Paulo: the README's business-day example, a frozen clock for the tests. */
export const T0 = '2026-02-13T17:00:00-03:00';

export const BOT = 'bot@pixeon.example';
export const ANALYST = 'analista@pixeon.example';
export const CUSTOMER = 'clinica@cliente.example';
export const RECEPTION = 'recepcao@clinica2.example';
/** a portal customer whose profile is private (the seed's `privateProfile: true`) */
export const PRIVATE_CUSTOMER = 'contato@clinica3.example';

export const STATUS = {
  open: '10001',
  inProgress: '10002',
  pending: '10003',
  validation: '10004',
  closed: '10005',
} as const;

export const VALIDATION_NAME = 'Tarefa Resolvida – Aguardando Validação do cliente';

// Responses are JSON documents of many shapes; tests read them like a client would.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface ApiResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Json;
  text: string;
}

/**
 * node:http rather than fetch: under nock's interceptors a fetch with a body pays ~40 ms of
 * delayed ACK per call, which adds up over a suite.
 */
function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  payload: string | undefined,
): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: Json = undefined;
        try {
          body = text === '' ? undefined : JSON.parse(text);
        } catch {
          body = text;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export interface RequestOptions {
  body?: unknown;
  /** the caller's email (default the bot); null sends no credentials */
  as?: string | null;
  headers?: Record<string, string>;
}

export interface TestSandbox {
  sandbox: Sandbox;
  url: string;
  api: (method: string, path: string, options?: RequestOptions) => Promise<ApiResponse>;
  close: () => Promise<void>;
}

/**
 * A sandbox alone on 127.0.0.1 (a free port), empty and frozen at T0 unless told otherwise, with
 * a client for its REST API.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<TestSandbox> {
  const world = await startWorld({
    service: false,
    sandbox: {
      now: T0,
      webhooks: { retryDelaysMs: [1, 1, 1, 1, 1], timeoutMs: 2000 },
      ...options,
    },
  });
  const { sandbox } = world;
  const api = (method: string, path: string, request: RequestOptions = {}) => {
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    if (request.as !== null) headers.authorization = sandbox.authHeader(request.as ?? BOT);
    const payload =
      request.body === undefined
        ? undefined
        : typeof request.body === 'string'
          ? request.body
          : JSON.stringify(request.body);
    if (payload !== undefined) {
      headers['content-type'] ??= 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    return send(`${world.jiraUrl}${path}`, method, headers, payload);
  };
  return { sandbox, url: world.jiraUrl, api, close: () => world.close() };
}

export function jql(query: string): string {
  return encodeURIComponent(query);
}

/** An ADF document of one paragraph per line. */
export function adf(...paragraphs: string[]) {
  return {
    type: 'doc',
    version: 1,
    content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
  };
}

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** decides the status of each request (default 200), possibly later */
  respond: (handler: (request: ReceivedRequest, index: number) => number | Promise<number>) => void;
  close: () => Promise<void>;
}

/** A webhook receiver on 127.0.0.1 that records what it gets. */
export async function startReceiver(): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  let decide: (request: ReceivedRequest, index: number) => number | Promise<number> = () => 200;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      void Promise.resolve(decide(request, requests.length - 1)).then((status) => {
        res.statusCode = status;
        res.end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/jira`,
    requests,
    respond: (handler) => {
      decide = handler;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
