/**
 * The body limits of the receiver's HTTP side, over real sockets on loopback: what is refused
 * before the body is read, the cap on the bytes of unauthenticated bodies being read at once, and
 * the timeout for slow bodies. The clients write by hand (test/support/raw-http.ts) because they
 * hold their bodies back.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  createWebhookApp,
  createWebhookReceiver,
  WEBHOOK_PATH,
  type WebhookApp,
  type WebhookReceiverOptions,
} from '../../src/webhooks/index.ts';
import { captureLog, type LogCapture } from '../support/log-capture.ts';
import { eventually } from '../support/poll.ts';
import { answerWithin, rawClient, type RawClient } from '../support/raw-http.ts';
import {
  commentCreatedBody,
  SECRET,
  signedHeaders,
  stubProcessor,
  type StubProcessor,
} from './support.ts';

const KIB = 1024;
const TOKEN = 'automation-token-for-body-limits';
const raw = Buffer.from(JSON.stringify(commentCreatedBody()));

interface Harness {
  app: WebhookApp;
  port: number;
  processor: StubProcessor;
  log: LogCapture;
  client(headers: Record<string, string>, body?: Buffer | string): RawClient;
}

const servers: Server[] = [];
const clients: RawClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.socket.destroy();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  }
});

async function start(overrides: Partial<WebhookReceiverOptions> = {}): Promise<Harness> {
  const log = captureLog();
  const processor = stubProcessor();
  const app = createWebhookApp({
    secrets: [SECRET],
    sharedToken: { header: 'x-automation-token', token: TOKEN },
    processor,
    logger: log.logger,
    ...overrides,
  });
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    app,
    port,
    processor,
    log,
    client(headers, body) {
      const client = rawClient(port, { path: WEBHOOK_PATH, headers }, body);
      clients.push(client);
      return client;
    },
  };
}

/** The head of an unsigned JSON request announcing `length` bytes. */
const unsigned = (length: number) => ({
  'content-type': 'application/json',
  'content-length': String(length),
});

describe('a Content-Length over the limit', () => {
  it('is answered 413 from the headers alone, and the connection closed, before any byte of the body is sent', async () => {
    const { client, processor, log } = await start({ maxBodyBytes: 64 * KIB });
    // 25 MB announced, nothing sent: the answer cannot wait for the body.
    const big = client({ ...signedHeaders(raw), 'content-length': String(25_000_000) });
    const answer = await answerWithin(big, 2_000, 'the 413 to a 25 MB Content-Length');
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({ error: `body larger than ${64 * KIB} bytes` });
    expect(answer.headers.connection).toBe('close');
    await big.closed;
    expect(processor.calls).toHaveLength(0);
    expect(log.find((r) => r.outcome === 'too-large')).toHaveLength(1);
  });

  it('is refused even with a valid shared token, and a body at the limit is read', async () => {
    const { client } = await start({ maxBodyBytes: raw.length });
    const over = client({
      'content-type': 'application/json',
      'x-automation-token': TOKEN,
      'content-length': String(raw.length + 1),
    });
    expect((await answerWithin(over, 2_000, 'the 413')).status).toBe(413);
    const fits = client({ ...signedHeaders(raw), 'content-length': String(raw.length) }, raw);
    expect((await answerWithin(fits, 2_000, 'the delivery at the limit')).status).toBe(200);
  });
});

