/**
 * A slow-body flood against a real service instance over HTTP, with the default body limits
 * (1 MiB a body, 4 MiB of unauthenticated bodies being read at once) and a short body timeout:
 * 150 unsigned clients each announce a body just under the limit, send all of it but the last
 * byte, and hold it. Before the cap, the service buffered all 150 (issue 13: 1.1 GiB of RSS with
 * 5 MiB bodies). Now it reads four, answers the rest 503 with Retry-After at once, answers /healthz
 * throughout, times the four out and gives their bytes back, and then processes a real delivery.
 *
 * Memory is asserted as the Buffer memory of this process (the service runs in it): jest's own
 * heap makes RSS meaningless here. bench/memory.ts measures the service's peak RSS in a child.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { WEBHOOK_PATH } from '../../src/webhooks/index.ts';
import { eventually } from '../support/poll.ts';
import { rawClient, type RawAnswer, type RawClient } from '../support/raw-http.ts';
import {
  ANALYST,
  arrangeIssue,
  CUSTOMER,
  settle,
  startSandbox,
  startService,
  STATUS,
  statusOf,
  type ReliabilityWorld,
  type ServiceInstance,
} from './support.ts';

const MIB = 1024 * 1024;
const CLIENTS = 150;
const BODY_TIMEOUT_MS = 3_000;
/** Just under the default WEBHOOK_MAX_BODY_BYTES: the largest body the service will read. */
const LENGTH = MIB - 1;

let world: ReliabilityWorld;
let instance: ServiceInstance;

beforeAll(async () => {
  world = await startSandbox();
  instance = await startService(world.jiraUrl, {
    env: { WEBHOOK_BODY_TIMEOUT_MS: String(BODY_TIMEOUT_MS) },
  });
});

afterAll(async () => {
  await instance.stop();
  await world.close();
});

describe('150 slow unsigned clients holding bodies of 1 MiB open', () => {
  it('are read four at a time, the rest answered 503 at once; /healthz answers, the bytes come back, and real deliveries go on', async () => {
    const port = Number(new URL(instance.url).port);
    const { bodies } = instance.service.webhooks;
    const held = Buffer.alloc(LENGTH - 1, 'a');
    const buffersBefore = process.memoryUsage().arrayBuffers;
    let peakPending = 0;
    let peakBuffers = 0;
    const sampler = setInterval(() => {
      peakPending = Math.max(peakPending, bodies.pendingBytes);
      peakBuffers = Math.max(peakBuffers, process.memoryUsage().arrayBuffers - buffersBefore);
    }, 5);

    const clients: RawClient[] = [];
    const answers: Array<RawAnswer | undefined> = [];
    for (let i = 0; i < CLIENTS; i++) {
      const client = rawClient(
        port,
        {
          path: WEBHOOK_PATH,
          headers: { 'content-type': 'application/json', 'content-length': String(LENGTH) },
        },
        held,
      );
      clients.push(client);
      void client.answer.then((answer) => (answers[i] = answer));
    }
    try {
      // Four bodies fit under the 4 MiB cap; every other client is refused without being read.
      await eventually(() => answers.filter((a) => a?.status === 503).length === CLIENTS - 4, {
        what: `${CLIENTS - 4} answers of 503`,
        timeoutMs: 5_000,
      });
      const busy = answers.filter((a) => a?.status === 503);
      expect(new Set(busy.map((a) => a!.headers['retry-after']))).toEqual(new Set(['3']));
      expect(bodies.pendingBytes).toBe(4 * LENGTH);

      // /healthz answers while the four are held open.
      for (let i = 0; i < 5; i++) {
        const started = Date.now();
        await request(instance.url).get('/healthz').expect(200);
        expect(Date.now() - started).toBeLessThan(1_000);
      }

      // The four are timed out (408) and give their bytes back.
      await eventually(() => answers.filter((a) => a?.status === 408).length === 4, {
        what: 'the four held bodies to time out',
        timeoutMs: BODY_TIMEOUT_MS + 3_000,
      });
      expect(bodies.pendingBytes).toBe(0);
      await Promise.all(clients.map((client) => client.closed));
    } finally {
      clearInterval(sampler);
      for (const client of clients) client.socket.destroy();
    }
    expect(peakPending).toBeLessThanOrEqual(4 * MIB);
    // Buffering 150 bodies would be 150 MiB. Measured: 23 MB, the four bodies read plus what
    // node:http had read of each refused request before the answer (two 64 KiB socket reads).
    expect(peakBuffers).toBeLessThan(48 * MIB);
    expect(instance.log.find((r) => r.outcome === 'busy')).toHaveLength(CLIENTS - 4);
    expect(instance.log.find((r) => r.outcome === 'body-timeout')).toHaveLength(4);

    // A real customer reply, signed by the sandbox, is processed after the flood.
    const { sandbox } = world;
    const key = arrangeIssue(sandbox, [
      { status: STATUS.analysts, at: '2026-03-09T09:00:00-03:00' },
      { status: STATUS.pending, at: '2026-03-10T10:00:00-03:00', by: ANALYST },
    ]);
    sandbox.store.addComment(key, { body: 'Segue o print.' }, { by: CUSTOMER });
    await settle(sandbox, [instance.service]);
    expect(statusOf(sandbox, key)).toBe(STATUS.analysts);
  }, 30_000);
});
