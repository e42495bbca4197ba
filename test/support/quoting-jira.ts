/**
 * A Jira (or a proxy in front of it) whose error answers quote the caller's credentials back: the
 * Authorization header verbatim, the API token decoded from it, the token URL-encoded, and the
 * start of the request body (where `webhooks register` sends the webhook secret). On 127.0.0.1
 * only. Real Jira does not do this; proxies and misconfigured gateways have been seen to, and the
 * service must not pass any of it on.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface QuotingJira {
  url: string;
  /**
   * `json`: Jira's 400 with errorMessages and errors; `proxy`: a proxy's 400 page in plain text (fetch turns a 407 into a network error).
   * `answers`: requests answered 200 with this JSON instead, by `METHOD /path` (no query), e.g. the
   * admin webhook list with none, so that `register` goes on to post its secret.
   */
  settings: { mode: 'json' | 'proxy'; answers: Record<string, unknown> };
  /** every request's method and path, in order */
  requests: string[];
  close(): Promise<void>;
}

export async function startQuotingJira(): Promise<QuotingJira> {
  const settings: QuotingJira['settings'] = { mode: 'json', answers: {} };
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      requests.push(`${req.method} ${req.url}`);
      const answer = settings.answers[`${req.method} ${String(req.url).split('?')[0]}`];
      if (answer !== undefined) {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer));
        return;
      }
      const authorization = String(req.headers.authorization ?? '');
      const decoded = Buffer.from(authorization.replace(/^Basic /, ''), 'base64').toString();
      const token = decoded.slice(decoded.indexOf(':') + 1);
      const quotes = [
        `Authorization: ${authorization}`,
        `token ${token}`,
        `token=${encodeURIComponent(token)}`,
        `request ${body.slice(0, 300)}`,
      ];
      if (settings.mode === 'proxy') {
        res.writeHead(400, { 'Content-Type': 'text/plain' }).end(quotes.join(' | '));
        return;
      }
      res
        .writeHead(400, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ errorMessages: quotes, errors: { authorization } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    settings,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString()));
  });
}
