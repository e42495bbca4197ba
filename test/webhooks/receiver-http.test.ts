import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { connect, type AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import {
  createWebhookApp,
  createWebhookReceiver,
  signBody,
  UNAUTHORIZED_BODY,
  WEBHOOK_PATH,
  type WebhookReceiverOptions,
} from '../../src/webhooks/index.ts';
import { captureLog, silentLogger } from '../support/log-capture.ts';
import {
  commentCreatedBody,
  OLD_SECRET,
  SECRET,
  signedHeaders,
  stubProcessor,
  type StubProcessor,
} from './support.ts';

function setup(
  processor: StubProcessor = stubProcessor(),
  overrides: Partial<WebhookReceiverOptions> = {},
) {
  const app = createWebhookApp({
    secrets: [SECRET, OLD_SECRET],
    processor,
    logger: silentLogger(),
    ...overrides,
  });
  const post = (raw: string, headers: Record<string, string>) => {
    const req = request(app).post(WEBHOOK_PATH);
    for (const [name, value] of Object.entries(headers)) req.set(name, value);
    return req.send(raw);
  };
  return { app, processor, post };
}

const raw = JSON.stringify(commentCreatedBody());

describe('the webhook receiver refuses unauthenticated deliveries with 401', () => {
  const cases: Array<[string, string, Record<string, string>]> = [
    ['no signature at all', raw, { 'content-type': 'application/json' }],
    ['a signature made with another secret', raw, signedHeaders(raw, {}, 'not-the-secret')],
    [
      'a body altered after signing',
      raw.replace('Segue', 'Sigo'),
      { 'content-type': 'application/json', 'x-hub-signature': signBody(raw, SECRET) },
    ],
    [
      'a malformed header',
      raw,
      { 'content-type': 'application/json', 'x-hub-signature': 'sha256=zz' },
    ],
    [
      'a header without a method',
      raw,
      { 'content-type': 'application/json', 'x-hub-signature': signBody(raw, SECRET).slice(7) },
    ],
    [
      'an unknown method prefix with a digest that method would accept',
      raw,
      {
        'content-type': 'application/json',
        'x-hub-signature': `sha1=${createHmac('sha1', SECRET).update(raw).digest('hex')}`,
      },
    ],
  ];

  it.each(cases)(
    '%s gets the same 401 and never reaches the processor',
    async (_name, body, headers) => {
      const { post, processor } = setup();
      const res = await post(body, headers);
      expect(res.status).toBe(401);
      expect(res.body).toEqual(UNAUTHORIZED_BODY);
      expect(processor.calls).toHaveLength(0);
      expect(processor.screened).toHaveLength(0);
    },
  );

  it('logs a warning that says what to check, without the secret or the signature', async () => {
    const log = captureLog();
    const { post } = setup(stubProcessor(), { logger: log.logger });
    const wrong = signBody(raw, 'not-the-secret');
    await post(raw, { 'content-type': 'application/json', 'x-hub-signature': wrong });
    const [line] = log.records();
    expect(line).toEqual(
      expect.objectContaining({
        level: 40,
        status: 401,
        outcome: 'unauthorized',
        reason: 'signature mismatch',
        msg: 'webhook delivery rejected: check that the webhook secret in Jira matches WEBHOOK_SECRETS',
      }),
    );
    expect(log.lines.join('\n')).not.toContain(wrong.slice(7));
    expect(log.lines.join('\n')).not.toContain(SECRET);
  });
});

describe('the webhook receiver authenticates', () => {
  it('a delivery signed with the rotated-out secret during rotation', async () => {
    const { post, processor } = setup();
    const res = await post(raw, signedHeaders(raw, {}, OLD_SECRET));
    expect(res.status).toBe(200);
    expect(processor.calls[0]?.via).toBe('signature');
  });

  it('an Automation web request carrying the configured shared token, and no signature', async () => {
    const { post, processor } = setup(stubProcessor(), {
      sharedToken: { header: 'X-Automation-Token', token: 'shared-token-77' },
    });
    const res = await post(raw, {
      'content-type': 'application/json',
      'x-automation-token': 'shared-token-77',
    });
    expect(res.status).toBe(200);
    expect(processor.calls[0]?.via).toBe('token');
  });

  it('not an Automation web request with a wrong shared token', async () => {
    const { post, processor } = setup(stubProcessor(), {
      sharedToken: { header: 'x-automation-token', token: 'shared-token-77' },
    });
    const res = await post(raw, {
      'content-type': 'application/json',
      'x-automation-token': 'shared-token-78',
    });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(UNAUTHORIZED_BODY);
    expect(processor.calls).toHaveLength(0);
  });

  it('not a token header alone when no shared token is configured', async () => {
    const { post, processor } = setup();
    const res = await post(raw, {
      'content-type': 'application/json',
      'x-automation-token': 'anything',
    });
    expect(res.status).toBe(401);
    expect(processor.calls).toHaveLength(0);
  });

  it('only with a secret or a token configured: the receiver refuses to start otherwise', () => {
    const base = { processor: stubProcessor(), logger: silentLogger() };
    expect(() => createWebhookReceiver({ ...base, secrets: [] })).toThrow(/never accepted/);
    expect(() => createWebhookReceiver({ ...base, secrets: [''] })).toThrow(/never accepted/);
    expect(() =>
      createWebhookReceiver({ ...base, secrets: [], sharedToken: { header: 'x-t', token: '' } }),
    ).toThrow(TypeError);
  });
});

describe('the webhook receiver checks the body before verifying it', () => {
  it('answers 413 to a body over the configured limit, without processing it', async () => {
    const { post, processor } = setup(stubProcessor(), { maxBodyBytes: 1024 });
    const big = JSON.stringify(commentCreatedBody({ body: 'x'.repeat(2048) }));
    const res = await post(big, signedHeaders(big));
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: 'body larger than 1024 bytes' });
    expect(processor.calls).toHaveLength(0);
    const fits = await post(raw, signedHeaders(raw));
    expect(fits.status).toBe(200);
  });

  it('answers 415 to text/plain, even when correctly signed', async () => {
    const { post, processor } = setup();
    const res = await post(raw, signedHeaders(raw, { 'content-type': 'text/plain' }));
    expect(res.status).toBe(415);
    expect(processor.calls).toHaveLength(0);
  });

  it('answers 415 when the content type is missing', async () => {
    const { app, processor } = setup();
    const res = await request(app)
      .post(WEBHOOK_PATH)
      .set('x-hub-signature', signBody(raw, SECRET))
      .send(Buffer.from(raw));
    expect(res.status).toBe(415);
    expect(processor.calls).toHaveLength(0);
  });

  it('accepts application/json with a UTF-8 charset, and refuses another charset', async () => {
    const { post } = setup();
    const utf8 = await post(
      raw,
      signedHeaders(raw, { 'content-type': 'application/json; charset=UTF-8' }),
    );
    expect(utf8.status).toBe(200);
    const latin1 = await post(
      raw,
      signedHeaders(raw, { 'content-type': 'application/json; charset=iso-8859-1' }),
    );
    expect(latin1.status).toBe(415);
  });

  it('answers 415 to a compressed body, whose signature would not cover what it reads', async () => {
    // Over a raw socket: superagent and nock's interceptor (test/setup) stall on gzip requests.
    const { app, processor } = setup();
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as AddressInfo;
      const gzipped = gzipSync(raw);
      const head = Object.entries({
        host: '127.0.0.1',
        connection: 'close',
        'content-length': String(gzipped.length),
        ...signedHeaders(raw, { 'content-encoding': 'gzip' }),
      }).map(([name, value]) => `${name}: ${value}\r\n`);
      const answer = await rawExchange(
        port,
        Buffer.concat([
          Buffer.from(`POST ${WEBHOOK_PATH} HTTP/1.1\r\n${head.join('')}\r\n`),
          gzipped,
        ]),
      );
      expect(answer).toMatch(/^HTTP\/1\.1 415 /);
      expect(processor.calls).toHaveLength(0);
    } finally {
      server.close();
    }
  });

  it('answers 405 to anything but POST on the webhook path', async () => {
    const { app } = setup();
    const res = await request(app).get(WEBHOOK_PATH);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
  });
});

