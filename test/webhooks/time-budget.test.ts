import { afterEach, describe, expect, it, jest } from '@jest/globals';
import request from 'supertest';
import {
  createWebhookApp,
  createWebhookReceiver,
  WEBHOOK_PATH,
  type ProcessResult,
} from '../../src/webhooks/index.ts';
import { captureLog, silentLogger } from '../support/log-capture.ts';
import { commentCreatedBody, deferred, SECRET, signedHeaders, stubProcessor } from './support.ts';

const raw = JSON.stringify(commentCreatedBody());
const headers = (identifier: string, retry = 0) =>
  signedHeaders(raw, {
    'x-atlassian-webhook-identifier': identifier,
    'x-atlassian-webhook-retry': String(retry),
  });

/**
 * A processor that finishes only when the test says so, behind a 1 ms budget: the first answer is
 * always 202 because the processor cannot have finished, whatever the machine's speed.
 */
function slowSetup() {
  const log = captureLog();
  const gates: Array<ReturnType<typeof deferred<ProcessResult>>> = [];
  const processor = stubProcessor({
    process: () => {
      const gate = deferred<ProcessResult>();
      gates.push(gate);
      return gate.promise;
    },
  });
  const app = createWebhookApp({
    secrets: [SECRET],
    processor,
    logger: log.logger,
    timeBudgetMs: 1,
  });
  const post = (h: Record<string, string>) => request(app).post(WEBHOOK_PATH).set(h).send(raw);
  return { app, processor, gates, log, post };
}

describe('the time budget', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('answers 202 past the budget and finishes the delivery in the background', async () => {
    const { app, processor, gates, log, post } = slowSetup();
    const res = await post(headers('slow-1'));
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ outcome: 'processing' });
    expect(app.receiver.inFlight).toBe(1);

    gates[0]?.resolve({ outcome: 'acted', actions: ['transition'], reason: 'customer replied' });
    await app.receiver.drain();

    expect(app.receiver.inFlight).toBe(0);
    expect(app.receiver.dedupe.state('slow-1')).toBe('done');
    expect(log.records()).toContainEqual(
      expect.objectContaining({
        delivery: 'slow-1',
        background: true,
        status: 200,
        outcome: 'acted',
        reason: 'customer replied',
      }),
    );
    expect((await post(headers('slow-1', 1))).body).toEqual({ duplicate: true });
    expect(processor.calls).toHaveLength(1);
  });

  it('reports a 202 as processing, then the final outcome as a background one', async () => {
    const reports: unknown[] = [];
    const gate = deferred<ProcessResult>();
    const app = createWebhookApp({
      secrets: [SECRET],
      processor: stubProcessor({ process: () => gate.promise }),
      logger: silentLogger(),
      timeBudgetMs: 1,
      onOutcome: (event, outcome, details) => reports.push({ event, outcome, ...details }),
    });
    const res = await request(app).post(WEBHOOK_PATH).set(headers('slow-5')).send(raw);
    expect(res.status).toBe(202);
    gate.resolve({ outcome: 'no-action', reason: 'not pending' });
    await app.receiver.drain();
    // Each report names the delivery's issue; the final one carries the processor's reason.
    expect(reports).toEqual([
      {
        event: 'comment_created',
        outcome: 'processing',
        status: 202,
        background: false,
        issue: 'SUP-42',
      },
      {
        event: 'comment_created',
        outcome: 'no-action',
        status: 200,
        background: true,
        issue: 'SUP-42',
        reason: 'not pending',
      },
    ]);
  });

  it('answers a replay that arrives while the first delivery is still processing as a duplicate', async () => {
    const { app, processor, gates, post } = slowSetup();
    expect((await post(headers('slow-2'))).status).toBe(202);
    const replay = await post(headers('slow-2', 1));
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual({ duplicate: true });
    expect(processor.calls).toHaveLength(1);
    gates[0]?.resolve({ outcome: 'no-action', reason: 'not pending' });
    await app.receiver.drain();
  });

  it('forgets a delivery that ends in a transient failure in the background, so Jira retry is processed', async () => {
    const { app, processor, gates, post } = slowSetup();
    expect((await post(headers('slow-3'))).status).toBe(202);
    gates[0]?.resolve({ outcome: 'transient-failure', reason: 'Jira answered 503' });
    await app.receiver.drain();
    expect(app.receiver.dedupe.state('slow-3')).toBeUndefined();

    expect((await post(headers('slow-3', 1))).status).toBe(202);
    expect(processor.calls).toHaveLength(2);
    gates[1]?.resolve({ outcome: 'acted', actions: ['transition'], reason: 'customer replied' });
    await app.receiver.drain();
    expect(app.receiver.dedupe.state('slow-3')).toBe('done');
  });

  it('logs a background failure, forgets the delivery and leaves no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { app, gates, log, post } = slowSetup();
      expect((await post(headers('slow-4'))).status).toBe(202);
      gates[0]?.reject(new Error('connect ECONNREFUSED'));
      await app.receiver.drain();
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
      expect(app.receiver.dedupe.state('slow-4')).toBeUndefined();
      expect(log.records()).toContainEqual(
        expect.objectContaining({
          level: 50,
          delivery: 'slow-4',
          err: expect.objectContaining({ message: 'connect ECONNREFUSED' }),
        }),
      );
      expect(log.records()).toContainEqual(
        expect.objectContaining({ delivery: 'slow-4', background: true, status: 503 }),
      );
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('is 5 seconds by default: a processor finishing just inside it gets its 200', async () => {
    jest.useFakeTimers();
    const gate = deferred<ProcessResult>();
    const receiver = createWebhookReceiver({
      secrets: [SECRET],
      processor: stubProcessor({ process: () => gate.promise }),
      logger: silentLogger(),
    });
    expect(receiver.timeBudgetMs).toBe(5000);
    const answer = receiver.receive({ headers: headers('fake-1'), body: Buffer.from(raw) });
    await jest.advanceTimersByTimeAsync(4999);
    gate.resolve({ outcome: 'no-action', reason: 'not pending' });
    expect((await answer).status).toBe(200);
  });

  it('is 5 seconds by default: past it the answer is 202', async () => {
    jest.useFakeTimers();
    const gate = deferred<ProcessResult>();
    const receiver = createWebhookReceiver({
      secrets: [SECRET],
      processor: stubProcessor({ process: () => gate.promise }),
      logger: silentLogger(),
    });
    const answer = receiver.receive({ headers: headers('fake-2'), body: Buffer.from(raw) });
    await jest.advanceTimersByTimeAsync(5000);
    expect((await answer).status).toBe(202);
    gate.resolve({ outcome: 'acted', actions: [], reason: 'late' });
    await receiver.drain();
    expect(receiver.dedupe.state('fake-2')).toBe('done');
  });
});
