import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { loadEnv } from '../../src/config/index.ts';
import { jiraConnection } from '../../src/service/jira-connection.ts';
import { createService, type Service } from '../../src/service/service.ts';
import { captureLog } from '../support/log-capture.ts';
import { CONFIG } from '../support/world.ts';

// /readyz names the cause of a 401: a token that stopped working, or credentials that never did.

const TOKEN = 'api-token-0123456789';
let server: Server | undefined;
let service: Service | undefined;

afterEach(async () => {
  await service?.shutdown();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = service = undefined;
});

/** A Jira whose `myself` answers the given statuses in turn (the last one from then on). */
async function jiraAnswering(statuses: number[]): Promise<string> {
  let calls = 0;
  server = createServer((_req, res) => {
    const status = statuses[Math.min(calls++, statuses.length - 1)]!;
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify(
        status === 200
          ? { accountId: 'bot-1', displayName: 'Bot', accountType: 'atlassian' }
          : { errorMessages: ['Client must be authenticated to access this resource.'] },
      ),
    );
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The service's clock: a test moves it past the readiness age. */
const clock = { ms: Date.parse('2026-12-02T12:00:00Z') };

function serviceAt(url: string): Service {
  const env = loadEnv({
    JIRA_BASE_URL: url,
    JIRA_EMAIL: 'bot@example.com',
    JIRA_API_TOKEN: TOKEN,
    WEBHOOK_SECRETS: 'webhook-secret-1',
    SCHEDULER_ENABLED: 'false',
  });
  return createService({
    env,
    config: CONFIG,
    connection: jiraConnection(env),
    log: captureLog('silent').logger,
    webhookSecrets: env.WEBHOOK_SECRETS,
    scheduler: false,
    jiraRetry: { maxAttempts: 1 },
    readinessMaxAgeMs: 60_000,
    now: () => clock.ms,
  });
}

/** A Jira whose `myself` takes `delayMs` to answer, counting the requests in flight. */
async function slowJira(delayMs: number) {
  const seen = { calls: 0, inFlight: 0, maxInFlight: 0 };
  server = createServer((_req, res) => {
    seen.calls++;
    seen.maxInFlight = Math.max(seen.maxInFlight, ++seen.inFlight);
    setTimeout(() => {
      seen.inFlight--;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ accountId: 'bot-1', displayName: 'Bot', accountType: 'atlassian' }));
    }, delayMs);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('/readyz with a slow Jira', () => {
  it('answers 20 parallel probes from memory while Jira takes 2 s, with one call in flight', async () => {
    const jira = await slowJira(2000);
    service = serviceAt(jira.url);
    const { url } = await service.listen(0, '127.0.0.1');
    const probes = await Promise.all(
      Array.from({ length: 20 }, () => fetch(`${url}/readyz`).then((r) => r.status)),
    );
    // Every probe was answered while the service's first check still waited on Jira.
    expect(jira.seen).toEqual({ calls: 1, inFlight: 1, maxInFlight: 1 });
    expect(probes).toEqual(Array(20).fill(503));
    await service.jiraCheck.check();
    const ready = await Promise.all(
      Array.from({ length: 20 }, () => fetch(`${url}/readyz`).then((r) => r.status)),
    );
    expect(ready).toEqual(Array(20).fill(200));
    expect(jira.seen).toMatchObject({ calls: 1, maxInFlight: 1 });
  });
});

describe('/readyz after a 401 from Jira', () => {
  it('says the API token was revoked or expired once it had worked', async () => {
    service = serviceAt(await jiraAnswering([200, 401]));
    await service.jiraCheck.check();
    await request(service.app).get('/readyz').expect(200);
    await service.jiraCheck.check();
    // One failure does not flap readiness while the last success is recent enough.
    await request(service.app).get('/readyz').expect(200);
    clock.ms += 61_000;
    const ready = await request(service.app).get('/readyz').expect(503);
    expect(ready.body.jira).toMatch(
      /^unreachable: GET \/rest\/api\/3\/myself failed: 401 .*the API token was revoked or expired \(tokens expire within a year\)/,
    );
    expect(JSON.stringify(ready.body)).not.toContain(TOKEN);
  });

  it('says the credentials are wrong when they never worked', async () => {
    service = serviceAt(await jiraAnswering([401]));
    await service.jiraCheck.check();
    const ready = await request(service.app).get('/readyz').expect(503);
    expect(ready.body.jira).toMatch(
      /the credentials are wrong: check JIRA_EMAIL and JIRA_API_TOKEN/,
    );
    expect(ready.body.jira).not.toMatch(/revoked|expired/);
  });
});