/**
 * One request over a raw socket, the answer as text. The server may answer and close before it
 * has read the whole body, which can reset the connection: a socket error is handled, never left
 * to crash the test process, and a reset before any answer is retried.
 */
async function rawExchange(port: number, request: Buffer): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await new Promise<string>((resolve, reject) => {
        const chunks: Buffer[] = [];
        const socket = connect(port, '127.0.0.1');
        socket.on('data', (chunk: Buffer) => chunks.push(chunk));
        socket.on('error', (error) =>
          chunks.length > 0 ? resolve(Buffer.concat(chunks).toString('latin1')) : reject(error),
        );
        socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
        socket.end(request);
      });
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

describe('the webhook receiver parses and validates after verifying', () => {
  it('answers 400 to malformed JSON with a valid signature', async () => {
    const { post, processor } = setup();
    const broken = '{"webhookEvent": "comment_created",';
    const res = await post(broken, signedHeaders(broken));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'malformed JSON' });
    expect(processor.calls).toHaveLength(0);
  });

  it('answers 400 naming the path when a comment_created has no issue.key', async () => {
    const body = commentCreatedBody();
    delete (body.issue as Record<string, unknown>).key;
    const text = JSON.stringify(body);
    const { post, processor } = setup();
    const res = await post(text, signedHeaders(text));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: 'invalid comment_created payload: issue.key: required (string)',
    });
    expect(processor.screened).toHaveLength(0);
  });

  it('answers 400 to a body without webhookEvent', async () => {
    const text = JSON.stringify({ timestamp: 1 });
    const { post } = setup();
    const res = await post(text, signedHeaders(text));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/^webhookEvent/);
  });

  it.each(['comment_deleted', 'comment_updated', 'jira:issue_created', 'worklog_created'])(
    'answers 204 to %s, an event the service does not handle',
    async (event) => {
      const text = JSON.stringify({ ...commentCreatedBody(), webhookEvent: event });
      const { post, processor } = setup();
      const res = await post(text, signedHeaders(text));
      expect(res.status).toBe(204);
      expect(processor.screened).toHaveLength(0);
      expect(processor.calls).toHaveLength(0);
    },
  );

  it('answers 204 to a project the processor screens out, logging why at debug', async () => {
    const log = captureLog();
    const processor = stubProcessor({
      screen: (payload) =>
        payload.issue.projectKey === 'SUP'
          ? { screened: 'SUP' }
          : { ignore: `project ${payload.issue.projectKey} is not configured` },
    });
    const { post } = setup(processor, { logger: log.logger });
    const text = JSON.stringify(commentCreatedBody({ projectKey: 'OTHER' }));
    const res = await post(text, signedHeaders(text));
    expect(res.status).toBe(204);
    expect(processor.calls).toHaveLength(0);
    expect(log.records()).toContainEqual(
      expect.objectContaining({
        level: 20,
        reason: 'project OTHER is not configured',
        issue: 'OTHER-42',
      }),
    );
  });
});