describe('the cap on unauthenticated bodies being read at once', () => {
  const limits = { maxBodyBytes: 64 * KIB, maxPendingBodyBytes: 128 * KIB, bodyTimeoutMs: 30_000 };

  /** Two unsigned clients that announce 64 KiB and send all of it but the last byte. */
  async function fillTheCap(harness: Harness): Promise<RawClient[]> {
    const holders = [0, 1].map(() =>
      harness.client(unsigned(64 * KIB), Buffer.alloc(64 * KIB - 1, 'a')),
    );
    await eventually(() => harness.app.bodies.pendingBytes === 128 * KIB, {
      what: 'both bodies to be reserved',
    });
    return holders;
  }

  it('answers new requests 503 with Retry-After while others hold bodies open, without reading them', async () => {
    const harness = await start(limits);
    await fillTheCap(harness);
    const signed = harness.client(
      { ...signedHeaders(raw), 'content-length': String(raw.length) },
      raw,
    );
    const answer = await answerWithin(signed, 2_000, 'the 503 to a delivery past the cap');
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('30');
    expect(answer.headers.connection).toBe('close');
    expect(JSON.parse(answer.body)).toEqual({
      outcome: 'transient-failure',
      reason: 'too many webhook bodies being read',
    });
    // A chunked body reserves its bytes as they come: the first chunk finds the cap full.
    const chunked = harness.client(
      { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      `10\r\n${'b'.repeat(16)}\r\n`,
    );
    expect((await answerWithin(chunked, 2_000, 'the 503 to a chunked body')).status).toBe(503);
    expect(harness.app.bodies.pendingBytes).toBe(128 * KIB);
    expect(harness.processor.calls).toHaveLength(0);
    expect(harness.log.find((r) => r.outcome === 'busy')).toHaveLength(2);
  });

  it('lets a body with the valid shared token past the cap: it is authenticated before it is read', async () => {
    const harness = await start(limits);
    await fillTheCap(harness);
    const withToken = harness.client({ ...unsigned(raw.length), 'x-automation-token': TOKEN }, raw);
    expect((await answerWithin(withToken, 2_000, 'the token delivery')).status).toBe(200);
    expect(harness.processor.calls[0]?.via).toBe('token');
    const wrongToken = harness.client(
      { ...unsigned(raw.length), 'x-automation-token': `${TOKEN}x` },
      raw,
    );
    expect((await answerWithin(wrongToken, 2_000, 'the wrong token')).status).toBe(503);
  });

  it('gives the bytes back when a body ends or its client goes away, and then takes new ones', async () => {
    const harness = await start(limits);
    const [ends, leaves] = await fillTheCap(harness);
    ends!.write('a');
    expect((await answerWithin(ends!, 2_000, 'the completed unsigned body')).status).toBe(401);
    expect(harness.app.bodies.pendingBytes).toBe(64 * KIB);
    leaves!.socket.destroy();
    await eventually(() => harness.app.bodies.pendingBytes === 0, {
      what: 'the aborted body to be released',
    });
    expect(harness.log.find((r) => r.reason === 'request.aborted')).toHaveLength(1);
    const next = harness.client(
      { ...signedHeaders(raw), 'content-length': String(raw.length) },
      raw,
    );
    expect((await answerWithin(next, 2_000, 'a delivery after the release')).status).toBe(200);
    expect(harness.app.bodies.pendingBytes).toBe(0);
  });
});

describe('a slow body', () => {
  it('is answered 408 after the body timeout, its connection closed and its bytes released', async () => {
    const harness = await start({ bodyTimeoutMs: 300 });
    const started = Date.now();
    const slow = harness.client(unsigned(raw.length), raw.subarray(0, 100));
    const chunked = harness.client(
      { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      `5\r\n{"a":\r\n`,
    );
    await eventually(() => harness.app.bodies.pendingBytes === raw.length + 5, {
      what: 'both slow bodies to be reserved',
    });
    for (const client of [slow, chunked]) {
      const answer = await answerWithin(client, 2_000, 'the 408');
      expect(answer.status).toBe(408);
      expect(JSON.parse(answer.body)).toEqual({ error: 'body not received within 300 ms' });
      await client.closed;
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(harness.app.bodies.pendingBytes).toBe(0);
    expect(harness.log.find((r) => r.outcome === 'body-timeout')).toHaveLength(2);
    expect(harness.processor.calls).toHaveLength(0);
  });

  it('is timed out by its whole duration, not by the pause between bytes', async () => {
    const harness = await start({ bodyTimeoutMs: 400 });
    const trickle = harness.client(unsigned(raw.length), raw.subarray(0, 10));
    let sent = 10;
    const timer = setInterval(() => trickle.write(raw.subarray(sent, ++sent)), 50);
    try {
      expect((await answerWithin(trickle, 2_000, 'the 408 to a trickle')).status).toBe(408);
    } finally {
      clearInterval(timer);
    }
  });
});

describe('the limits are checked when the receiver is built', () => {
  const base = { secrets: ['s'], processor: stubProcessor(), logger: captureLog().logger };

  it('refuses a cap smaller than the largest body, which could never be read', () => {
    expect(() =>
      createWebhookReceiver({ ...base, maxBodyBytes: 2 * KIB, maxPendingBodyBytes: KIB }),
    ).toThrow(/maxPendingBodyBytes \(1024\) must be at least maxBodyBytes \(2048\)/);
    expect(() => createWebhookReceiver({ ...base, bodyTimeoutMs: 0 })).toThrow(RangeError);
  });

  it('defaults to 1 MiB bodies, 4 MiB being read at once and 10 s per body', () => {
    const receiver = createWebhookReceiver(base);
    expect(receiver.maxBodyBytes).toBe(1024 * KIB);
    expect(receiver.maxPendingBodyBytes).toBe(4 * 1024 * KIB);
    expect(receiver.bodyTimeoutMs).toBe(10_000);
    // A larger body limit alone raises the cap with it.
    const large = createWebhookReceiver({ ...base, maxBodyBytes: 8 * 1024 * KIB });
    expect(large.maxPendingBodyBytes).toBe(8 * 1024 * KIB);
  });
});
