import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startWorld, type SandboxWorld, type ServiceInstance } from '../support/world.ts';
import { arrangeIssue, CUSTOMER, STATUS, statusOf } from './world.ts';

// A scoped API token reaches Jira at https://api.atlassian.com/ex/jira/{cloudId}: every call is
// under that path. A stand-in gateway on 127.0.0.1 serves the sandbox under the prefix and answers
// 404 to anything outside it, so a call that dropped the prefix would fail here as there.

const PREFIX = '/ex/jira/0f5a0e8c-1b2c-4d3e-8f90-a1b2c3d4e5f6';
let world: SandboxWorld;
let gateway: Server;
let outside: string[];
let service: ServiceInstance;

async function startGateway(target: string): Promise<string> {
  const upstream = new URL(target);
  gateway = createServer((req, res) => {
    const url = req.url ?? '';
    if (!url.startsWith(`${PREFIX}/`)) {
      outside.push(`${req.method} ${url}`);
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ errorMessages: ['not under /ex/jira/{cloudId}'] }));
      return;
    }
    const forwarded = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: url.slice(PREFIX.length),
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', () => res.destroy());
    req.pipe(forwarded);
  });
  await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(gateway.address() as AddressInfo).port}${PREFIX}`;
}

beforeEach(async () => {
  outside = [];
  world = await startWorld({ service: false });
  // The service registers its webhook through the gateway too.
  service = await world.startService({ jiraUrl: await startGateway(world.jiraUrl) });
});

afterEach(async () => {
  await world.close();
  await new Promise((r) => gateway.close(r));
});

describe('the service with JIRA_BASE_URL under a path prefix (the api.atlassian.com form)', () => {
  it('a customer reply moves a pending issue, and the nightly sweep closes a lapsed one, every call under the prefix', async () => {
    const pending = arrangeIssue(world.sandbox, [
      { status: STATUS.analysts, at: '2026-03-02T09:00:00-03:00' },
      { status: STATUS.pending, at: '2026-03-02T10:00:00-03:00' },
    ]);
    world.sandbox.store.addComment(pending, { body: 'Segue a foto.' }, { by: CUSTOMER });
    await world.sandbox.webhooks.idle();
    await service.service.webhooks.receiver.drain();
    expect(statusOf(world.sandbox, pending)).toBe(STATUS.analysts);

    const lapsed = arrangeIssue(world.sandbox, [
      { status: STATUS.analysts, at: '2026-03-01T09:00:00-03:00' },
      { status: STATUS.validation, at: '2026-03-02T10:00:00-03:00', resolution: 'Resolvido' },
    ]);
    const nowMs = Date.parse('2026-03-20T02:00:00-03:00');
    world.sandbox.clock.set(nowMs);
    const report = await service.service.sweep('full', { nowMs });
    expect(report.counts.closed).toBe(1);
    expect(statusOf(world.sandbox, lapsed)).toBe(STATUS.closed);
    expect(outside).toEqual([]);
  });
});