describe('the webhook receiver processes each delivery once', () => {
  it('hands process() what screening found, screening each delivery once', async () => {
    const found = { project: 'SUP', note: 'looked up once' };
    const processor = stubProcessor({ screen: () => ({ screened: found }) });
    const { post } = setup(processor);
    const res = await post(raw, signedHeaders(raw));
    expect(res.status).toBe(200);
    expect(processor.screened).toHaveLength(1);
    expect(processor.screenedValues).toEqual([found]);
    expect(processor.screenedValues[0]).toBe(found);
  });

  it.each([
    [
      'throws',
      () => {
        throw new Error('screen broke');
      },
    ],
    ['answers neither ignore nor screened', () => ({}) as never],
  ])('answers 503 without processing when screening %s', async (_what, screen) => {
    const log = captureLog();
    const processor = stubProcessor({ screen });
    const { post } = setup(processor, { logger: log.logger });
    const res = await post(raw, signedHeaders(raw));
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ outcome: 'transient-failure', reason: 'internal error' });
    expect(processor.calls).toHaveLength(0);
    expect(log.records()).toContainEqual(
      expect.objectContaining({ level: 50, msg: 'screening the delivery failed' }),
    );
  });

  it('answers 200 with the outcome, and hands the processor the identifier, retry and payload', async () => {
    const { post, processor } = setup();
    const res = await post(
      raw,
      signedHeaders(raw, {
        'x-atlassian-webhook-identifier': 'delivery-1',
        'x-atlassian-webhook-retry': '2',
      }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ outcome: 'acted', reason: 'customer replied' });
    expect(processor.calls).toHaveLength(1);
    expect(processor.calls[0]).toEqual(
      expect.objectContaining({
        identifier: 'delivery-1',
        retry: 2,
        via: 'signature',
        payload: expect.objectContaining({ webhookEvent: 'comment_created' }),
      }),
    );
  });

  it('answers a replayed identifier 200 duplicate without processing it again', async () => {
    const { post, processor } = setup();
    const headers = signedHeaders(raw, { 'x-atlassian-webhook-identifier': 'delivery-2' });
    expect((await post(raw, headers)).status).toBe(200);
    const again = await post(raw, { ...headers, 'x-atlassian-webhook-retry': '1' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ duplicate: true });
    expect(processor.calls).toHaveLength(1);
  });

  it('dedupes exact replays of a delivery without an identifier by its body', async () => {
    const { post, processor } = setup();
    expect((await post(raw, signedHeaders(raw))).status).toBe(200);
    expect((await post(raw, signedHeaders(raw))).body).toEqual({ duplicate: true });
    const other = JSON.stringify(commentCreatedBody({ commentId: '10101' }));
    expect((await post(other, signedHeaders(other))).body.outcome).toBe('acted');
    expect(processor.calls).toHaveLength(2);
    expect(processor.calls[0]?.identifier).toMatch(/^body-sha256:[0-9a-f]{64}$/);
    expect(processor.calls[0]?.retry).toBe(0);
  });

  it('answers 200 to a permanent failure, so that Jira stops retrying it', async () => {
    const processor = stubProcessor({
      process: () => ({ outcome: 'failed', reason: 'no transition to Em Atendimento' }),
    });
    const { post } = setup(processor);
    const res = await post(raw, signedHeaders(raw));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ outcome: 'failed', reason: 'no transition to Em Atendimento' });
  });

  it('answers 503 to a transient Jira failure, and processes Jira retry of the same delivery', async () => {
    let attempts = 0;
    const processor = stubProcessor({
      process: () =>
        ++attempts === 1
          ? { outcome: 'transient-failure', reason: 'Jira answered 429' }
          : { outcome: 'no-action', reason: 'issue no longer pending' },
    });
    const { post, app } = setup(processor);
    const first = await post(
      raw,
      signedHeaders(raw, { 'x-atlassian-webhook-identifier': 'delivery-3' }),
    );
    expect(first.status).toBe(503);
    expect(first.body).toEqual({ outcome: 'transient-failure', reason: 'Jira answered 429' });
    expect(app.receiver.dedupe.state('delivery-3')).toBeUndefined();
    const retry = await post(
      raw,
      signedHeaders(raw, {
        'x-atlassian-webhook-identifier': 'delivery-3',
        'x-atlassian-webhook-retry': '1',
      }),
    );
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual({ outcome: 'no-action', reason: 'issue no longer pending' });
    expect(processor.calls.map((d) => d.retry)).toEqual([0, 1]);
  });

  it('treats a processor that throws as transient: 503, logged, and the retry is processed', async () => {
    const log = captureLog();
    let attempts = 0;
    const processor = stubProcessor({
      process: () => {
        if (++attempts === 1) throw new Error('socket hang up');
        return { outcome: 'acted', actions: ['transition'], reason: 'customer replied' };
      },
    });
    const { post } = setup(processor, { logger: log.logger });
    const headers = signedHeaders(raw, { 'x-atlassian-webhook-identifier': 'delivery-4' });
    const first = await post(raw, headers);
    expect(first.status).toBe(503);
    expect(first.body).toEqual({ outcome: 'transient-failure', reason: 'internal error' });
    expect(log.records()).toContainEqual(
      expect.objectContaining({
        level: 50,
        delivery: 'delivery-4',
        err: expect.objectContaining({ message: 'socket hang up' }),
      }),
    );
    expect((await post(raw, headers)).status).toBe(200);
    expect(processor.calls).toHaveLength(2);
  });

  it('answers 503 when the processor returns something that is not a result', async () => {
    const processor = stubProcessor({ process: () => ({}) as never });
    const { post } = setup(processor);
    expect((await post(raw, signedHeaders(raw))).status).toBe(503);
  });

  it('logs one line per delivery with the delivery id, event, issue, retry, status and outcome', async () => {
    const log = captureLog();
    const { post } = setup(stubProcessor(), { logger: log.logger });
    await post(
      raw,
      signedHeaders(raw, {
        'x-atlassian-webhook-identifier': 'delivery-5',
        'x-atlassian-webhook-retry': '3',
      }),
    );
    const summaries = log.records().filter((r) => r.msg === 'webhook delivery');
    expect(summaries).toEqual([
      expect.objectContaining({
        level: 30,
        delivery: 'delivery-5',
        event: 'comment_created',
        issue: 'SUP-42',
        retry: 3,
        status: 200,
        outcome: 'acted',
      }),
    ]);
  });
});

describe('outcome reports for metrics', () => {
  it('report every answer with its event and outcome, and survive a failing callback', async () => {
    const reports: unknown[] = [];
    const { post } = setup(stubProcessor(), {
      onOutcome: (event, outcome, details) => {
        reports.push([event, outcome, details.status]);
        if (outcome === 'acted') throw new Error('metrics registry is broken');
      },
    });
    const deleted = JSON.stringify({ ...commentCreatedBody(), webhookEvent: 'comment_deleted' });
    await post(raw, { 'content-type': 'application/json' });
    await post(deleted, signedHeaders(deleted));
    expect((await post(raw, signedHeaders(raw))).status).toBe(200);
    expect(reports).toEqual([
      [undefined, 'unauthorized', 401],
      ['comment_deleted', 'unhandled-event', 204],
      ['comment_created', 'acted', 200],
    ]);
  });
});

describe('receive() without HTTP', () => {
  it('gives the same answers, for tests and benchmarks of the logic', async () => {
    const processor = stubProcessor();
    const receiver = createWebhookReceiver({
      secrets: [SECRET],
      processor,
      logger: silentLogger(),
    });
    const response = await receiver.receive({
      headers: signedHeaders(raw, { 'x-atlassian-webhook-identifier': 'direct-1' }),
      body: Buffer.from(raw),
    });
    expect(response).toEqual({
      status: 200,
      body: { outcome: 'acted', reason: 'customer replied' },
      outcome: 'acted',
    });
    const unsigned = await receiver.receive({
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(raw),
    });
    expect(unsigned.status).toBe(401);
    expect(processor.calls).toHaveLength(1);
  });
});
